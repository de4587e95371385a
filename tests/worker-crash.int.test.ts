import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, renditions, versions, type Project, type User } from "../db/schema";
import { createStorage, type Storage } from "../lib/storage";
import { createMember, createProject } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { makeSource, readBytes, uploadVersion } from "./processing-fixtures";
import { s3Environment } from "../scripts/dev-services/local-s3";

/**
 * Crash safety with the real worker process (`jobs/run-worker.ts`): a worker SIGKILLed mid-transcode
 * leaves its version PROCESSING with a dead heartbeat; the next worker's sweeper hands it back and
 * runs it to READY, and removes the dead worker's scratch files. A SIGTERM mid-transcode hands the
 * version back (PENDING) and exits cleanly.
 */

const STALE_AFTER_SECONDS = 4;
const repoRoot = path.resolve(__dirname, "..");

let t: TestDatabase;
let storage: Storage;
let project: Project;
let producer: User;
let workDir: string;
let scratchRoot: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  storage = createStorage({ ...testS3Config(), forcePathStyle: true });
  project = await createProject(t.db);
  producer = await createMember(t.db, project.id, "producer");
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "axiom-crash-test-"));
  // As root the workers run FFmpeg as nobody (WORKER_FFMPEG_USER=auto), which must be able to pass
  // through to the scratch directory, as it can through the default one in the system temp dir.
  await fs.chmod(workDir, 0o711);
  scratchRoot = path.join(workDir, "scratch");
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await t?.drop();
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

function startWorker(name: string): ChildProcess & { output: string[] } {
  const s3 = testS3Config();
  // `node --import tsx`, not the tsx CLI: one process, so SIGKILL kills the worker itself.
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/run-worker.ts"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      DATABASE_URL: t.url,
      ...s3Environment(s3),
      NEXTAUTH_SECRET: "worker-crash-test-secret",
      WORKER_CONCURRENCY: "1",
      WORKER_STALE_AFTER_SECONDS: String(STALE_AFTER_SECONDS),
      WORKER_SCRATCH_DIR: scratchRoot,
      MEDIA_X264_PRESET: "veryfast",
    },
    stdio: ["ignore", "pipe", "pipe"],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) child.output.push(`[${name}] ${line}`);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, logs?: () => string[]): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${(logs?.() ?? []).slice(-40).join("\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

async function versionRow(versionId: string) {
  const [row] = await t.db.select().from(versions).where(eq(versions.id, versionId));
  return row!;
}

/**
 * FFmpeg is under way: progress stored, or HLS segments already written in some worker's scratch
 * (a busy host can take a while to print the first `-progress` block).
 */
async function isTranscoding(versionId: string): Promise<boolean> {
  const v = await versionRow(versionId);
  if (v.processingState !== "PROCESSING") return false;
  if ((v.progress ?? 0) > 0) return true;
  const files = await fs.readdir(scratchRoot, { recursive: true }).catch(() => [] as string[]);
  return files.some((f) => String(f).includes(versionId) && String(f).endsWith(".m4s"));
}

/** Pids of running processes whose command line mentions `needle` (Linux /proc). */
async function processesMentioning(needle: string): Promise<number[]> {
  const pids = (await fs.readdir("/proc")).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(needle)) found.push(Number(pid));
  }
  return found;
}

describe("worker crash safety", () => {
  it("recovers a version from a SIGKILLed worker, and hands it back on SIGTERM", async () => {
    // 12 s of 720p: long enough to be caught mid-transcode at veryfast on 2 cores.
    const source = await makeSource(workDir, "long.mp4", { width: 1280, height: 720, rate: "24", frames: 288 });
    const { versionId } = await uploadVersion(t.db, storage, { project, producer, bytes: await readBytes(source), fileName: "long.mp4" });
    const logs: string[][] = [];
    const allLogs = () => logs.flat();
    try {

    // 1. Worker A claims it and starts transcoding; SIGKILL it mid-way.
    const a = startWorker("A");
    logs.push(a.output);
    await waitFor("worker A to be mid-transcode", () => isTranscoding(versionId), 90_000, allLogs);
    const [aDir] = await fs.readdir(scratchRoot);
    expect(aDir).toBeTruthy();
    expect((await fs.readdir(path.join(scratchRoot, aDir!))).length).toBeGreaterThan(1); // owner.json + the job dir
    const aFfmpeg = await processesMentioning(path.join(scratchRoot, aDir!));
    expect(aFfmpeg.length, "worker A's FFmpeg is running").toBeGreaterThan(0);
    a.kill("SIGKILL");
    await exitOf(a);
    // A's FFmpeg dies with A (pdeathsig): no orphan keeps transcoding into the dead worker's scratch.
    await waitFor("worker A's FFmpeg to die with it", async () => (await processesMentioning(path.join(scratchRoot, aDir!))).length === 0, 10_000, allLogs);
    const orphaned = await versionRow(versionId);
    expect(orphaned.processingState).toBe("PROCESSING");
    expect(orphaned.workerId).toBeTruthy();

    // 2. Worker B: removes A's scratch, reclaims the version once A's heartbeat is stale, starts over.
    //    SIGTERM it mid-transcode: it must hand the version back and exit 0.
    const b = startWorker("B");
    logs.push(b.output);
    await waitFor(
      "worker B to take over",
      async () => {
        const v = await versionRow(versionId);
        return v.processingState === "PROCESSING" && v.workerId !== orphaned.workerId && (await isTranscoding(versionId));
      },
      90_000,
      allLogs,
    );
    await expect(fs.stat(path.join(scratchRoot, aDir!))).rejects.toMatchObject({ code: "ENOENT" });
    b.kill("SIGTERM");
    const bExit = await Promise.race([exitOf(b), new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
    expect(bExit, allLogs().slice(-30).join("\n")).toEqual({ code: 0, signal: null });
    const handedBack = await versionRow(versionId);
    expect(handedBack.processingState).toBe("PENDING");
    expect(handedBack.workerId).toBeNull();

    // 3. Worker C runs it to READY (graphile's retry of B's interrupted job).
    const c = startWorker("C");
    logs.push(c.output);
    const ready = await waitFor(
      "READY",
      async () => {
        const v = await versionRow(versionId);
        if (v.processingState === "ERROR") throw new Error(`version ended in ERROR: ${v.errorCode} ${v.errorMessage}`);
        return v.processingState === "READY" ? v : null;
      },
      120_000,
      allLogs,
    );
    expect(ready).toMatchObject({ reviewState: "IN_REVIEW", frameCount: 288, frameRateNum: 24, frameRateDen: 1, width: 1280, height: 720 });
    // A's crash counts as an attempt; B's shutdown does not.
    expect(ready.attempts).toBe(2);
    const kinds = (await t.db.select({ kind: renditions.kind }).from(renditions).where(eq(renditions.versionId, versionId))).map((r) => r.kind);
    expect(kinds.sort()).toEqual(["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt", "waveform"]);

    const actions = (
      await t.db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.entityId, versionId)).orderBy(asc(auditEvents.seq))
    ).map((e) => e.action);
    expect(actions).toEqual([
      "version.upload_started",
      "version.uploaded",
      "version.processing_started", // A
      "version.processing_reclaimed", // B's sweeper: A is dead
      "version.processing_started", // B
      "version.processing_handed_back", // B's SIGTERM
      "version.processing_started", // C
      "version.ready",
    ]);

    c.kill("SIGTERM");
    expect(await exitOf(c)).toEqual({ code: 0, signal: null });
    // Every worker that stopped cleanly removed its own scratch; A's was removed by B.
    expect(await fs.readdir(scratchRoot)).toEqual([]);
    } catch (err) {
      console.log(allLogs().slice(-80).join("\n"));
      throw err;
    }
  }, 300_000);
});
