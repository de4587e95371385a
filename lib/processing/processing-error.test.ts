import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { MediaError } from "@/lib/media/errors";
import { attemptTimeoutMs, isRetryAllowed, makeProcessingConfig } from "./processing-config";
import { DEFAULT_STALE_AFTER_SECONDS, heartbeatIntervalFor, sweepIntervalFor, worstCaseReclaimMs } from "./stale-window";
import { ProcessingError, toProcessingError } from "./processing-error";
import { contentTypeFor } from "./upload-renditions";

describe("toProcessingError", () => {
  it("keeps input errors from lib/media as they are, never retryable, with the log tail", () => {
    for (const code of ["corrupt_input", "unsupported_codec", "no_media_streams", "qc_failed"] as const) {
      const e = toProcessingError(new MediaError(code, "bad", { logTail: "tail" }));
      expect(e).toMatchObject({ code, isRetryable: false, logTail: "tail" });
    }
  });
  it("records a limit as corrupt_input with the limit's message, not retryable", () => {
    expect(toProcessingError(new MediaError("limit_exceeded", "too long"))).toMatchObject({ code: "limit_exceeded", message: "too long", isRetryable: false });
  });
  it("retries timeouts, internal errors, storage and database failures", () => {
    expect(toProcessingError(new MediaError("timeout", "slow")).isRetryable).toBe(true);
    expect(toProcessingError(new MediaError("internal", "spawn")).isRetryable).toBe(true);
    expect(toProcessingError(new AppError("storage_unavailable", "S3 down"))).toMatchObject({ code: "storage_unavailable", isRetryable: true });
    expect(toProcessingError(Object.assign(new Error("conn"), { code: "ECONNREFUSED" }))).toMatchObject({ code: "internal", isRetryable: true });
    expect(toProcessingError(Object.assign(new Error("x"), { code: "40001" }))).toMatchObject({ code: "internal", isRetryable: true });
  });
  it("classifies anything unknown as internal and says what it was", () => {
    const e = toProcessingError(new TypeError("undefined is not a function"));
    expect(e).toBeInstanceOf(ProcessingError);
    expect(e.code).toBe("internal");
    expect(e.message).toContain("TypeError");
  });
  it("never retries checksum mismatches", () => {
    expect(new ProcessingError("checksum_mismatch", "x").isRetryable).toBe(false);
  });
});

describe("isRetryAllowed", () => {
  const config = makeProcessingConfig({ maxAttempts: 5 });
  const timeout = new ProcessingError("timeout", "slow");
  const storage = new ProcessingError("storage_unavailable", "S3 down");

  it("retries a timeout once, never a second time: a file that outlasts its budget holds a worker at most twice", () => {
    expect(isRetryAllowed(config, timeout, 1)).toBe(true);
    expect(isRetryAllowed(config, timeout, 2)).toBe(false);
    expect(isRetryAllowed(config, timeout, 4)).toBe(false);
  });

  it("retries other transient errors up to maxAttempts claims", () => {
    expect(isRetryAllowed(config, storage, 4)).toBe(true);
    expect(isRetryAllowed(config, storage, 5)).toBe(false);
    expect(isRetryAllowed(makeProcessingConfig({ maxAttempts: 1 }), timeout, 1)).toBe(false);
  });

  it("never retries input errors", () => {
    expect(isRetryAllowed(config, new ProcessingError("corrupt_input", "bad"), 1)).toBe(false);
  });
});

describe("processing config", () => {
  it("gives an attempt 60 s plus 20 s per media second by default", () => {
    const config = makeProcessingConfig();
    expect(attemptTimeoutMs(config, 0)).toBe(60_000);
    expect(attemptTimeoutMs(config, 60)).toBe(1_260_000);
    expect(attemptTimeoutMs(config, Number.NaN)).toBe(60_000);
  });
  it("heartbeats three times per stale window, at most every 15 s", () => {
    expect(heartbeatIntervalFor(300)).toBe(15_000);
    expect(heartbeatIntervalFor(6)).toBe(2000);
  });

  it("hands a dead worker's version back within 5 minutes with the default stale window", () => {
    expect(worstCaseReclaimMs(DEFAULT_STALE_AFTER_SECONDS)).toBeLessThanOrEqual(5 * 60_000);
    expect(makeProcessingConfig().staleAfterSeconds).toBe(DEFAULT_STALE_AFTER_SECONDS);
    // The sweeper runs well inside the window, never busier than once a second.
    expect(sweepIntervalFor(240)).toBe(30_000);
    expect(sweepIntervalFor(4)).toBe(1000);
    expect(worstCaseReclaimMs(4)).toBe(5000);
  });
});

describe("contentTypeFor", () => {
  it("names the types players need", () => {
    expect(contentTypeFor("hls/master.m3u8")).toBe("application/vnd.apple.mpegurl");
    expect(contentTypeFor("hls/720p/seg_00001.m4s")).toBe("video/iso.segment");
    expect(contentTypeFor("hls/720p/init_0.mp4")).toBe("video/mp4");
    expect(contentTypeFor("proxy.m4a")).toBe("audio/mp4");
    expect(contentTypeFor("poster.jpg")).toBe("image/jpeg");
    expect(contentTypeFor("thumbnails.vtt")).toBe("text/vtt");
    expect(contentTypeFor("waveform.png")).toBe("image/png");
    expect(contentTypeFor("unknown.bin")).toBe("application/octet-stream");
  });
});
