import { describe, expect, it } from "vitest";
import { classifyFfmpegFailure, classifyTranscodeExit, MediaError } from "./errors";

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

  it("blames our own scratch permissions and memory limits, never the file", () => {
    expect(classifyFfmpegFailure(1, "/scratch/job/master: Permission denied", "corrupt_input")).toBe("internal");
    expect(classifyFfmpegFailure(1, "x264 [error]: malloc of size 26999616 failed", "corrupt_input")).toBe("internal");
  });

  it("names the worker's problem in words: a full scratch disk, memory, our own arguments", async () => {
    const { describeHostFailure } = await import("./errors");
    expect(describeHostFailure("[error] av_interleaved_write_frame(): No space left on device")).toBe("the worker's scratch disk is full");
    expect(describeHostFailure("x264 [error]: malloc of size 26999616 failed")).toMatch(/out of memory/);
    expect(describeHostFailure("[AVFilterGraph @ 0x1] No such filter: 'zscalee'")).toMatch(/a bug/);
    expect(describeHostFailure("[h264 @ 0x1] error while decoding MB 3 4")).toBeNull();
  });

  it("calls a decoder outside the codec whitelist unsupported_codec, not corrupt", () => {
    expect(classifyFfmpegFailure(1, "[cinepak @ 0x1] Codec (cinepak) not on whitelist 'h264,hevc'", "corrupt_input")).toBe("unsupported_codec");
    // A container outside the format whitelist stays corrupt_input (not a media file we accept).
    expect(classifyFfmpegFailure(1, "Format hls is not on whitelist", "corrupt_input")).toBe("corrupt_input");
  });

  it("names the first error readably, without addresses or the scratch path", async () => {
    const { firstErrorLine } = await import("./errors");
    expect(firstErrorLine("[h264 @ 0x55d0c8a4f940] error while decoding MB 3 4\nmore")).toBe("h264: error while decoding MB 3 4");
    expect(firstErrorLine("/tmp/axiom-worker/x/master: corrupt decoded frame in stream 0")).toBe("corrupt decoded frame in stream 0");
  });

  it("falls back to the given code when the log does not point at the input", () => {
    expect(classifyFfmpegFailure(1, "Killed")).toBe("internal");
    expect(classifyFfmpegFailure(1, "", "corrupt_input")).toBe("corrupt_input");
  });
});

// Real FFmpeg 5.1 stderr (our transcode arguments, `-loglevel level+warning`), captured from generated files.
const samples = {
  // H.264 with every keyframe dropped (noise bsf): probes fine, decodes to nothing.
  noKeyframes: "[fatal] Empty output on stream 0.",
  // +faststart MP4 cut just after the mdat header: moov intact, the media data gone.
  mdatLost: [
    "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55c478eea140] [warning] Packet corrupt (stream = 1, dts = -1024).",
    "[aac @ 0x55c478ef1380] [error] TYPE_FIL: Input buffer exhausted before END element found",
    "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55c478eea140] [error] stream 0, offset 0xe05: partial file",
  ].join("\n"),
  // The same cut in the middle of the mdat.
  mdatHalf: [
    "[NULL @ 0x5568ce3d2480] [error] Invalid NAL unit size (3709 > 2150).",
    "[NULL @ 0x5568ce3d2480] [error] missing picture in access unit with size 2154",
  ].join("\n"),
  // Scratch on a 64 KiB tmpfs.
  diskFull: [
    "[error] av_interleaved_write_frame(): No space left on device",
    "[error] Error writing trailer of tiny/out.mp4: No space left on device",
  ].join("\n"),
  badOption: "Unrecognized option 'hls_segment_optionz'.\nError splitting the argument list: Option not found",
};

describe("classifyTranscodeExit (FFmpeg exited non-zero on an input ffprobe accepted)", () => {
  it("blames the input when the log points at it: empty output, partial packets, broken NAL framing", () => {
    expect(classifyTranscodeExit(1, null, samples.noKeyframes)).toBe("corrupt_input");
    expect(classifyTranscodeExit(1, null, samples.mdatLost)).toBe("corrupt_input");
    expect(classifyTranscodeExit(1, null, samples.mdatHalf)).toBe("corrupt_input");
  });

  it("blames the input when nothing in the log is recognised: a retry would fail the same way", () => {
    expect(classifyTranscodeExit(1, null, "[error] something new and strange")).toBe("corrupt_input");
  });

  it("keeps internal (retried) for signals, a full disk and arguments FFmpeg rejects", () => {
    expect(classifyTranscodeExit(null, "SIGKILL", "")).toBe("internal");
    expect(classifyTranscodeExit(1, null, samples.diskFull)).toBe("internal");
    expect(classifyTranscodeExit(1, null, samples.badOption)).toBe("internal");
  });

  it("still calls an undecodable codec unsupported_codec", () => {
    expect(classifyTranscodeExit(69, null, "")).toBe("unsupported_codec");
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
