import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { MediaError } from "./errors";

/**
 * Watches the bytes under a directory while FFmpeg writes into it, and aborts `signal` when they pass
 * `maxBytes`. Why a watchdog and not `-fs`: FFmpeg's `-fs` limits one output file, and the HLS muxer
 * writes hundreds of segment files through its own I/O contexts, which `-fs` never sees. Checking only
 * after the run (lib/processing/upload-renditions.ts) comes too late: a hostile input could fill the
 * scratch disk first.
 *
 * Each check lists the tree (one readdir per directory: a handful) but stats only the files that may
 * still change (see `OutputSizeTally`): a 6 h ladder has ~43k segments, and re-stating every one every
 * 5 s would cost more as the job went on.
 */
export interface OutputSizeWatchdog {
  /** Aborted when the caller's signal aborts or the output grew past the cap: pass it to FFmpeg. */
  signal: AbortSignal;
  /** The limit_exceeded error when the cap was hit, else null. */
  exceeded(): MediaError | null;
  stop(): void;
}

/** The file-system calls a tally makes (node's by default; a test counts them). */
export interface TallyFileSystem {
  readdir(dir: string): Promise<{ name: string; isDirectory(): boolean; isFile(): boolean }[]>;
  stat(path: string): Promise<{ size: number }>;
}

const nodeFileSystem: TallyFileSystem = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  stat: (path) => stat(path),
};

type SeenFile = { size: number; isSettled: boolean };

/**
 * A running total of the bytes under a directory that stats only new or still-growing files.
 *
 * A file is stated when its name first appears and at every later check until its size stays the same
 * across one whole interval; from then on it is *settled* and its last size is counted without a stat.
 * FFmpeg's HLS muxer writes each segment once, start to end, and never reopens it, so every completed
 * segment settles after one interval and costs nothing afterwards: the stats per check follow the files
 * being written (a segment per rung, the proxy, the playlists), not the thousands already finished.
 * A name that disappears (a temporary playlist renamed over the old one) leaves the total.
 *
 * What it gives up: a settled file that grows again is counted at its old size. Among our outputs only
 * a playlist can do that (rewritten in place when a segment longer than the interval ends): a few dozen
 * bytes per segment, nothing a hostile input can inflate. The per-file cap that prlimit puts on every
 * FFmpeg run (lib/media/run-process.ts) still bounds any single file, and the whole tree is summed again
 * before upload.
 */
export class OutputSizeTally {
  private readonly seen = new Map<string, SeenFile>();

  constructor(
    private readonly root: string,
    private readonly fs: TallyFileSystem = nodeFileSystem,
  ) {}

  /** Lists the tree, stats what may have changed, and returns the total bytes. */
  async measure(): Promise<number> {
    const present = new Set<string>();
    await this.walk(this.root, present);
    for (const path of this.seen.keys()) if (!present.has(path)) this.seen.delete(path);
    let total = 0;
    for (const file of this.seen.values()) total += file.size;
    return total;
  }

  private async walk(dir: string, present: Set<string>): Promise<void> {
    let entries;
    try {
      entries = await this.fs.readdir(dir);
    } catch {
      return; // not created yet, or removed under us
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        await this.walk(path, present);
        continue;
      }
      if (!e.isFile()) continue;
      present.add(path);
      const known = this.seen.get(path);
      if (known?.isSettled) continue;
      const size = await this.fs.stat(path).then(
        (s) => s.size,
        () => null,
      );
      if (size === null) {
        present.delete(path); // gone between readdir and stat
        continue;
      }
      this.seen.set(path, { size, isSettled: known !== undefined && known.size === size });
    }
  }
}

export function watchOutputSize(
  dir: string,
  options: {
    maxBytes: number;
    intervalMs: number;
    signal?: AbortSignal;
    /** The setting behind `maxBytes` (e.g. WORKER_MAX_OUTPUT_BYTES), named in the error message. */
    limitName?: string;
  },
): OutputSizeWatchdog {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const tally = new OutputSizeTally(dir);
  let error: MediaError | null = null;
  let isChecking = false;
  const timer = Number.isFinite(options.maxBytes)
    ? setInterval(() => {
        if (isChecking || error) return;
        isChecking = true;
        tally
          .measure()
          .then((bytes) => {
            if (bytes <= options.maxBytes || error) return;
            error = new MediaError(
              "limit_exceeded",
              `The renditions grew past the output limit of ${options.maxBytes} bytes (${bytes} written); FFmpeg was stopped.${options.limitName ? ` (${options.limitName})` : ""}`,
            );
            controller.abort(error);
          })
          .finally(() => {
            isChecking = false;
          });
      }, options.intervalMs)
    : null;
  timer?.unref();
  return {
    signal,
    exceeded: () => error,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
