/**
 * `npm run bench:scale`: how throughput grows with worker processes (docs/processing.md, "Scaling").
 *
 * For k = 1, 2, 4 (as many as this host has cores): k worker processes (jobs/run-worker.ts), each
 * pinned to a core of its own with `taskset -c <i>` (disjoint), share one queue of k × 20 short
 * sources (a few seconds of H.264 + AAC made by FFmpeg's lavfi). Each worker sees one core, so its
 * defaults are one job at a time and FFmpeg choosing its threads for that core
 * (lib/processing/worker-scaling.ts). Timing runs from enqueueing the batch (completeUpload of every
 * version: PENDING + job) to the last READY; throughput = sources / wall second. Prints
 * efficiency(k) = throughput(k) ÷ (k × throughput(1)): 1.0 is perfect scaling.
 *
 * PostgreSQL, the local s3rver and this script are not pinned: they share the cores with the
 * workers, so on a small host the figure is a floor. Compare within one run only (docs/measurements.md).
 *
 * Options: --batch 20 --seconds 3 --size 640x360 --preset veryfast --ks 1,2,4
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { versions } from "../db/schema";
import { runFfmpeg } from "../lib/media/ffmpeg";
import type { Storage } from "../lib/storage";
import { completeUpload } from "../lib/uploads/complete-upload";
import { createUpload } from "../lib/uploads/create-upload";
import { ensureFfmpeg } from "../scripts/dev-services/system-tools";
import { startBenchStack } from "./bench-stack";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const BATCH = Number(arg("batch", "20"));
const SECONDS = Number(arg("seconds", "3"));
const SIZE = arg("size", "640x360");
const PRESET = arg("preset", "veryfast");
const CORES = os.availableParallelism();
const KS = arg("ks", "1,2,4")
  .split(",")
  .map(Number)
  .filter((k) => k >= 1 && k <= CORES);
const repoRoot = path.resolve(__dirname, "..");
const log = (m: string) => console.log(`[bench:scale] ${m}`);
const LIMITS = { maxBytes: 1024 ** 3, singlePutMaxBytes: 1024 ** 3, partBytes: 64 * 1024 ** 2, urlTtlSeconds: 3600 };

/** `taskset` (util-linux) pins each worker; without it the figures would mean nothing. */
function assertTasksetOrExit(): void {
  const result = spawnSync("taskset", ["-V"], { stdio: "ignore" });
  if (result.error || result.status !== 0) {
    console.error("[bench:scale] taskset is not available: install util-linux (Debian: apt-get install util-linux)");
    process.exit(1);
  }
}

function startPinnedWorker(core: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn("taskset", ["-c", String(core), process.execPath, "--import", "tsx", "jobs/run-worker.ts"], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[worker ${core}] ${d}`));
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const text = d.toString();
      output = (output + text).slice(-4000);
      if (text.includes('"worker started"')) {
        const line = text.split("\n").find((l) => l.includes('"worker started"'));
        log(`worker on core ${core}: ${line}`);
        resolve(child);
      }
      if (text.includes('"failed"') || text.includes("transient")) process.stderr.write(`[worker ${core}] ${text}`);
    });
    child.once("exit", (code) => reject(new Error(`worker on core ${core} exited early (${code}): ${output}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** k × BATCH versions whose masters are already in the bucket, AWAITING_UPLOAD: the upload is not the job's cost. */
async function prepareBatch(db: Db, storage: Storage, ids: { projectId: string; userId: string }, src: string, count: number, label: string) {
  const size = fs.statSync(src).size;
  const versionIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const upload = await createUpload(db, storage, {
      projectId: ids.projectId,
      actor: { id: ids.userId, isAdmin: false },
      assetName: `${label}_${i}`,
      fileName: "short.mp4",
      contentType: "video/mp4",
      size,
      limits: LIMITS,
    });
    await storage.putFile(`staging/${ids.projectId}/${upload.versionId}`, src, "video/mp4");
    versionIds.push(upload.versionId);
  }
  return versionIds;
}

async function waitUntilDone(db: Db, versionIds: string[], workers: ChildProcess[]): Promise<void> {
  for (;;) {
    // A crashed worker would leave its version PROCESSING for the stale window: say so rather than wait.
    if (workers.some((w) => w.exitCode !== null)) throw new Error("a worker exited during the batch");
    const rows = await db.select({ state: versions.processingState, code: versions.errorCode }).from(versions).where(inArray(versions.id, versionIds));
    const failed = rows.find((r) => r.state === "ERROR");
    if (failed) throw new Error(`a version ended in ERROR (${failed.code})`);
    if (rows.every((r) => r.state === "READY")) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  assertTasksetOrExit();
  await ensureFfmpeg({ log });
  if (KS[0] !== 1) throw new Error("k = 1 is the baseline and must be measured");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-bench-scale-"));
  // A root worker runs FFmpeg as nobody (WORKER_FFMPEG_USER=auto), which must traverse to the scratch inside.
  fs.chmodSync(work, 0o711);
  const cleanups: Array<() => Promise<unknown>> = [async () => fs.rmSync(work, { recursive: true, force: true })];
  try {
    const stack = await startBenchStack(work, cleanups, log);
    const { url, s3, storage } = stack;
    const ids = { projectId: stack.projectId, userId: stack.userId };

    const src = path.join(work, "short.mp4");
    await runFfmpeg(
      ["-hide_banner", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i", `testsrc2=s=${SIZE}:r=25:d=${SECONDS}`, "-f", "lavfi", "-i", `sine=r=48000:d=${SECONDS}`,
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", src],
      { timeoutMs: 10 * 60_000 },
    );
    log(`source: ${SECONDS} s ${SIZE} H.264/AAC, ${(fs.statSync(src).size / 1024).toFixed(0)} KiB; ${BATCH} per worker; preset ${PRESET}; ${CORES} cores; k = ${KS.join(", ")}`);

    const workerEnv = {
      DATABASE_URL: url, S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: "true",
      WORKER_SCRATCH_DIR: path.join(work, "scratch"), MEDIA_X264_PRESET: PRESET,
    };
    const throughput = new Map<number, number>();
    for (const k of KS) {
      const versionIds = await prepareBatch(stack.db, storage, ids, src, k * BATCH, `K${k}`);
      const workers = await Promise.all(Array.from({ length: k }, (_, core) => startPinnedWorker(core, workerEnv)));
      try {
        const t0 = performance.now();
        for (const versionId of versionIds) {
          await completeUpload(stack.db, storage, { versionId, actor: { id: ids.userId, isAdmin: false }, limits: { partBytes: LIMITS.partBytes } });
        }
        await waitUntilDone(stack.db, versionIds, workers);
        const seconds = (performance.now() - t0) / 1000;
        throughput.set(k, versionIds.length / seconds);
        log(`k = ${k}: ${versionIds.length} sources READY in ${seconds.toFixed(1)} s = ${throughput.get(k)!.toFixed(3)} sources/s (load ${os.loadavg()[0]!.toFixed(1)})`);
      } finally {
        await Promise.all(workers.map(stopWorker));
      }
    }

    const base = throughput.get(1)!;
    console.log("");
    console.log(`${KS.length} configurations, ${BATCH} × ${SECONDS} s ${SIZE} sources per worker, preset ${PRESET}, ${CORES} cores:`);
    for (const k of KS) {
      const t = throughput.get(k)!;
      console.log(`  k = ${k}: ${t.toFixed(3)} sources/s; efficiency throughput(${k}) / (${k} × throughput(1)) = ${(t / (k * base)).toFixed(2)}`);
    }
    console.log(JSON.stringify({ cores: CORES, batch: BATCH, seconds: SECONDS, size: SIZE, preset: PRESET, throughput: Object.fromEntries(throughput), efficiency: Object.fromEntries([...throughput].map(([k, t]) => [k, t / (k * base)])) }));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error("[bench:scale] cleanup:", err));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
