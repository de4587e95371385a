import { describe, expect, it } from "vitest";
import { classifyFfmpegFailure, MediaError } from "./errors";

describe("classifyFfmpegFailure", () => {
  it("calls HTJ2K in FFmpeg 5.1 unsupported_codec (unsupported marker, exit 69)", () => {
    expect(classifyFfmpegFailure(69, "")).toBe("unsupported_codec");
    expect(classifyFfmpegFailure(1, "[jpeg2000 @ 0x1] unsupported marker 0xFF50 at pos 0x33\nError while decoding stream #0:0: Invalid data found")).toBe("unsupported_codec");
  });

  it("calls decode errors and missing moov corrupt_input", () => {
    expect(classifyFfmpegFailure(1, "[h264 @ 0x1] error while decoding MB 13 0, bytestream -5")).toBe("corrupt_input");
    expect(classifyFfmpegFailure(1, "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found")).toBe("corrupt_input");
    expect(classifyFfmpegFailure(1, "[dnxhd @ 0x1] unknown header 0x00 0x00 0x00 0x00 0x00")).toBe("corrupt_input");
  });

  it("falls back to the given code when the log does not point at the input", () => {
    expect(classifyFfmpegFailure(1, "Killed")).toBe("internal");
    expect(classifyFfmpegFailure(1, "", "corrupt_input")).toBe("corrupt_input");
  });
});

describe("MediaError", () => {
  it("retries only timeouts and internal errors", () => {
    expect(new MediaError("timeout", "x").isRetryable).toBe(true);
    expect(new MediaError("internal", "x").isRetryable).toBe(true);
    expect(new MediaError("corrupt_input", "x").isRetryable).toBe(false);
    expect(new MediaError("qc_failed", "x", { failedChecks: ["proxy_frame_count"] }).failedChecks).toEqual(["proxy_frame_count"]);
  });
});
