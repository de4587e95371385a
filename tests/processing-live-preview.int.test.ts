import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { renditions } from "../db/schema";
import { parseGrowingPlaylist } from "../lib/media/hls-preview";
import { processVersion } from "../lib/processing/process-version";
import { getMediaFile } from "../lib/review/get-media-file";
import { getReviewRoom } from "../lib/review/get-review-room";
import { getVersionStatusOrThrow } from "../lib/versions/get-version-status";
import type { VersionStatus } from "../lib/versions/version-status";
import type { Storage } from "../lib/storage";
import { createUser } from "./helpers/factories";
import { makeSource, readBytes, setupProcessingTest, uploadVersion } from "./processing-fixtures";

/**
 * Watch while it encodes (docs/processing.md): the ladder's segments reach the store while FFmpeg is still
 * encoding, the EVENT preview grows over them, and READY records exactly the objects in the store.
 * Real FFmpeg, PostgreSQL and s3rver; the storage is the real client with every write noted.
 */

const ctx = setupProcessingTest({
  tmpPrefix: "axiom-live-preview-test-",
  // veryfast, not ultrafast: the encode must last several of the streamer's 1 s looks.
  configInput: { media: { x264Preset: "veryfast" }, maxAttempts: 2 },
});
let longSource: string;

beforeAll(async () => {
  // 24 s of 640x360 at 25 fps with sound: 12 segments of 2 s per variant.
  longSource = await makeSource(ctx.workDir, "long.mp4", { width: 640, height: 360, rate: "25", frames: 600 });
});

type Write = { key: string; at: number; body: string | null };

/** The real storage client, noting each write (key, time, and the body of text writes). */
function notingStorage(storage: Storage): { storage: Storage; writes: Write[] } {
  const writes: Write[] = [];
  return {
    writes,
    storage: {
      ...storage,
      putFile: async (key, file, contentType) => {
        const result = await storage.putFile(key, file, contentType);
        writes.push({ key, at: Date.now(), body: null });
        return result;
      },
      putBytes: async (key, body, contentType) => {
        await storage.putBytes(key, body, contentType);
        writes.push({ key, at: Date.now(), body: typeof body === "string" ? body : null });
      },
    },
  };
}

async function storedKeys(storage: Storage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of storage.listObjects(prefix)) keys.push(...page.map((o) => o.key));
  return keys.sort();
}

async function sha256OfObject(storage: Storage, key: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of await storage.getStream(key)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

describe("segments uploaded while FFmpeg encodes", () => {
  it("puts segments and a growing EVENT preview in the store before the encode ends; READY records exactly the final objects", async () => {
    const bytes = await readBytes(longSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, {
      project: ctx.project,
      producer: ctx.producer,
      bytes,
      fileName: "long.mp4",
    });
    const noted = notingStorage(ctx.storage);
    const logs: { message: string; data?: Record<string, unknown> }[] = [];

    const result = await processVersion(
      {
        db: ctx.t.db,
        storage: noted.storage,
        config: ctx.config,
        scratch: ctx.scratch,
        log: (message, data) => logs.push({ message, data }),
      },
      { versionId, workerId: "test-worker" },
    );
    expect(result).toEqual({ outcome: "ready", attempt: 1 });

    const prefix = `derived/${versionId}/`;
    const segmentWrites = noted.writes.filter((w) => w.key.endsWith(".m4s"));
    const previewWrites = noted.writes.filter((w) => w.key === `${prefix}preview/360p.m3u8`);
    // The final upload starts after FFmpeg and QC: the proxy is among its files.
    const proxyWrite = noted.writes.find((w) => w.key === `${prefix}proxy.mp4`);
    expect(proxyWrite).toBeDefined();
    // While FFmpeg encoded: a preview without ENDLIST (FFmpeg's own playlist had none yet), over segments already sent.
    const growing = previewWrites.filter((w) => !w.body?.includes("#EXT-X-ENDLIST"));
    expect(growing.length, "preview published while encoding").toBeGreaterThan(0);
    const firstGrowing = growing[0]!;
    expect(segmentWrites.filter((w) => w.at <= firstGrowing.at).length).toBeGreaterThan(0);
    expect(parseGrowingPlaylist(firstGrowing.body!).segments.length).toBeLessThan(12);
    expect(firstGrowing.body).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
    // Most segments were in the store before the final upload began: only what was left is sent at the end.
    const sentBeforeFinal = segmentWrites.filter((w) => w.at < proxyWrite!.at).length;
    expect(sentBeforeFinal / segmentWrites.length).toBeGreaterThan(0.5);
    // No object written twice: the final upload skipped what the streamer sent.
    const keysWritten = noted.writes.filter((w) => !w.key.includes("/preview/")).map((w) => w.key);
    expect(new Set(keysWritten).size).toBe(keysWritten.length);

    // The preview ends with ENDLIST and names exactly the final playlist's segments, in order, with the same durations:
    // a frame shown from the preview is the frame shown from the final ladder (same objects, same timestamps).
    const lastPreview = previewWrites.at(-1)!.body!;
    expect(lastPreview).toContain("#EXT-X-ENDLIST");
    const finalPlaylist = await readText(ctx.storage, `${prefix}hls/360p/index.m3u8`);
    const preview = parseGrowingPlaylist(lastPreview);
    const final = parseGrowingPlaylist(finalPlaylist);
    expect(preview.segments.map((s) => s.uri)).toEqual(final.segments.map((s) => `../hls/360p/${s.uri}`));
    expect(preview.segments.map((s) => s.durationSeconds)).toEqual(final.segments.map((s) => s.durationSeconds));
    expect(preview.mapUri).toBe(`../hls/360p/${final.mapUri}`);
    // The preview's playlists are gone from the store once READY (they are no rendition); what was published is in the log.
    expect((await storedKeys(ctx.storage, `${prefix}preview/`))).toEqual([]);
    const master = noted.writes.filter((w) => w.key === `${prefix}preview/master.m3u8`).at(-1)?.body ?? "";
    expect(master).toMatch(/#EXT-X-STREAM-INF:.*RESOLUTION=640x360.*CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2"/);
    expect(master).toContain('URI="audio.m3u8"');

    // READY records exactly what is in the store (the preview aside), byte for byte.
    const rows = await ctx.t.db.select().from(renditions).where(eq(renditions.versionId, versionId));
    const recorded = new Map<string, string>();
    for (const r of rows) {
      if (r.kind === "hls") {
        for (const f of (r.details as { files: { path: string; sha256: string }[] }).files)
          recorded.set(`${prefix}${f.path}`, f.sha256);
      } else {
        recorded.set(r.storageKey, r.sha256);
      }
    }
    const stored = await storedKeys(ctx.storage, prefix);
    expect(stored).toEqual([...recorded.keys()].sort());
    for (const [key, sha256] of recorded) expect(await sha256OfObject(ctx.storage, key), key).toBe(sha256);

    const ready = logs.find((l) => l.message === "ready");
    expect(ready?.data?.firstPreviewMs).toBeGreaterThan(0);
    expect((await ctx.versionRow(versionId)).previewPublishedAt).not.toBeNull();
  });

  it("names the preview in the status and the room only while PROCESSING; an outsider cannot read it", async () => {
    const bytes = await readBytes(longSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, {
      project: ctx.project,
      producer: ctx.producer,
      bytes,
      fileName: "watched.mp4",
    });
    const outsider = await createUser(ctx.t.db);
    const producer = { id: ctx.producer.id, isAdmin: ctx.producer.isAdmin };
    expect((await getVersionStatusOrThrow(ctx.t.db, { versionId })).preview).toBeNull();

    let isDone = false;
    const run = ctx.run(versionId).finally(() => {
      isDone = true;
    });
    // Watch the status the room polls until it names the preview (or the run ends without one).
    let during: VersionStatus | null = null;
    while (!isDone) {
      const status = await getVersionStatusOrThrow(ctx.t.db, { versionId });
      if (status.preview) {
        during = status;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(during?.processingState).toBe("PROCESSING");
    expect(during?.preview?.hlsUrl).toMatch(new RegExp(`/api/versions/${versionId}/media/preview/master\\.m3u8$`));
    const room = await getReviewRoom(ctx.t.db, { actor: producer, versionId });
    expect(room.version.preview).toEqual(during?.preview);
    const master = await getMediaFile(ctx.t.db, ctx.storage, { actor: producer, versionId, path: "preview/master.m3u8" });
    expect(master).toBeDefined();
    const outsiderRead = getMediaFile(ctx.t.db, ctx.storage, { actor: { id: outsider.id, isAdmin: false }, versionId, path: "preview/master.m3u8" });
    await expect(outsiderRead).rejects.toMatchObject({ code: "not_found" });

    expect(await run).toEqual({ outcome: "ready", attempt: 1 });
    // At READY the renditions replace it: neither the status nor the room names a preview any more.
    expect((await getVersionStatusOrThrow(ctx.t.db, { versionId })).preview).toBeNull();
    expect((await getReviewRoom(ctx.t.db, { actor: producer, versionId })).version.preview).toBeNull();
  });

  it("an attempt stopped mid-encode leaves segments in the store but no rendition row; the next attempt overwrites the same keys", async () => {
    const bytes = await readBytes(longSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, {
      project: ctx.project,
      producer: ctx.producer,
      bytes,
      fileName: "stopped.mp4",
    });
    const prefix = `derived/${versionId}/`;
    const shutdown = new AbortController();
    const noted = notingStorage(ctx.storage);
    // Stop the worker as soon as the preview is out: FFmpeg is killed mid-encode.
    const stopOnPreview: Storage = {
      ...noted.storage,
      putBytes: async (key, body, contentType) => {
        await noted.storage.putBytes(key, body, contentType);
        if (key.endsWith("preview/master.m3u8")) shutdown.abort();
      },
    };
    await expect(
      processVersion(
        { db: ctx.t.db, storage: stopOnPreview, config: ctx.config, scratch: ctx.scratch },
        { versionId, workerId: "test-worker", signal: shutdown.signal },
      ),
    ).rejects.toThrow(/shutdown/);
    expect((await ctx.versionRow(versionId)).processingState).toBe("PENDING");
    expect(await ctx.t.db.select().from(renditions).where(eq(renditions.versionId, versionId))).toEqual([]);
    const leftOver = (await storedKeys(ctx.storage, prefix)).filter((k) => k.endsWith(".m4s"));
    expect(leftOver.length).toBeGreaterThan(0);
    expect(leftOver.every((k) => k.startsWith(`${prefix}hls/`))).toBe(true);

    expect(await ctx.run(versionId)).toEqual({ outcome: "ready", attempt: 1 });
    const rows = await ctx.t.db.select().from(renditions).where(eq(renditions.versionId, versionId));
    const files = (rows.find((r) => r.kind === "hls")!.details as { files: { path: string }[] }).files.map(
      (f) => `${prefix}${f.path}`,
    );
    // What the stopped attempt left is a subset of the final ladder's keys (overwritten, never orphaned).
    for (const key of leftOver) expect(files).toContain(key);
  });
});

async function readText(storage: Storage, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.getStream(key)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}
