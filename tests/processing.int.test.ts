import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, renditions } from "../db/schema";
import { actorOf } from "../lib/auth/permissions";
import { JOBS } from "../lib/jobs/definitions";
import { makeProcessingConfig } from "../lib/processing/processing-config";
import { processVersion } from "../lib/processing/process-version";
import { removeFinishedVersionLeftovers } from "../lib/processing/remove-unrecorded-outputs";
import { retryVersion } from "../lib/processing/retry-version";
import { createProcessScratch } from "../lib/processing/scratch-space";
import { sweepStaleVersions } from "../lib/processing/sweep-stale-versions";
import { createAsset, createVersion } from "./helpers/factories";
import { makeSource, readBytes, setupProcessingTest, sha256Of, uploadVersion } from "./processing-fixtures";

/**
 * The `process-version` handler end to end with real FFmpeg, PostgreSQL and S3: versions created by the
 * real upload functions, the handler called directly (not through graphile), state and objects checked.
 */

const ctx = setupProcessingTest({
  tmpPrefix: "axiom-processing-test-",
  // ultrafast: the tests check the pipeline, not x264's quality; 2 transient attempts keep retries short.
  configInput: { media: { x264Preset: "ultrafast" }, maxAttempts: 2 },
});
const { run, versionRow } = ctx;
let goodSource: string;

beforeAll(async () => {
  // 72 frames (~3 s) of 320x240 at 23.976 with audio.
  goodSource = await makeSource(ctx.workDir, "good.mp4");
});

const processVersionJobKey = (versionId: string) => JOBS["process-version"].jobKey({ versionId });

/** graphile's lock on a version's job, as a worker that locked it `minutesAgo` (first attempt) leaves it. */
async function lockJobAs(versionId: string, workerId: string, minutesAgo: number): Promise<void> {
  await ctx.t.db.execute(sql`UPDATE graphile_worker._private_jobs SET locked_by = ${workerId},
    locked_at = now() - make_interval(mins => ${minutesAgo}), attempts = 1 WHERE key = ${processVersionJobKey(versionId)}`);
}

/** These versions' jobs, in the order given: key, who holds the lock, and whether it is due. */
async function jobLocks(versionIds: string[]): Promise<{ key: string; locked_by: string | null; is_due: boolean }[]> {
  const keys = sql`ARRAY[${sql.join(versionIds.map((id) => sql`${processVersionJobKey(id)}`), sql`, `)}]::text[]`;
  return (await ctx.t.db.execute(
    sql`SELECT key, locked_by, run_at <= now() AS is_due FROM graphile_worker.jobs WHERE key = ANY(${keys})
      ORDER BY array_position(${keys}, key)`,
  )) as unknown as { key: string; locked_by: string | null; is_due: boolean }[];
}

async function auditActions(versionId: string): Promise<string[]> {
  const rows = await ctx.t.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.entityId, versionId))
    .orderBy(asc(auditEvents.seq));
  return rows.map((r) => r.action);
}

describe("process-version", () => {
  it("turns an uploaded H.264 file into READY with its facts and every rendition in S3", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "good.mp4" });

    const result = await run(versionId);
    expect(result).toEqual({ outcome: "ready", attempt: 1 });

    const v = await versionRow(versionId);
    expect(v.processingState).toBe("READY");
    expect(v.reviewState).toBe("IN_REVIEW");
    expect(v.sha256Computed).toBe(sha256Of(bytes));
    expect(v).toMatchObject({
      videoCodec: "h264",
      audioCodec: "aac",
      width: 320,
      height: 240,
      frameRateNum: 24000,
      frameRateDen: 1001,
      frameCount: 72,
      isVariableFrameRate: false,
      progress: 100,
      attempts: 1,
      errorCode: null,
    });
    expect(v.durationSeconds).toBeCloseTo(72 / (24000 / 1001), 2);
    expect(v.probe).toHaveProperty("format");

    const rows = await ctx.t.db.select().from(renditions).where(eq(renditions.versionId, versionId));
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
    expect(Object.keys(byKind).sort()).toEqual(["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt", "waveform"]);
    expect(byKind.proxy_mp4).toMatchObject({ storageKey: `derived/${versionId}/proxy.mp4`, contentType: "video/mp4", width: 320, height: 240 });
    expect(byKind.hls).toMatchObject({ storageKey: `derived/${versionId}/hls/master.m3u8`, contentType: "application/vnd.apple.mpegurl" });
    expect(byKind.poster?.contentType).toBe("image/jpeg");
    expect(byKind.thumbnails_vtt?.contentType).toBe("text/vtt");

    // Every single-file rendition is in S3 with its recorded size and type.
    for (const r of rows.filter((r) => r.kind !== "hls")) {
      const head = await ctx.storage.head(r.storageKey);
      expect(head, r.storageKey).not.toBeNull();
      expect(head!.size).toBe(r.sizeBytes);
      expect(head!.contentType).toBe(r.contentType);
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // HLS: every file of the ladder, with playlist / init / segment types.
    const files = (byKind.hls!.details as { files: { path: string; sizeBytes: number }[] }).files;
    expect(files.some((f) => f.path.endsWith(".m4s"))).toBe(true);
    expect(files.some((f) => /init[^/]*\.mp4$/.test(f.path)), JSON.stringify(files.map((f) => f.path))).toBe(true);
    for (const f of files) {
      const head = await ctx.storage.head(`derived/${versionId}/${f.path}`);
      expect(head, f.path).not.toBeNull();
      expect(head!.size).toBe(f.sizeBytes);
      const expected = f.path.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : f.path.endsWith(".m4s") ? "video/iso.segment" : "video/mp4";
      expect(head!.contentType).toBe(expected);
    }
    expect(byKind.hls!.sizeBytes).toBe(files.reduce((s, f) => s + f.sizeBytes, 0));

    expect(await auditActions(versionId)).toEqual(["version.upload_started", "version.uploaded", "version.processing_started", "version.ready"]);
  });

  it("does nothing when run again on a READY version (idempotent job)", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "again.mp4" });
    expect((await run(versionId)).outcome).toBe("ready");
    expect(await run(versionId)).toEqual({ outcome: "skipped", reason: "not_pending" });
    expect((await versionRow(versionId)).attempts).toBe(1);
  });

  it("re-runs from the start when a dead worker's attempt left the version PROCESSING", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "takeover.mp4" });
    // A worker claimed it, then vanished without a heartbeat for longer than the stale window.
    await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'PROCESSING', attempts = 1, worker_id = 'dead-worker',
      heartbeat_at = now() - interval '1 hour' WHERE id = ${versionId}`);
    expect(await run(versionId)).toEqual({ outcome: "ready", attempt: 2 });
    expect(await auditActions(versionId)).toContain("version.processing_taken_over");
  });

  it("leaves a version alone while another live worker holds it", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "held.mp4" });
    await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'PROCESSING', attempts = 1, worker_id = 'live-worker',
      heartbeat_at = now() WHERE id = ${versionId}`);
    expect(await run(versionId)).toEqual({ outcome: "skipped", reason: "held_by_live_worker" });
    expect((await versionRow(versionId)).workerId).toBe("live-worker");
  });

  it("records checksum_mismatch when the stored bytes are not the ones the client hashed", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, {
      project: ctx.project,
      producer: ctx.producer,
      bytes,
      fileName: "mismatch.mp4",
      declaredSha256: "a".repeat(64),
    });
    const result = await run(versionId);
    expect(result).toMatchObject({ outcome: "failed", code: "checksum_mismatch" });
    const v = await versionRow(versionId);
    expect(v).toMatchObject({ processingState: "ERROR", errorCode: "checksum_mismatch", reviewState: null, sha256Computed: null });
    expect(v.errorMessage).toContain("SHA-256");
    expect(await auditActions(versionId)).toContain("version.processing_failed");
  });

  it("records corrupt_input for a text file named .mp4, with ffprobe's log", async () => {
    const bytes = new TextEncoder().encode("This is not a video, just some text pretending to be one.\n".repeat(20));
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "notes.mp4" });
    expect(await run(versionId)).toMatchObject({ outcome: "failed", code: "corrupt_input" });
    const v = await versionRow(versionId);
    expect(v.processingState).toBe("ERROR");
    expect(v.errorCode).toBe("corrupt_input");
    expect(v.errorLogTail ?? "").toMatch(/Invalid data|whitelist/i);
    // Input errors are not retried: one attempt, no hand-back.
    expect(v.attempts).toBe(1);
    expect(await auditActions(versionId)).not.toContain("version.processing_handed_back");
  });

  it("records an ERROR for a zero-length object", async () => {
    const asset = await createAsset(ctx.t.db, { projectId: ctx.project.id });
    const version = await createVersion(ctx.t.db, { assetId: asset.id, uploadedBy: ctx.producer.id, state: "PENDING", overrides: { sizeBytes: 4096 } });
    await ctx.storage.putBytes(version.storageKey, new Uint8Array(0), "video/mp4");
    expect(await run(version.id)).toMatchObject({ outcome: "failed", code: "checksum_mismatch" });
    expect((await versionRow(version.id)).processingState).toBe("ERROR");
  });

  it("records limit_exceeded, naming the limit, for media longer than the configured maximum", async () => {
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes: await readBytes(goodSource), fileName: "long.mp4" });
    const strict = makeProcessingConfig({ ...ctx.config, media: { x264Preset: "ultrafast", maxDurationSeconds: 1 } });
    const result = await ctx.run(versionId, strict);
    expect(result).toMatchObject({ outcome: "failed", code: "limit_exceeded" });
    const v = await versionRow(versionId);
    expect(v).toMatchObject({ processingState: "ERROR", errorCode: "limit_exceeded", attempts: 1 });
    expect(v.errorMessage).toMatch(/limit is 1 s/);
  });

  it("records limit_exceeded when the renditions would exceed the output limit, and stores none of them", async () => {
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes: await readBytes(goodSource), fileName: "big-out.mp4" });
    const strict = makeProcessingConfig({ ...ctx.config, media: { x264Preset: "ultrafast" }, maxOutputBytes: 1024 });
    const result = await ctx.run(versionId, strict);
    expect(result).toMatchObject({ outcome: "failed", code: "limit_exceeded" });
    expect((await versionRow(versionId)).errorMessage).toContain("WORKER_MAX_OUTPUT_BYTES");
    expect(await ctx.t.db.select().from(renditions).where(eq(renditions.versionId, versionId))).toEqual([]);
    for (const key of ["proxy.mp4", "poster.jpg", "hls/master.m3u8"]) expect(await ctx.storage.head(`derived/${versionId}/${key}`), key).toBeNull();
  });

  it("records corrupt_input, never READY, for an H.264 file with bytes flipped mid-stream", async () => {
    const source = await makeSource(ctx.workDir, "flip-src.mp4", { width: 640, height: 360, frames: 120, audio: false, extraArgs: ["-movflags", "+faststart"] });
    const bytes = await readBytes(source);
    // moov is at the front (+faststart): the middle of the file is slice data. ffprobe and plain
    // `ffmpeg -f null` accept this file (docs/measurements.md); only -xerror decoding refuses it.
    for (let i = Math.floor(bytes.length * 0.5); i < Math.floor(bytes.length * 0.5) + 4000; i++) bytes[i] = bytes[i]! ^ 0xff;
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "flipped.mp4" });
    const result = await run(versionId);
    expect(result).toMatchObject({ outcome: "failed", code: "corrupt_input" });
    const v = await versionRow(versionId);
    expect(v.processingState).toBe("ERROR");
    expect(v.errorLogTail).toBeTruthy();
    // The facts of the probe are still stored: the user sees what the file claims to be.
    expect(v.videoCodec).toBe("h264");
  });

  it("retries transient failures by handing the version back, then gives up with ERROR", async () => {
    const asset = await createAsset(ctx.t.db, { projectId: ctx.project.id });
    // The master is missing from the store: storage_unavailable, a transient error.
    const version = await createVersion(ctx.t.db, { assetId: asset.id, uploadedBy: ctx.producer.id, state: "PENDING" });
    await expect(run(version.id)).rejects.toMatchObject({ name: "RetryLaterError" });
    let v = await versionRow(version.id);
    expect(v).toMatchObject({ processingState: "PENDING", attempts: 1, workerId: null });
    // Second attempt = config.maxAttempts: recorded as ERROR, the job ends.
    expect(await run(version.id)).toMatchObject({ outcome: "failed", code: "storage_unavailable" });
    v = await versionRow(version.id);
    expect(v).toMatchObject({ processingState: "ERROR", errorCode: "storage_unavailable", attempts: 2 });
    expect(await auditActions(version.id)).toEqual([
      "version.processing_started",
      "version.processing_handed_back",
      "version.processing_started",
      "version.processing_failed",
    ]);
  });

  it("Retry after a repaired master: ERROR -> retry -> PENDING (job queued) -> READY", async () => {
    const good = await readBytes(goodSource);
    const damaged = new Uint8Array(good);
    for (let i = 100; i < 200; i++) damaged[i] = 0;
    // The client hashed the good file; the store received damaged bytes of the same size.
    const { versionId, storageKey } = await uploadVersion(ctx.t.db, ctx.storage, {
      project: ctx.project,
      producer: ctx.producer,
      bytes: damaged,
      fileName: "repaired.mp4",
      declaredSha256: sha256Of(good),
    });
    expect(await run(versionId)).toMatchObject({ outcome: "failed", code: "checksum_mismatch" });

    // Simulates a repaired source (masters are otherwise immutable): the good bytes under the same key.
    await ctx.storage.putBytes(storageKey, good, "video/mp4");
    await expect(retryVersion(ctx.t.db, { versionId, actor: actorOf(ctx.producer) })).resolves.toEqual({ versionId, processingState: "PENDING" });
    const v = await versionRow(versionId);
    expect(v).toMatchObject({ processingState: "PENDING", errorCode: null, errorMessage: null, errorLogTail: null, attempts: 0 });
    const jobs = (await ctx.t.db.execute(
      sql`SELECT task_identifier FROM graphile_worker.jobs WHERE key = ${processVersionJobKey(versionId)}`,
    )) as unknown as { task_identifier: string }[];
    expect(jobs.map((j) => j.task_identifier)).toEqual(["process-version"]);

    expect(await run(versionId)).toEqual({ outcome: "ready", attempt: 1 });
    const ready = await versionRow(versionId);
    expect(ready.processingState).toBe("READY");
    expect(ready.sha256Computed).toBe(sha256Of(good));
    const actions = await auditActions(versionId);
    expect(actions.slice(-3)).toEqual(["version.retry_requested", "version.processing_started", "version.ready"]);
    const [retryEvent] = await ctx.t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, versionId), eq(auditEvents.action, "version.retry_requested")));
    expect(retryEvent?.actorId).toBe(ctx.producer.id);
  });

  it("refuses to retry a version that is not in ERROR (conflict)", async () => {
    const asset = await createAsset(ctx.t.db, { projectId: ctx.project.id });
    const version = await createVersion(ctx.t.db, { assetId: asset.id, uploadedBy: ctx.producer.id, state: "READY" });
    await expect(retryVersion(ctx.t.db, { versionId: version.id, actor: actorOf(ctx.producer) })).rejects.toMatchObject({ code: "conflict", status: 409 });
  });

  it("sweeper: a PROCESSING version with a stale heartbeat goes back to PENDING, its dead worker's job unlocked and due now", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "swept.mp4" });
    const jobKey = processVersionJobKey(versionId);
    // A dead worker holds the job lock (graphile would keep it 4 h) and the version, silent for 10 min.
    await ctx.t.db.execute(sql`UPDATE graphile_worker._private_jobs SET locked_by = 'worker-dead', locked_at = now(), attempts = 1,
      run_at = now() - interval '10 minutes' WHERE key = ${jobKey}`);
    await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'PROCESSING', attempts = 1, worker_id = 'worker-dead',
      heartbeat_at = now() - interval '10 minutes' WHERE id = ${versionId}`);
    // A live one, for contrast: left alone.
    const live = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "live.mp4" });
    await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'PROCESSING', attempts = 1, worker_id = 'worker-live',
      heartbeat_at = now() WHERE id = ${live.versionId}`);

    const result = await sweepStaleVersions(ctx.t.db, { staleAfterSeconds: 60 });
    expect(result.reclaimed).toEqual([{ versionId, deadWorkerId: "worker-dead" }]);
    expect(await versionRow(versionId)).toMatchObject({ processingState: "PENDING", workerId: null, heartbeatAt: null });
    expect((await versionRow(live.versionId)).processingState).toBe("PROCESSING");
    const [job] = (await ctx.t.db.execute(
      sql`SELECT locked_by, attempts, run_at <= now() AS is_due FROM graphile_worker.jobs WHERE key = ${jobKey}`,
    )) as unknown as { locked_by: string | null; attempts: number; is_due: boolean }[];
    expect(job).toEqual({ locked_by: null, attempts: 0, is_due: true });
    expect(await auditActions(versionId)).toContain("version.processing_reclaimed");
    // The next run of the job processes it normally.
    expect(await run(versionId)).toEqual({ outcome: "ready", attempt: 2 });
  });

  it("sweeper: a PENDING version whose job a worker locked and died before claiming is unlocked and due now", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "locked-unclaimed.mp4" });
    const jobKey = processVersionJobKey(versionId);
    // graphile locked the job 10 min ago; the worker was SIGKILLed before claimVersion: PENDING, no heartbeat.
    await lockJobAs(versionId, "worker-killed-before-claim", 10);
    // For contrast, a job locked a moment ago by a worker about to claim its version: left alone.
    const fresh = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "locked-now.mp4" });
    await lockJobAs(fresh.versionId, "worker-claiming", 0);

    const result = await sweepStaleVersions(ctx.t.db, { staleAfterSeconds: 60 });
    expect(result.requeued).toContain(versionId);
    expect(result.requeued).not.toContain(fresh.versionId);
    expect(await jobLocks([versionId, fresh.versionId])).toEqual([
      { key: jobKey, locked_by: null, is_due: true },
      { key: processVersionJobKey(fresh.versionId), locked_by: "worker-claiming", is_due: true },
    ]);
    expect(await run(versionId)).toEqual({ outcome: "ready", attempt: 1 });
  });

  it("sweeper: a job on its last attempt, locked a moment ago by a worker about to claim, keeps its lock", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "last-attempt.mp4" });
    const jobKey = processVersionJobKey(versionId);
    // graphile counts the attempt when it locks the job: on the last one, attempts = max_attempts.
    await ctx.t.db.execute(sql`UPDATE graphile_worker._private_jobs SET locked_by = 'worker-last-attempt', locked_at = now(),
      attempts = max_attempts WHERE key = ${jobKey}`);

    const result = await sweepStaleVersions(ctx.t.db, { staleAfterSeconds: 60 });
    // In hand: neither unlocked nor re-queued under another job.
    expect(result.requeued).not.toContain(versionId);
    const jobs = (await ctx.t.db.execute(
      sql`SELECT locked_by FROM graphile_worker.jobs WHERE key = ${jobKey}`,
    )) as unknown as { locked_by: string }[];
    expect(jobs).toEqual([{ locked_by: "worker-last-attempt" }]);
  });

  it("sweeper: a finished version whose job its dead worker still holds is re-queued, and the re-run removes the live preview it left", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "ready-then-killed.mp4" });
    expect(await run(versionId)).toEqual({ outcome: "ready", attempt: 1 });
    const ready = await versionRow(versionId);
    // The READY write stamps the attempt's last sign of life: what tells a corpse from a worker finishing its job.
    expect(ready.heartbeatAt).not.toBeNull();
    // SIGKILLed between the READY commit and its tidy-up: the live preview's playlist is still in the store
    // and graphile keeps the job locked by the dead worker (4 h). 10 minutes later:
    const previewKey = `derived/${versionId}/preview/master.m3u8`;
    await ctx.storage.putBytes(previewKey, "#EXTM3U\n", "application/vnd.apple.mpegurl");
    const jobKey = processVersionJobKey(versionId);
    await lockJobAs(versionId, ready.workerId!, 10);
    await ctx.t.db.execute(sql`UPDATE versions SET heartbeat_at = now() - interval '10 minutes' WHERE id = ${versionId}`);
    // For contrast, a worker that failed a version a moment ago and is ending its job: left alone.
    const other = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "failed-just-now.mp4" });
    await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'ERROR', error_code = 'cancelled', error_message = 'test',
      worker_id = 'worker-finishing', heartbeat_at = now() WHERE id = ${other.versionId}`);
    await lockJobAs(other.versionId, "worker-finishing", 10);

    const result = await sweepStaleVersions(ctx.t.db, { staleAfterSeconds: 60 });
    expect(result.finishedRequeued).toEqual([versionId]);
    expect(await jobLocks([versionId, other.versionId])).toEqual([
      { key: jobKey, locked_by: null, is_due: true },
      { key: processVersionJobKey(other.versionId), locked_by: "worker-finishing", is_due: true },
    ]);

    // The re-run finds the version READY: nothing to process, the leftover removed, the renditions kept.
    expect(await run(versionId)).toEqual({ outcome: "skipped", reason: "not_pending" });
    expect(await ctx.storage.head(previewKey)).toBeNull();
    const hls = await ctx.t.db.select().from(renditions).where(and(eq(renditions.versionId, versionId), eq(renditions.kind, "hls")));
    for (const f of (hls[0]!.details as { files: { path: string }[] }).files) {
      expect(await ctx.storage.head(`derived/${versionId}/${f.path}`), f.path).not.toBeNull();
    }
    expect(await versionRow(versionId)).toMatchObject({ processingState: "READY", attempts: 1 });
  });

  it("removing a failed version's segments holds off a Retry until the deletes end, so a new attempt's segments are never removed", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "error-then-retry.mp4" });
    await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'ERROR', error_code = 'cancelled', error_message = 'test' WHERE id = ${versionId}`);
    const keys = [0, 1, 2].map((n) => `derived/${versionId}/hls/360p/seg_${n}.m4s`);
    for (const key of keys) await ctx.storage.putBytes(key, "segment", "video/iso.segment");
    // A slow store: each delete takes 200 ms.
    const order: string[] = [];
    let isDeleting!: () => void;
    const deleting = new Promise<void>((resolve) => (isDeleting = resolve));
    const slow = {
      listObjects: ctx.storage.listObjects.bind(ctx.storage),
      delete: async (key: string) => {
        isDeleting();
        await new Promise((r) => setTimeout(r, 200));
        await ctx.storage.delete(key);
        order.push("deleted");
      },
    };
    const removal = removeFinishedVersionLeftovers(ctx.t.db, slow, versionId);
    await deleting;
    const retry = retryVersion(ctx.t.db, { versionId, actor: actorOf(ctx.producer) }).then(() => order.push("retried"));
    expect(await removal).toBe(3);
    await retry;
    expect(order).toEqual(["deleted", "deleted", "deleted", "retried"]);
    for (const key of keys) expect(await ctx.storage.head(key)).toBeNull();
    expect((await versionRow(versionId)).processingState).toBe("PENDING");
    // Once PENDING (or PROCESSING) nothing is removed: those segments may be the new attempt's.
    await ctx.storage.putBytes(keys[0]!, "new attempt", "video/iso.segment");
    expect(await removeFinishedVersionLeftovers(ctx.t.db, ctx.storage, versionId)).toBeNull();
    expect(await ctx.storage.head(keys[0]!)).not.toBeNull();
  });

  it("a scratch disk that refuses the job directory hands the version back and stops its heartbeat (never PROCESSING forever)", async () => {
    const bytes = await readBytes(goodSource);
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "full-disk.mp4" });
    // The disk, not the code: createJobDir fails the way mkdir does on a full file system.
    const fullDisk = {
      ...ctx.scratch,
      createJobDir: () => Promise.reject(Object.assign(new Error("ENOSPC: no space left on device, mkdir"), { code: "ENOSPC" })),
    };
    const config = { ...ctx.config, heartbeatIntervalMs: 50 };
    const deps = { db: ctx.t.db, storage: ctx.storage, config, scratch: fullDisk };
    await expect(processVersion(deps, { versionId, workerId: "full-disk-worker" })).rejects.toMatchObject({ name: "RetryLaterError" });
    const handedBack = await versionRow(versionId);
    expect(handedBack).toMatchObject({ processingState: "PENDING", workerId: null });
    // No heartbeat keeps running for the attempt: nothing touches the row after it was handed back.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await versionRow(versionId)).heartbeatAt).toEqual(handedBack.heartbeatAt);
    // Last attempt: ERROR naming the cause.
    expect(await processVersion(deps, { versionId, workerId: "full-disk-worker" })).toMatchObject({ outcome: "failed", code: "internal" });
    expect((await versionRow(versionId)).errorMessage).toMatch(/ENOSPC/);
  });

  it("stores what it says about a version with READY: a 1-frame interlaced PQ clip gets its warnings and transfer", async () => {
    const src = await makeSource(ctx.workDir, "one-frame-hdr.mov", {
      frames: 1, rate: "25", audio: false,
      extraArgs: ["-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error:interlace=tff", "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc"],
    });
    const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes: await readBytes(src), fileName: "one-frame-hdr.mov" });
    expect(await run(versionId)).toMatchObject({ outcome: "ready" });
    const v = await versionRow(versionId);
    expect(v).toMatchObject({ processingState: "READY", frameCount: 1, colorTransfer: "smpte2084" });
    expect(v.processingWarnings.map((w) => w.code)).toContain("hdr_tone_mapped");
    const kinds = (await ctx.t.db.select({ kind: renditions.kind }).from(renditions).where(eq(renditions.versionId, versionId))).map((r) => r.kind);
    expect(kinds.sort()).toEqual(["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt"]);
  });

  it.runIf(process.getuid?.() === 0)("as root, runs FFmpeg as nobody in job directories it owns, and still ends READY", async () => {
    const runAs = { uid: 65534, gid: 65534 };
    // A scratch root nobody can traverse to (mkdtemp makes 0700 directories; the worker's default root is in /tmp).
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "axiom-sandboxed-scratch-"));
    await fs.chmod(root, 0o711);
    try {
      const scratch = await createProcessScratch(path.join(root, "scratch"), undefined, runAs);
      const config = { ...ctx.config, media: { ...ctx.config.media, sandbox: { ...ctx.config.media.sandbox, runAs } } };
      const bytes = await readBytes(goodSource);
      const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: "sandboxed.mp4" });
      // Watch who owns what FFmpeg writes while it runs.
      const owners = new Set<number>();
      const watch = setInterval(() => {
        void fs.readdir(scratch.dir, { recursive: true }).then(async (entries) => {
          for (const e of entries) if (String(e).includes("out/")) owners.add((await fs.stat(path.join(scratch.dir, String(e))).catch(() => ({ uid: -1 }))).uid);
        }).catch(() => undefined);
      }, 50);
      const outcome = await processVersion({ db: ctx.t.db, storage: ctx.storage, config, scratch }, { versionId, workerId: "sandboxed-worker" });
      clearInterval(watch);
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ outcome: "ready" });
      expect(owners.has(65534)).toBe(true);
      expect(owners.has(0) && !owners.has(65534)).toBe(false);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it("removes its scratch directory after every attempt", async () => {
    const entries = await fs.readdir(ctx.scratch.dir);
    expect(entries).toEqual(["owner.json"]);
  });
});
