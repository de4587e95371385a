import os from "node:os";
import path from "node:path";
import type { Env } from "@/lib/env";
import { DEFAULT_STALE_AFTER_SECONDS, heartbeatIntervalFor } from "./stale-window";
import { parseMediaConfig, type MediaConfig, type MediaConfigInput } from "@/lib/media/rendition-plan";
import { workerScalingFor } from "./worker-scaling";

/**
 * Everything the processing job needs to know that is not in the database: built once from the
 * environment by the worker (`processingConfigFromEnv`) or written out by tests. Domain functions
 * receive it as a parameter and never read `process.env`.
 */
export type ProcessingConfig = {
  /** Policy and FFmpeg knobs handed to lib/media (plan + transcode). */
  media: MediaConfig;
  /** Root of every worker's scratch space; each process works in its own subdirectory. */
  scratchRoot: string;
  /** A PROCESSING version whose heartbeat is older than this is presumed dead and handed back. */
  staleAfterSeconds: number;
  /**
   * Heartbeat period. A third of the stale window: two heartbeats may be lost (a busy database, a
   * long GC pause) before a live worker looks dead. Capped at 15 s so the row shows liveness in the UI.
   */
  heartbeatIntervalMs: number;
  /** Progress is written at most this often: one UPDATE per second per job is nothing for PostgreSQL. */
  progressIntervalMs: number;
  /** Wall-clock limit of one attempt = base + perMediaSecond × duration (probe included in the base). */
  timeoutBaseSeconds: number;
  timeoutPerMediaSecond: number;
  /** Sum of all rendition files of one version; more means a hostile input or a broken recipe. */
  maxOutputBytes: number;
  /** Claims of a version before a transient failure is recorded as ERROR instead of retried. */
  maxAttempts: number;
};

export type ProcessingConfigInput = Partial<Omit<ProcessingConfig, "media">> & { media?: MediaConfigInput };

export function defaultScratchRoot(): string {
  return path.join(os.tmpdir(), "axiom-worker");
}

export function makeProcessingConfig(input: ProcessingConfigInput = {}): ProcessingConfig {
  const staleAfterSeconds = input.staleAfterSeconds ?? DEFAULT_STALE_AFTER_SECONDS;
  return {
    media: parseMediaConfig(input.media ?? {}),
    scratchRoot: input.scratchRoot ?? defaultScratchRoot(),
    staleAfterSeconds,
    heartbeatIntervalMs: input.heartbeatIntervalMs ?? heartbeatIntervalFor(staleAfterSeconds),
    progressIntervalMs: input.progressIntervalMs ?? 1000,
    timeoutBaseSeconds: input.timeoutBaseSeconds ?? 60,
    // 20× the duration: the slowest path measured (1080p ProRes ladder at 1.23× real time on 2 cores,
    // docs/measurements.md) is ~0.8 s per media second; 20× leaves room for a host 10× busier than that.
    timeoutPerMediaSecond: input.timeoutPerMediaSecond ?? 20,
    maxOutputBytes: input.maxOutputBytes ?? 50 * 1024 ** 3,
    maxAttempts: input.maxAttempts ?? 5,
  };
}

/** Nobody/nogroup on Debian and most Linux distributions. */
const NOBODY = { uid: 65534, gid: 65534 } as const;

/**
 * The user FFmpeg runs as (WORKER_FFMPEG_USER): only a root worker can switch users, and only a root
 * worker needs to — its children would otherwise hold root over a hostile upload.
 */
export function ffmpegRunAs(setting: string, isRoot: boolean): { uid: number; gid: number } | null {
  if (setting === "off") return null;
  if (setting === "auto") return isRoot ? NOBODY : null;
  const [uid, gid] = setting.split(":").map(Number);
  return { uid: uid!, gid: gid! };
}

/** `cores`: what the worker may run on (`os.availableParallelism()`); FFMPEG_THREADS unset follows it. */
export function processingConfigFromEnv(env: Env, host: { isRoot: boolean; cores: number }): ProcessingConfig {
  const scaling = workerScalingFor(host.cores, { concurrency: env.WORKER_CONCURRENCY, ffmpegThreads: env.FFMPEG_THREADS });
  return makeProcessingConfig({
    media: {
      maxDurationSeconds: env.MEDIA_MAX_DURATION_SECONDS,
      maxSourceWidth: env.MEDIA_MAX_WIDTH,
      maxSourceHeight: env.MEDIA_MAX_HEIGHT,
      ffmpegThreads: scaling.ffmpegThreads,
      x264Preset: env.MEDIA_X264_PRESET,
      sandbox: {
        runAs: ffmpegRunAs(env.WORKER_FFMPEG_USER, host.isRoot),
        maxMemoryBytes: env.WORKER_FFMPEG_MAX_MEMORY_BYTES,
      },
    },
    scratchRoot: env.WORKER_SCRATCH_DIR ?? defaultScratchRoot(),
    staleAfterSeconds: env.WORKER_STALE_AFTER_SECONDS,
    timeoutBaseSeconds: env.WORKER_JOB_TIMEOUT_BASE_SECONDS,
    timeoutPerMediaSecond: env.WORKER_JOB_TIMEOUT_PER_MEDIA_SECOND,
    maxOutputBytes: env.WORKER_MAX_OUTPUT_BYTES,
    maxAttempts: env.WORKER_MAX_ATTEMPTS,
  });
}

/** Wall-clock budget of one attempt for a source of this duration. */
export function attemptTimeoutMs(config: ProcessingConfig, durationSeconds: number): number {
  const d = Number.isFinite(durationSeconds) && durationSeconds > 0 ? durationSeconds : 0;
  return Math.round((config.timeoutBaseSeconds + config.timeoutPerMediaSecond * d) * 1000);
}

/**
 * Claims a timed-out version gets at most: the first attempt and one retry. A timeout is transient only
 * on a host that was briefly overloaded; a file that really takes longer than its budget (or a hostile one
 * that claims hours of media) would otherwise hold a worker for `maxAttempts` × budget — 5 × (60 s + 20 ×
 * 6 h) ≈ 25 days for a file claiming the 6 h maximum.
 */
const MAX_ATTEMPTS_AFTER_TIMEOUT = 2;

/**
 * Retry policy of one failed attempt (`attempt` = claims so far, this one included): input errors never,
 * timeouts while `attempt < 2`, other transient errors while `attempt < maxAttempts`.
 */
export function isRetryAllowed(
  config: Pick<ProcessingConfig, "maxAttempts">,
  failure: { code: string; isRetryable: boolean },
  attempt: number,
): boolean {
  if (!failure.isRetryable) return false;
  const budget = failure.code === "timeout" ? Math.min(config.maxAttempts, MAX_ATTEMPTS_AFTER_TIMEOUT) : config.maxAttempts;
  return attempt < budget;
}
