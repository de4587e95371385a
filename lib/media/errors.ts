/**
 * One error type for the media layers. The job handler maps `code` onto the version's ERROR columns
 * (error code / message / log tail) and decides retry vs. give-up from `isRetryable`.
 *
 * When each code is thrown:
 * - `corrupt_input`     ffprobe exits non-zero; the container is not one we accept (format whitelist);
 *                       the decoder reports errors mid-stream (we decode with `-xerror`, so an H.264 with
 *                       flipped bytes that plain ffmpeg would "finish" with exit 0 fails here instead).
 * - `unsupported_codec` the file parses but FFmpeg cannot decode the essence (e.g. HTJ2K in FFmpeg 5.1:
 *                       "unsupported marker 0xFF50", "Not yet implemented", exit 69), or no decoder exists.
 * - `no_media_streams`  no decodable video or audio (only cover art, data or timecode tracks).
 * - `limit_exceeded`    the input is valid but outside the configured limits (duration, dimensions).
 * - `qc_failed`         the outputs were produced but a quality check failed; the message names the checks.
 * - `timeout`           a subprocess ran past its deadline or the caller aborted; the process group was killed.
 * - `internal`          anything else (spawn failure, unexpected FFmpeg exit): a bug or host problem, retryable.
 */
export const mediaErrorCodes = [
  "corrupt_input",
  "unsupported_codec",
  "no_media_streams",
  "limit_exceeded",
  "qc_failed",
  "timeout",
  "internal",
] as const;

export type MediaErrorCode = (typeof mediaErrorCodes)[number];

export class MediaError extends Error {
  override readonly name = "MediaError";
  readonly code: MediaErrorCode;
  /** Last lines of the tool's stderr (FFmpeg/ffprobe log), for the version's `error_log_tail`. */
  readonly logTail: string;
  /** For `qc_failed`: the names of the failed checks. */
  readonly failedChecks: readonly string[];

  constructor(
    code: MediaErrorCode,
    message: string,
    options: { logTail?: string; failedChecks?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.logTail = options.logTail ?? "";
    this.failedChecks = options.failedChecks ?? [];
  }

  /** Input errors never get better on retry; timeouts and internal errors might (busy host, OOM kill). */
  get isRetryable(): boolean {
    return this.code === "timeout" || this.code === "internal";
  }
}

export function isMediaError(value: unknown): value is MediaError {
  return value instanceof MediaError;
}

// Patterns are checked in this order: "cannot decode this codec" wins over "data is broken", because an
// undecodable codec also produces follow-on "invalid data" lines.
const unsupportedPatterns: readonly RegExp[] = [
  /unsupported marker/i, // jpeg2000 decoder on HTJ2K (JPEG 2000 Part 15) essence
  /Not yet implemented in FFmpeg/i,
  /Decoder \(codec [^)]*\) not found/i,
  /Unsupported codec/i,
  /codec not currently supported/i,
  /No decoder for/i,
  /is not implemented\. Update your FFmpeg/i,
];

const corruptPatterns: readonly RegExp[] = [
  /Invalid data found when processing input/i,
  /moov atom not found/i,
  /error while decoding/i,
  /Error while decoding stream/i,
  /corrupt/i,
  /incomplete frame/i,
  /Invalid NAL unit/i,
  /concealing \d+ /i,
  /unknown header/i,
  /Truncat/i,
  /Format [^ ]+ detected only with low score/i,
  /not on whitelist/i,
  /Sample rate 0 invalid/i,
];

/** FFmpeg's exit code for AVERROR_PATCHWELCOME ("Not yet implemented in FFmpeg, patches welcome"). */
const EXIT_PATCH_WELCOME = 69;

/**
 * Classifies a failed FFmpeg/ffprobe run reading *our input* by its exit code and log.
 * Returns `fallback` when nothing in the log points at the input.
 */
export function classifyFfmpegFailure(
  exitCode: number | null,
  log: string,
  fallback: MediaErrorCode = "internal",
): MediaErrorCode {
  if (exitCode === EXIT_PATCH_WELCOME) return "unsupported_codec";
  if (unsupportedPatterns.some((p) => p.test(log))) return "unsupported_codec";
  if (corruptPatterns.some((p) => p.test(log))) return "corrupt_input";
  return fallback;
}
