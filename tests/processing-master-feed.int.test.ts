import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { probeMedia } from "../lib/media/ffprobe";
import { openMasterFeed } from "../lib/processing/master-feed";
import { processVersion } from "../lib/processing/process-version";
import type { Storage } from "../lib/storage";
import { derivedPrefix } from "../lib/storage/keys";
import { ffmpegOrThrow, readBytes, setupProcessingTest, sha256Of, uploadVersion } from "./processing-fixtures";
import path from "node:path";
import { makeProcessingConfig } from "../lib/processing/processing-config";

/**
 * The master is read by ffprobe and FFmpeg while it downloads (lib/processing/master-feed.ts). Real
 * FFmpeg, PostgreSQL and s3rver; the storage client is the real one with its whole-object download slowed
 * down (as a remote store would be) or broken half-way.
 */

const ctx = setupProcessingTest({
  tmpPrefix: "axiom-master-feed-test-",
  configInput: { media: { x264Preset: "ultrafast", ffmpegThreads: 2 } },
  workerId: "feed-worker",
});
let movPath: string;

beforeAll(async () => {
  // 12 s of 640x360 ProRes 422 HQ with PCM in a MOV written the usual way: media first, `moov` at the
  // end (~25 MB) — the layout that needs the index before any frame can be decoded.
  movPath = path.join(ctx.workDir, "moov-at-end.mov");
  ffmpegOrThrow([
    "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    "-t", "12", "-c:v", "prores_ks", "-profile:v", "3", "-c:a", "pcm_s16le", movPath,
  ]);
});

const MiB = 1024 * 1024;

/** The file's size once it has not changed for half a second (the download is held back, or over). */
async function sizeOnceStill(file: string): Promise<number> {
  let last = -1;
  let stillSince = Date.now();
  for (;;) {
    const size = await stat(file).then((s) => s.size, () => 0);
    if (size !== last) {
      last = size;
      stillSince = Date.now();
    } else if (size > 0 && Date.now() - stillSince >= 500) {
      return size;
    }
    await sleep(50);
  }
}

type StreamCall = { key: string; range: { start: number; end: number } | undefined };

/** The real client; whole-object downloads arrive at `bytesPerSecond`, or break after `breakAfterBytes`. */
function slowStorage(storage: Storage, opts: { bytesPerSecond: number; breakAfterBytes?: number }): { storage: Storage; calls: StreamCall[] } {
  const calls: StreamCall[] = [];
  return {
    calls,
    storage: {
      ...storage,
      getStream: async (key, range) => {
        calls.push({ key, range });
        const body = await storage.getStream(key, range);
        if (range) return body;
        return Readable.from(
          (async function* () {
            let sent = 0;
            for await (const chunk of body as AsyncIterable<Buffer>) {
              if (opts.breakAfterBytes !== undefined && sent + chunk.length > opts.breakAfterBytes) {
                throw new Error("connection reset by the store (test)");
              }
              sent += chunk.length;
              yield chunk;
              await sleep((chunk.length / opts.bytesPerSecond) * 1000);
            }
          })(),
        );
      },
    },
  };
}

describe("the master feed", () => {
  it("lets ffprobe read a moov-at-end MOV before its download ends: the index comes by a ranged GET", async () => {
    const bytes = await readBytes(movPath);
    const { storageKey } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "a.mov" });
    const slow = slowStorage(ctx.storage, { bytesPerSecond: 4 * 1024 * 1024 });
    const feed = await openMasterFeed(slow.storage, {
      key: storageKey,
      destination: path.join(ctx.workDir, "feed-master"),
      sizeBytes: bytes.length,
    });
    try {
      let isDownloaded = false;
      void feed.downloaded.then(() => (isDownloaded = true));
      const facts = await probeMedia(feed.url);
      // ~10 s of download at 4 MiB/s; the probe needed the first bytes and the index at the end only.
      expect(isDownloaded).toBe(false);
      expect(facts.video).toMatchObject({ codec: "prores", width: 640, height: 360, frameCount: 300 });
      expect(slow.calls.some((c) => c.range !== undefined && c.range.start > bytes.length / 2)).toBe(true);
      const master = await feed.downloaded;
      expect(master).toMatchObject({ sizeBytes: bytes.length, sha256: sha256Of(bytes) });
    } finally {
      await feed.close();
    }
  });

  it("a paced feed holds the download within 32 MiB of what was read, until released", async () => {
    // Pacing counts bytes, not frames: 40 MiB of anything.
    const bytes = randomBytes(40 * MiB);
    const { storageKey } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "paced.mov" });
    const destination = path.join(ctx.workDir, "paced-master");
    const feed = await openMasterFeed(ctx.storage, { key: storageKey, destination, sizeBytes: bytes.length, isPaced: true });
    try {
      let isDownloaded = false;
      void feed.downloaded.then(() => (isDownloaded = true), () => {});
      // Nothing read yet: the download stops just past the lead (it is checked after each 1 MiB write).
      const stalledAt = await sizeOnceStill(destination);
      expect(isDownloaded).toBe(false);
      expect(stalledAt).toBeGreaterThan(32 * MiB);
      expect(stalledAt).toBeLessThanOrEqual(34 * MiB);
      // A reader takes the first 2 MiB: the download moves on by as much, and stops again.
      const head = await fetch(feed.url, { headers: { Range: `bytes=0-${2 * MiB - 1}` } });
      expect(Buffer.from(await head.arrayBuffer())).toEqual(bytes.subarray(0, 2 * MiB));
      const movedTo = await sizeOnceStill(destination);
      expect(movedTo).toBeGreaterThan(34 * MiB);
      expect(movedTo).toBeLessThanOrEqual(36 * MiB);
      expect(isDownloaded).toBe(false);
      // A reader jumping ahead of the held-back download (within 16 MiB: waited for, not fetched from the
      // store) lets it move on at once, not after the 15 s pacing limit.
      const ahead = movedTo + MiB;
      const jump = await fetch(feed.url, { headers: { Range: `bytes=${ahead}-${ahead + MiB - 1}` }, signal: AbortSignal.timeout(10_000) });
      expect(Buffer.from(await jump.arrayBuffer())).toEqual(bytes.subarray(ahead, ahead + MiB));
      // Released (the preview is out, or the caller needs the whole file): it runs to the end.
      feed.release();
      expect(await feed.downloaded).toMatchObject({ sizeBytes: bytes.length, sha256: sha256Of(bytes) });
    } finally {
      await feed.close();
    }
  });

  it("a version's preview is published before its master has finished downloading, and it ends READY with the master's SHA-256", async () => {
    const bytes = await readBytes(movPath);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "b.mov" });
    const slow = slowStorage(ctx.storage, { bytesPerSecond: 4 * 1024 * 1024 });
    const logs: { message: string; data?: Record<string, unknown> }[] = [];
    const outcome = await processVersion(
      { db: ctx.t.db, storage: slow.storage, config: ctx.config, scratch: ctx.scratch, log: (message, data) => logs.push({ message, data }) },
      { versionId, workerId: "feed-worker" },
    );
    expect(outcome).toEqual({ outcome: "ready", attempt: 1 });
    const phases = logs.find((l) => l.message === "ready")?.data ?? {};
    console.log("phases of the attempt (ms from the claim):", phases);
    expect(typeof phases.downloadMs).toBe("number");
    expect(typeof phases.firstPreviewMs).toBe("number");
    // FFmpeg encoded (and the worker published) the first segments while the master was still arriving.
    expect(Number(phases.firstPreviewMs)).toBeLessThan(Number(phases.downloadMs));
    const row = await ctx.versionRow(versionId);
    expect(row).toMatchObject({ processingState: "READY", sha256Computed: sha256Of(bytes) });
  });

  it("a download that breaks half-way is storage_unavailable, never a damaged file, and leaves nothing behind", async () => {
    const bytes = await readBytes(movPath);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "c.mov" });
    const broken = slowStorage(ctx.storage, { bytesPerSecond: 16 * 1024 * 1024, breakAfterBytes: Math.floor(bytes.length / 2) });
    const config = makeProcessingConfig({ media: { x264Preset: "ultrafast", ffmpegThreads: 2 }, maxAttempts: 1, scratchRoot: ctx.config.scratchRoot });
    const outcome = await processVersion({ db: ctx.t.db, storage: broken.storage, config, scratch: ctx.scratch }, { versionId, workerId: "feed-worker" });
    expect(outcome).toMatchObject({ outcome: "failed", code: "storage_unavailable" });
    const row = await ctx.versionRow(versionId);
    expect(row.processingState).toBe("ERROR");
    expect(row.errorCode).toBe("storage_unavailable");
    const left: string[] = [];
    for await (const page of ctx.storage.listObjects(derivedPrefix(versionId))) left.push(...page.map((o) => o.key));
    expect(left).toEqual([]);
  });
});
