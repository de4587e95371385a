import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { ffmpegRunAs, processingConfigFromEnv } from "./processing-config";

describe("who FFmpeg runs as (WORKER_FFMPEG_USER)", () => {
  it("is nobody for a root worker and the worker itself otherwise, by default", () => {
    expect(ffmpegRunAs("auto", true)).toEqual({ uid: 65534, gid: 65534 });
    expect(ffmpegRunAs("auto", false)).toBeNull();
  });

  it("can be switched off or named explicitly", () => {
    expect(ffmpegRunAs("off", true)).toBeNull();
    expect(ffmpegRunAs("1001:1002", true)).toEqual({ uid: 1001, gid: 1002 });
  });

  it("reaches the media config's sandbox with the memory cap", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://x@127.0.0.1/x", WORKER_FFMPEG_MAX_MEMORY_BYTES: String(4 * 1024 ** 3) });
    const config = processingConfigFromEnv(env, { isRoot: true, cores: 2 });
    expect(config.media.sandbox).toMatchObject({ runAs: { uid: 65534, gid: 65534 }, maxMemoryBytes: 4 * 1024 ** 3 });
  });

  it("refuses a malformed setting at start-up", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://x@127.0.0.1/x", WORKER_FFMPEG_USER: "root" })).toThrow(/WORKER_FFMPEG_USER/);
  });
});
