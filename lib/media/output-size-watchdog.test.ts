import { mkdir, mkdtemp, rm, stat, unlink, writeFile, appendFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutputSizeTally, type TallyFileSystem, watchOutputSize } from "./output-size-watchdog";

/** Node's own file system, with the stat calls counted. */
function countingFileSystem() {
  const counts = { stat: 0 };
  const fs: TallyFileSystem = {
    readdir: (dir) => readdir(dir, { withFileTypes: true }),
    stat: (path) => {
      counts.stat += 1;
      return stat(path);
    },
  };
  return { fs, counts };
}

describe("OutputSizeTally", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "axiom-tally-"));
    await mkdir(join(dir, "hls", "720p"), { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What an HLS rung looks like one check later: the segment in progress completed, the next begun. */
  async function writeSegment(index: number, bytes: number) {
    await writeFile(join(dir, "hls", "720p", `seg_${String(index).padStart(5, "0")}.m4s`), Buffer.alloc(bytes));
  }

  it("stats per check do not grow with the number of completed segments", async () => {
    const { fs, counts } = countingFileSystem();
    const tally = new OutputSizeTally(dir, fs);
    await writeFile(join(dir, "proxy.mp4"), Buffer.alloc(10));
    const statsPerCheck: number[] = [];
    let expected = 10;
    for (let i = 0; i < 60; i += 1) {
      await writeSegment(i, 100 + i);
      await appendFile(join(dir, "proxy.mp4"), Buffer.alloc(7)); // the proxy keeps growing
      expected += 100 + i + 7;
      const before = counts.stat;
      expect(await tally.measure()).toBe(expected);
      statsPerCheck.push(counts.stat - before);
    }
    // Each check stats the new segment, the one from the previous check (to see it settle) and the
    // growing proxy: 3, whether 5 or 59 segments are already complete. The old walk made 61 at the end.
    expect(statsPerCheck.slice(2)).toEqual(new Array(58).fill(3));
  });

  it("keeps counting a file while it grows, and drops a file that disappears", async () => {
    const tally = new OutputSizeTally(dir);
    const playlist = join(dir, "hls", "720p", "index.m3u8");
    await writeFile(playlist, "a");
    expect(await tally.measure()).toBe(1);
    await appendFile(playlist, "bb");
    expect(await tally.measure()).toBe(3);
    await appendFile(playlist, "ccc");
    expect(await tally.measure()).toBe(6);
    await unlink(playlist);
    expect(await tally.measure()).toBe(0);
  });

  it("is zero for a directory FFmpeg has not created yet", async () => {
    expect(await new OutputSizeTally(join(dir, "not-yet")).measure()).toBe(0);
  });
});

describe("watchOutputSize", () => {
  it("aborts its signal with limit_exceeded once the files pass the cap", async () => {
    const dir = await mkdtemp(join(tmpdir(), "axiom-watchdog-"));
    try {
      const watchdog = watchOutputSize(dir, { maxBytes: 1000, intervalMs: 20, limitName: "WORKER_MAX_OUTPUT_BYTES" });
      await writeFile(join(dir, "seg_00000.m4s"), Buffer.alloc(600));
      await new Promise((r) => setTimeout(r, 80));
      expect(watchdog.signal.aborted).toBe(false);
      await writeFile(join(dir, "seg_00001.m4s"), Buffer.alloc(600));
      await new Promise((r) => setTimeout(r, 80));
      expect(watchdog.signal.aborted).toBe(true);
      expect(watchdog.exceeded()?.code).toBe("limit_exceeded");
      expect(watchdog.exceeded()?.message).toContain("WORKER_MAX_OUTPUT_BYTES");
      watchdog.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
