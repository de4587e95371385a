/**
 * `npm run worker`: the processing worker, its own process on any host that reaches PostgreSQL and
 * S3 (it shares no disk with the web app). Run one per host; more hosts = more throughput.
 *
 * - graphile-worker `run()` with the typed task list of jobs/registry.ts;
 * - crontab: `abandon-stale-uploads` hourly;
 * - a second graphile runner for the events relay and its daily prune (docs/events.md), so that
 *   events reach their consumers while a transcode holds every media slot, and for the audit
 *   checkpoint every minute (lib/audit/audit-checkpoint.ts, docs/audit.md);
 * - a sweeper loop (not a cron job: with concurrency 1 a cron job would wait behind a long transcode)
 *   that hands back versions whose worker stopped heartbeating — see lib/processing/sweep-stale-versions.ts;
 * - SIGTERM/SIGINT: stop taking jobs, abort running FFmpeg, hand versions back (PROCESSING -> PENDING;
 *   graphile's retry runs them again), exit. A second signal exits at once.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { run, type Runner } from "graphile-worker";
import { createDb } from "@/db/client";
import { getEnv, getMailSettings } from "@/lib/env";
import { EVENT_CONSUMERS } from "@/lib/events/consumers";
import { registerEventConsumers } from "@/lib/events/deliver-events";
import { runProcess, type ProcessSandbox } from "@/lib/media/run-process";
import { processingConfigFromEnv } from "@/lib/processing/processing-config";
import { sweepIntervalFor } from "@/lib/processing/stale-window";
import { createProcessScratch, newInstanceId, removeDeadScratchDirs } from "@/lib/processing/scratch-space";
import { sweepStaleVersions } from "@/lib/processing/sweep-stale-versions";
import { workerScalingFor } from "@/lib/processing/worker-scaling";
import { storageConfigFromEnv, createStorage } from "@/lib/storage";
import { EVENTS_CRONTAB, MEDIA_CRONTAB } from "./crontab";
import { buildTaskList, EVENT_TASK_NAMES, MEDIA_TASK_NAMES } from "./registry";
import { emailConfigFromSettings } from "./send-email";
import type { WorkerContext } from "./worker-context";

function log(message: string, data?: Record<string, unknown>): void {
  console.log(JSON.stringify({ t: new Date().toISOString(), msg: message, ...data }));
}

/** Fail at start, not on the first job, when the host lacks FFmpeg (every attempt would be `internal`). */
function assertMediaToolsOrExit(): void {
  for (const tool of ["ffmpeg", "ffprobe"]) {
    const result = spawnSync(tool, ["-version"], { stdio: "ignore" });
    if (result.error || result.status !== 0) {
      log(`${tool} is not runnable on this host; install FFmpeg (Debian: apt-get install ffmpeg)`);
      process.exit(1);
    }
  }
}

/**
 * With FFmpeg running as another user, every parent of the scratch directory must let that user pass
 * (a WORKER_SCRATCH_DIR under /root would not): fail at start with the fix, not every job with "internal".
 */
async function assertSandboxReachesScratchOrExit(sandbox: ProcessSandbox, dir: string): Promise<void> {
  if (!sandbox.runAs) return;
  const result = await runProcess("test", ["-x", dir], { timeoutMs: 10_000, sandbox });
  if (result.exitCode !== 0) {
    const who = `${sandbox.runAs.uid}:${sandbox.runAs.gid}`;
    log(`FFmpeg runs as ${who} (WORKER_FFMPEG_USER) but that user cannot reach the scratch directory ${dir}: set WORKER_SCRATCH_DIR to a directory whose parents it can traverse (default: the system temp dir), or WORKER_FFMPEG_USER`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  assertMediaToolsOrExit();
  const env = getEnv();
  // The cores this process may run on (its CPU affinity: `taskset` and cpusets narrow it). From them,
  // unless set: a job per 4 cores, FFmpeg threads split between the jobs (lib/processing/worker-scaling.ts).
  const cores = availableParallelism();
  const config = processingConfigFromEnv(env, { isRoot: process.getuid?.() === 0, cores });
  const { concurrency } = workerScalingFor(cores, { concurrency: env.WORKER_CONCURRENCY, ffmpegThreads: env.FFMPEG_THREADS });
  const instanceId = newInstanceId();

  const removed = await removeDeadScratchDirs(config.scratchRoot, { keepInstanceId: instanceId });
  if (removed.length > 0) log("removed scratch dirs of dead workers", { removed });
  const scratch = await createProcessScratch(config.scratchRoot, instanceId, config.media.sandbox.runAs);
  await assertSandboxReachesScratchOrExit(config.media.sandbox, scratch.dir);

  // Our pool: a connection per running job (state writes, progress, heartbeat) + the sweeper + slack,
  // and one per event delivery in flight (each holds its consumer's cursor transaction).
  const dbHandle = createDb(env.DATABASE_URL, { max: concurrency + 2 + env.EVENTS_RELAY_CONCURRENCY });
  const storage = createStorage(storageConfigFromEnv());
  const shutdown = new AbortController();
  const ctx: WorkerContext = {
    db: dbHandle.db,
    storage,
    config,
    scratch,
    instanceId,
    shutdownSignal: shutdown.signal,
    log,
    eventConsumers: EVENT_CONSUMERS,
    eventsRetentionDays: env.EVENTS_RETENTION_DAYS,
    webhooks: { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE, secretsKey: env.WEBHOOK_SECRETS_KEY },
    email: emailConfigFromSettings(getMailSettings()),
  };
  // Before any relay: a consumer new in this deploy starts at the newest event, not at the oldest.
  await registerEventConsumers(dbHandle.db, EVENT_CONSUMERS);

  const runner: Runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency,
    // graphile's own pool: job fetch/complete per worker + LISTEN + cron.
    maxPoolSize: concurrency + 3,
    noHandleSignals: true,
    // New jobs arrive by LISTEN/NOTIFY (~10 ms); polling only catches retries whose run_at has come.
    pollInterval: 2000,
    // Our handlers abort on `shutdownSignal` at once; graphile's own abort signal is a backstop.
    gracefulShutdownAbortTimeout: 2000,
    taskList: buildTaskList(ctx, MEDIA_TASK_NAMES),
    crontab: MEDIA_CRONTAB,
  });
  // The events runner: relay and deliveries are short (a consumer's `deliver` is seconds), so a few
  // at once, beside the media runner and never behind it.
  const eventsRunner: Runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency: env.EVENTS_RELAY_CONCURRENCY,
    maxPoolSize: env.EVENTS_RELAY_CONCURRENCY + 2,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: buildTaskList(ctx, EVENT_TASK_NAMES),
    crontab: EVENTS_CRONTAB,
  });
  log("worker started", {
    instanceId,
    cores,
    concurrency,
    ffmpegThreads: config.media.ffmpegThreads,
    ffmpegUser: config.media.sandbox.runAs ? `${config.media.sandbox.runAs.uid}:${config.media.sandbox.runAs.gid}` : "the worker's own",
    scratch: scratch.dir,
    staleAfterSeconds: config.staleAfterSeconds,
  });

  // Sweeper: see sweepIntervalFor for the worst case. Runs once at start: a worker restarted after a
  // crash recovers its predecessor's versions first.
  const sweepEveryMs = sweepIntervalFor(config.staleAfterSeconds);
  let isSweeping = false;
  const sweep = async () => {
    if (isSweeping || shutdown.signal.aborted) return;
    isSweeping = true;
    try {
      const result = await sweepStaleVersions(dbHandle.db, { staleAfterSeconds: config.staleAfterSeconds });
      if (result.reclaimed.length + result.requeued.length + result.finishedRequeued.length > 0) log("sweeper handed back versions", result);
      await removeDeadScratchDirs(config.scratchRoot, { keepInstanceId: instanceId });
    } catch (err) {
      log("sweeper failed", { error: String(err) });
    } finally {
      isSweeping = false;
    }
  };
  void sweep();
  const sweeper = setInterval(() => void sweep(), sweepEveryMs);

  let isStopping = false;
  const stop = async (signal: NodeJS.Signals, exitCode = 0) => {
    if (isStopping) {
      log("second signal: exiting now", { signal });
      process.exit(1);
    }
    isStopping = true;
    log("shutting down: aborting running jobs and handing them back", { signal });
    clearInterval(sweeper);
    shutdown.abort();
    for (const r of [runner, eventsRunner]) {
      try {
        await r.stop();
      } catch (err) {
        log("runner stop failed", { error: String(err) });
      }
    }
    await dbHandle.close().catch(() => {});
    await import("node:fs/promises").then((fs) => fs.rm(scratch.dir, { recursive: true, force: true }));
    log("worker stopped");
    process.exit(exitCode);
  };
  process.on("SIGTERM", (s) => void stop(s));
  process.on("SIGINT", (s) => void stop(s));

  // graphile-worker does not replace a job loop that dies: one that cannot record a job's failure
  // (PostgreSQL restarting) "commits seppuku", and the process would stay up, listening and sweeping
  // but running no job ever again. Stop cleanly and exit 1 instead, so the process manager starts a
  // fresh worker (npm run reliability, scenario b; docs/operations.md).
  for (const r of [runner, eventsRunner]) {
    r.events.on("worker:stop", ({ error }) => {
      if (isStopping) return;
      log("a job loop of this worker died; exiting so that a fresh worker takes over", { error: String(error) });
      void stop("SIGTERM", 1);
    });
  }

  await Promise.all([runner.promise, eventsRunner.promise]).catch((err: unknown) => {
    log("worker crashed", { error: String(err) });
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
