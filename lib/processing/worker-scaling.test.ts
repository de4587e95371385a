import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { processingConfigFromEnv } from "./processing-config";
import { workerScalingFor } from "./worker-scaling";

describe("worker scaling from the core count", () => {
  it("runs one job with FFmpeg choosing its threads on up to 7 cores", () => {
    for (const cores of [1, 2, 4, 7]) expect(workerScalingFor(cores)).toEqual({ concurrency: 1, ffmpegThreads: 0 });
  });

  it("runs a job per 4 cores on bigger hosts and splits the cores between them", () => {
    expect(workerScalingFor(8)).toEqual({ concurrency: 2, ffmpegThreads: 4 });
    expect(workerScalingFor(16)).toEqual({ concurrency: 4, ffmpegThreads: 4 });
    expect(workerScalingFor(18)).toEqual({ concurrency: 4, ffmpegThreads: 4 });
    expect(workerScalingFor(64)).toEqual({ concurrency: 16, ffmpegThreads: 4 });
  });

  it("honours an override and fits the other setting to it", () => {
    expect(workerScalingFor(12, { concurrency: 3 })).toEqual({ concurrency: 3, ffmpegThreads: 4 });
    expect(workerScalingFor(2, { concurrency: 2 })).toEqual({ concurrency: 2, ffmpegThreads: 1 });
    expect(workerScalingFor(16, { ffmpegThreads: 0 })).toEqual({ concurrency: 4, ffmpegThreads: 0 });
    expect(workerScalingFor(16, { concurrency: 1, ffmpegThreads: 6 })).toEqual({ concurrency: 1, ffmpegThreads: 6 });
  });

  it("reaches the processing config from the environment: unset follows the cores, set is taken as is", () => {
    const base = { DATABASE_URL: "postgres://x@127.0.0.1/x" };
    expect(processingConfigFromEnv(parseEnv(base), { isRoot: false, cores: 8 }).media.ffmpegThreads).toBe(4);
    expect(processingConfigFromEnv(parseEnv({ ...base, FFMPEG_THREADS: "3" }), { isRoot: false, cores: 8 }).media.ffmpegThreads).toBe(3);
  });

  it("refuses nonsense in the environment at start-up", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://x@127.0.0.1/x", WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY/);
    expect(() => parseEnv({ DATABASE_URL: "postgres://x@127.0.0.1/x", FFMPEG_THREADS: "many" })).toThrow(/FFMPEG_THREADS/);
  });
});
