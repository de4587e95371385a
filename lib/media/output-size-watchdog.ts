import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { MediaError } from "./errors";

/**
 * Watches the bytes under a directory while FFmpeg writes into it, and aborts `signal` when they pass
 * `maxBytes`. Why a watchdog and not `-fs`: FFmpeg's `-fs` limits one output file, and the HLS muxer
 * writes hundreds of segment files through its own I/O contexts, which `-fs` never sees. Checking only
 * after the run (lib/processing/upload-renditions.ts) comes too late: a hostile input could fill the
 * scratch disk first. The check walks the tree every `intervalMs` (a few thousand stat calls for a long
 * ladder: milliseconds).
 */
export interface OutputSizeWatchdog {
  /** Aborted when the caller's signal aborts or the output grew past the cap: pass it to FFmpeg. */
  signal: AbortSignal;
  /** The limit_exceeded error when the cap was hit, else null. */
  exceeded(): MediaError | null;
  stop(): void;
}

async function directorySizeBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0; // not created yet, or removed under us
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += await directorySizeBytes(path);
    else if (e.isFile()) total += await stat(path).then((s) => s.size, () => 0);
  }
  return total;
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
  let error: MediaError | null = null;
  let isChecking = false;
  const timer = Number.isFinite(options.maxBytes)
    ? setInterval(() => {
        if (isChecking || error) return;
        isChecking = true;
        directorySizeBytes(dir)
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
