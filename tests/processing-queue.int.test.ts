import { randomBytes } from "node:crypto";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { run, runOnce, type Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../db/client";
import { auditEvents, versions, type Project, type User } from "../db/schema";
import { actorOf } from "../lib/auth/permissions";
import { JOBS } from "../lib/jobs/definitions";
import { cancelVersionProcessing } from "../lib/processing/cancel-version";
import { claimVersion } from "../lib/processing/claim-version";
import { processVersion } from "../lib/processing/process-version";
import { readProcessingQueue } from "../lib/processing/read-processing-queue";
import { retryVersion } from "../lib/processing/retry-version";
import { setVersionUrgency } from "../lib/processing/set-version-urgency";
import { assertMayMarkUrgent } from "../lib/uploads/create-upload";
import { createAsset, createMember, createProject, createUser, createVersion } from "./helpers/factories";
import { makeSource, readBytes, setupProcessingTest, uploadVersion } from "./processing-fixtures";

/**
 * The fair processing queue (docs/processing.md, "Queue order"): the ranks PostgreSQL gives
 * `process-version` jobs, taken by graphile-worker's own get_job, with the app role's grants.
 */

const ctx = setupProcessingTest({ tmpPrefix: "axiom-queue-test-", configInput: { media: { x264Preset: "ultrafast" } } });
const MiB = 1024 * 1024;
let app: DbHandle;
let admin: User;
const projects: Record<"A" | "B" | "C", { project: Project; producer: User }> = {} as never;

beforeAll(async () => {
  // As the web app and the workers connect: the re-ranking trigger must work under the app role's grants.
  app = createDb(ctx.t.appUrl, { max: 4 });
  admin = await createUser(ctx.t.db, { isAdmin: true });
  projects.A = { project: ctx.project, producer: ctx.producer };
  for (const name of ["B", "C"] as const) {
    const project = await createProject(ctx.t.db);
    projects[name] = { project, producer: await createMember(ctx.t.db, project.id, "producer") };
  }
});

afterAll(async () => {
  await app?.close();
});

/** Not media: the order tests never process; the bytes only give each master its size. */
async function queueUpload(owner: "A" | "B" | "C", sizeBytes: number, label: string): Promise<string> {
  const { versionId } = await uploadVersion(app.db, ctx.storage, { ...projects[owner], bytes: randomBytes(sizeBytes), fileName: `${label}.mov` });
  return versionId;
}

/**
 * Runs every queued process-version job through graphile-worker's own claim (one at a time, as one
 * worker freeing up again and again) with a handler that only claims the version and leaves it
 * PROCESSING: every worker that took one stays busy. Returns the versions in the order they were taken.
 */
async function takeQueuedInClaimOrder(): Promise<string[]> {
  const taken: string[] = [];
  await runOnce({
    connectionString: ctx.t.appUrl,
    taskList: {
      "process-version": async (payload, helpers) => {
        const { versionId } = JOBS["process-version"].payload.parse(payload);
        const claim = await claimVersion(app.db, { versionId, workerId: helpers.job.locked_by ?? "test", staleAfterSeconds: 3600 });
        if (claim.isClaimed) taken.push(versionId);
      },
    },
  });
  return taken;
}

/** Ends every PROCESSING version of these tests' earlier steps (ERROR), so each test starts with idle workers. */
async function freeAllWorkers(): Promise<void> {
  await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'ERROR', error_code = 'internal' WHERE processing_state = 'PROCESSING'`);
}

/** Idle workers and an empty queue: what an earlier test left queued is cancelled. */
async function resetQueue(): Promise<void> {
  await freeAllWorkers();
  await ctx.t.db.execute(sql`UPDATE versions SET processing_state = 'ERROR', error_code = 'cancelled' WHERE processing_state = 'PENDING'`);
  await ctx.t.db.execute(sql`DELETE FROM graphile_worker._private_jobs`);
}

describe("queue order", () => {
  it("takes one version per project in turn, smaller masters first among equals", async () => {
    await resetQueue();
    const a1 = await queueUpload("A", 1 * MiB, "a1");
    const a2 = await queueUpload("A", 1 * MiB, "a2");
    const a3 = await queueUpload("A", 1 * MiB, "a3");
    const b1 = await queueUpload("B", 1 * MiB, "b1");
    const c1 = await queueUpload("C", 4 * MiB, "c1");
    // FIFO would be a1 a2 a3 b1 c1: project A, first in, would hold every worker.
    // a1 first (all equal, earliest); then A holds one worker, so B's and C's (C's is larger) before a2, a3.
    expect(await takeQueuedInClaimOrder()).toEqual([a1, b1, c1, a2, a3]);
  });

  it("a short source from another project queued after a long one is taken first when a worker frees", async () => {
    await resetQueue();
    const longRunning = await queueUpload("A", 64 * MiB, "long1");
    expect(await takeQueuedInClaimOrder()).toEqual([longRunning]); // one worker busy on it
    const longQueued = await queueUpload("A", 64 * MiB, "long2");
    const short = await queueUpload("B", 1 * MiB, "short");
    expect(await takeQueuedInClaimOrder()).toEqual([short, longQueued]);
  });

  it("an urgent version goes before every other, whoever holds the workers", async () => {
    await resetQueue();
    const busy = await queueUpload("A", 1 * MiB, "busy");
    expect(await takeQueuedInClaimOrder()).toEqual([busy]);
    const b = await queueUpload("B", 1 * MiB, "b");
    const a = await queueUpload("A", 32 * MiB, "a-urgent");
    await setVersionUrgency(app.db, { versionId: a, isUrgent: true, actor: actorOf(projects.A.producer) });
    expect(await takeQueuedInClaimOrder()).toEqual([a, b]);
    const audit = await ctx.t.db.select().from(auditEvents).where(eq(auditEvents.entityId, a)).orderBy(asc(auditEvents.seq));
    expect(audit.map((e) => e.action)).toContain("version.urgency_changed");
  });

  it("an upload marked urgent is queued urgent; marking urgent needs version.prioritize", async () => {
    await resetQueue();
    const plain = await queueUpload("A", 1 * MiB, "u-plain");
    const { versionId: urgent } = await uploadVersion(app.db, ctx.storage, {
      ...projects.B,
      bytes: randomBytes(64 * MiB),
      fileName: "u-urgent.mov",
      urgent: true,
    });
    expect((await ctx.versionRow(urgent)).isUrgent).toBe(true);
    expect(await takeQueuedInClaimOrder()).toEqual([urgent, plain]);
    const producer = actorOf(projects.A.producer);
    expect(() => assertMayMarkUrgent({ urgent: true }, producer, "producer")).not.toThrow();
    expect(() => assertMayMarkUrgent({ urgent: true }, producer, "supervisor")).toThrow(/producers/);
    expect(() => assertMayMarkUrgent({}, producer, "supervisor")).not.toThrow();
  });

  it("re-ranks queued jobs when a project's version stops running", async () => {
    await resetQueue();
    const a1 = await queueUpload("A", 1 * MiB, "r-a1");
    expect(await takeQueuedInClaimOrder()).toEqual([a1]);
    const a2 = await queueUpload("A", 1 * MiB, "r-a2");
    const priorityOf = async (versionId: string) => {
      const [row] = (await app.db.execute(
        sql`SELECT priority FROM graphile_worker.jobs WHERE key = ${JOBS["process-version"].jobKey({ versionId })}`,
      )) as unknown as { priority: number }[];
      return row?.priority;
    };
    const whileBusy = await priorityOf(a2);
    await freeAllWorkers(); // a1 ends: A holds no worker any more
    expect(await priorityOf(a2)).toBe((whileBusy ?? 0) - 1000);
  });
});

describe("the queue on /admin", () => {
  it("shows depth, the oldest wait, the claim order and what each worker runs", async () => {
    await resetQueue();
    const running = await queueUpload("A", 1 * MiB, "q-running");
    await takeQueuedInClaimOrder();
    const big = await queueUpload("A", 8 * MiB, "q-big");
    const small = await queueUpload("B", 1 * MiB, "q-small");
    const queue = await readProcessingQueue(app.db);
    expect(queue.depth).toBe(2);
    expect(queue.queued.map((q) => q.versionId)).toEqual([small, big]);
    expect(queue.oldestWaitSeconds).toBeGreaterThanOrEqual(0);
    expect(queue.running).toEqual([expect.objectContaining({ versionId: running, workerId: expect.any(String), progress: 0 })]);
    expect(queue.running[0]?.startedAt).toBeInstanceOf(Date);
    // The columns both lists share, read by one select list: each row names its own project, asset and file.
    expect(queue.queued[0]).toMatchObject({
      projectId: projects.B.project.id,
      projectCode: projects.B.project.code,
      assetId: expect.any(String),
      assetName: expect.any(String),
      versionNumber: 1,
      fileName: "q-small.mov",
      sizeBytes: 1 * MiB,
      isUrgent: false,
      attempts: 0,
    });
    expect(queue.running[0]).toMatchObject({
      projectId: projects.A.project.id,
      projectCode: projects.A.project.code,
      fileName: "q-running.mov",
      isUrgent: false,
      attempts: expect.any(Number),
    });
    await cancelVersionProcessing(app.db, { versionId: big, actor: actorOf(admin) });
    await cancelVersionProcessing(app.db, { versionId: small, actor: actorOf(admin) });
  });

  it("cancel ends a queued version in ERROR cancelled, removes its job, is audited, and Retry queues it again", async () => {
    const versionId = await queueUpload("B", 1 * MiB, "cancel-me");
    const result = await cancelVersionProcessing(app.db, { versionId, actor: actorOf(admin) });
    expect(result).toEqual({ versionId, processingState: "ERROR", wasRunning: false });
    const v = await ctx.versionRow(versionId);
    expect(v).toMatchObject({ processingState: "ERROR", errorCode: "cancelled" });
    const jobKey = JOBS["process-version"].jobKey({ versionId });
    const jobs = await app.db.execute(sql`SELECT id FROM graphile_worker.jobs WHERE key = ${jobKey}`);
    expect(jobs).toHaveLength(0);
    const [audit] = await ctx.t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "version.processing_cancelled"))
      .orderBy(asc(auditEvents.seq));
    expect(audit).toMatchObject({ actorId: admin.id });
    await expect(cancelVersionProcessing(app.db, { versionId, actor: actorOf(admin) })).rejects.toMatchObject({ code: "conflict" });

    await retryVersion(app.db, { versionId, actor: actorOf(projects.B.producer) });
    expect((await ctx.versionRow(versionId)).processingState).toBe("PENDING");
    expect(await app.db.execute(sql`SELECT id FROM graphile_worker.jobs WHERE key = ${jobKey}`)).toHaveLength(1);
  });

  it("cancel of a running version takes it from its worker: the attempt's next write finds nothing", async () => {
    await resetQueue();
    const versionId = await queueUpload("C", 1 * MiB, "cancel-running");
    await takeQueuedInClaimOrder();
    const before = await ctx.versionRow(versionId);
    expect(before.processingState).toBe("PROCESSING");
    expect(await cancelVersionProcessing(app.db, { versionId, actor: actorOf(admin) })).toMatchObject({ wasRunning: true });
    const fenced = await app.db
      .update(versions)
      .set({ heartbeatAt: new Date() })
      .where(sql`${versions.id} = ${versionId} AND ${versions.processingState} = 'PROCESSING' AND ${versions.workerId} = ${before.workerId}`)
      .returning({ id: versions.id });
    expect(fenced).toHaveLength(0);
  });

  it("urgency cannot change on a version that will not be processed again", async () => {
    const asset = await createAsset(ctx.t.db, { projectId: projects.A.project.id });
    const ready = await createVersion(ctx.t.db, { assetId: asset.id, uploadedBy: projects.A.producer.id, state: "READY" });
    await expect(setVersionUrgency(app.db, { versionId: ready.id, isUrgent: true, actor: actorOf(admin) })).rejects.toMatchObject({ code: "conflict" });
    await expect(cancelVersionProcessing(app.db, { versionId: ready.id, actor: actorOf(admin) })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("end to end with a real worker", () => {
  it("with one worker busy on a long source, a short one from another project queued after another long one is READY first", async () => {
    await resetQueue();
    const longSource = await makeSource(ctx.workDir, "long.mp4", { width: 640, height: 360, rate: "25", frames: 250 });
    const shortSource = await makeSource(ctx.workDir, "short.mp4", { rate: "25", frames: 25 });
    const longBytes = await readBytes(longSource);
    const upload = (owner: "A" | "B", bytes: Uint8Array, name: string) =>
      uploadVersion(app.db, ctx.storage, { ...projects[owner], bytes, fileName: name }).then((u) => u.versionId);

    const runner: Runner = await run({
      connectionString: ctx.t.appUrl,
      concurrency: 1,
      pollInterval: 200,
      noHandleSignals: true,
      taskList: {
        "process-version": async (payload, helpers) => {
          const { versionId } = JOBS["process-version"].payload.parse(payload);
          const workerId = helpers.job.locked_by ?? "test";
          await processVersion({ db: app.db, storage: ctx.storage, config: ctx.config, scratch: ctx.scratch }, { versionId, workerId });
        },
      },
    });
    try {
      const first = await upload("A", longBytes, "long-first.mp4");
      await waitFor(async () => (await ctx.versionRow(first)).processingState === "PROCESSING");
      const secondLong = await upload("A", longBytes, "long-second.mp4");
      const short = await upload("B", await readBytes(shortSource), "short.mp4");
      await waitFor(async () => {
        const rows = await ctx.t.db.select({ s: versions.processingState }).from(versions).where(inArray(versions.id, [first, secondLong, short]));
        return rows.every((r) => r.s === "READY" || r.s === "ERROR");
      }, 180_000);
      const [f, l, s] = await Promise.all([first, secondLong, short].map((id) => ctx.versionRow(id)));
      expect([f?.processingState, l?.processingState, s?.processingState]).toEqual(["READY", "READY", "READY"]);
      expect(s!.readyAt!.getTime()).toBeLessThan(l!.readyAt!.getTime());
      expect(s!.processingStartedAt!.getTime()).toBeGreaterThanOrEqual(f!.readyAt!.getTime() - 1000);
    } finally {
      await runner.stop();
    }
  }, 240_000);
});

describe("cancel while a real attempt runs", () => {
  it("the attempt stops without writing (lost_claim), the version stays ERROR cancelled, and the segments it streamed are removed", async () => {
    await resetQueue();
    // Long enough (60 s of 640x360) to be cancelled after its live preview is out, well before READY.
    const source = await makeSource(ctx.workDir, "cancel-long.mp4", { width: 640, height: 360, rate: "25", frames: 1500 });
    const { versionId } = await uploadVersion(app.db, ctx.storage, { ...projects.C, bytes: await readBytes(source), fileName: "cancel-long.mp4" });
    const attempt = processVersion({ db: app.db, storage: ctx.storage, config: ctx.config, scratch: ctx.scratch }, { versionId, workerId: "cancel-test" });
    await waitFor(async () => (await ctx.versionRow(versionId)).previewPublishedAt !== null);
    expect(await listKeys(`derived/${versionId}/`)).not.toEqual([]);
    await cancelVersionProcessing(app.db, { versionId, actor: actorOf(admin) });
    expect(await attempt).toMatchObject({ outcome: "lost_claim" });
    expect(await ctx.versionRow(versionId)).toMatchObject({ processingState: "ERROR", errorCode: "cancelled", workerId: null });
    expect(await listKeys(`derived/${versionId}/`)).toEqual([]);
  }, 120_000);
});

async function listKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of ctx.storage.listObjects(prefix)) keys.push(...page.map((o) => o.key));
  return keys;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("timed out waiting");
}
