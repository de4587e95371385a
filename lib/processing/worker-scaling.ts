/**
 * How many jobs one worker process runs at once and how many threads each FFmpeg gets, from the cores
 * this process may run on (docs/processing.md, "Scaling"). Pure: the worker passes the core count
 * (`os.availableParallelism()`, which on Linux is the process's CPU affinity, so a worker started
 * under `taskset -c 2,3` sees 2) and the overrides from the environment.
 *
 * - concurrency = max(1, ⌊cores / 4⌋): one job's FFmpeg (decode, scale, 3–4 x264 encodes of the
 *   ladder, each frame-threaded) keeps about four cores busy; past that its threads wait on each
 *   other (the lower rungs finish first, the top rung's frame threads are bounded by lookahead), and
 *   a second job uses the next four better. Up to 4 cores: one job, FFmpeg gets them all.
 * - FFmpeg threads = 0 ("FFmpeg decides": it counts the same affinity) when one job runs; otherwise
 *   ⌊cores / concurrency⌋ each, so concurrent jobs split the cores instead of each starting a
 *   thread per core and thrashing.
 *
 * An override of one is honoured as given and the other still follows the formula (WORKER_CONCURRENCY=3
 * on 12 cores: 4 threads each). FFMPEG_THREADS=0 explicitly means "FFmpeg decides" whatever the
 * concurrency.
 */
export type WorkerScaling = { concurrency: number; ffmpegThreads: number };

/** One job's FFmpeg keeps about this many cores busy (see above). */
export const CORES_PER_JOB = 4;

export function workerScalingFor(cores: number, overrides: { concurrency?: number; ffmpegThreads?: number } = {}): WorkerScaling {
  const usable = Math.max(1, Math.floor(cores));
  const concurrency = overrides.concurrency ?? Math.max(1, Math.floor(usable / CORES_PER_JOB));
  const ffmpegThreads = overrides.ffmpegThreads ?? (concurrency === 1 ? 0 : Math.max(1, Math.floor(usable / concurrency)));
  return { concurrency, ffmpegThreads };
}
