/**
 * One error type for the media layers. The job handler maps `code` onto the version's ERROR columns
 * (error code / message / log tail) and decides retry vs. give-up from `isRetryable`.
 *
 * When each code is thrown:
 * - `corrupt_input`     ffprobe exits non-zero; the container is not one we accept (format whitelist);
 *                       or, after a failed transcode, decoding the source *alone* fails too
 *                       (`diagnose-source.ts`): "damaged" is said only then, never for our own faults.
 * - `unsupported_codec` the file parses but FFmpeg cannot decode the essence (e.g. HTJ2K in FFmpeg 5.1:
 *                       "unsupported marker 0xFF50", "Not yet implemented", exit 69), or no decoder exists.
 * - `no_media_streams`  no decodable video or audio (only cover art, data or timecode tracks).
 * - `limit_exceeded`    the input is valid but outside the configured limits (duration, dimensions).
 * - `qc_failed`         the outputs were produced but a quality check failed; the message names the checks.
 * - `pipeline_failed`   our FFmpeg graph, muxer options or remux failed on a source that decodes cleanly:
 *                       our fault, said so. Not retried automatically (the same code fails the same way);
 *                       the user's Retry runs it again after a fix.
 * - `timeout`           a subprocess ran past its deadline or the caller aborted; the process group was killed.
 * - `internal`          spawn failures, FFmpeg killed by a signal, a host problem in the log (disk full,
 *                       out of memory) or an argument FFmpeg rejects (our bug): retryable. An FFmpeg exit
 *                       on a probed-OK input that names no such cause is `corrupt_input` (see
 *                       `classifyTranscodeExit`).
 */
export const mediaErrorCodes = [
  "corrupt_input",
  "unsupported_codec",
  "no_media_streams",
  "limit_exceeded",
  "qc_failed",
  "pipeline_failed",
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
  /Codec \(\w+\) not on whitelist/i, // a decoder outside ACCEPTED_DECODERS (media-formats.ts)
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
  // Lines that point at the input although they are not "errors while decoding" (real FFmpeg 5.1 stderr):
  // a stream whose decoder produced nothing (P-frames without a keyframe: "Empty output on stream 0." under
  // `-abort_on empty_output_stream`), packets the demuxer could not read whole, broken NAL framing.
  /Empty output on stream/i,
  /Output file is empty, nothing was encoded/i,
  /corrupt input packet/i,
  /partial file/i,
  /Could not find codec parameters/i,
  /Error splitting the input into NAL units/i,
  /missing picture in access unit/i,
  /decode_slice_header error/i,
  /non-existing PPS/i,
  /no frame!/i,
  /Input buffer exhausted/i,
  /End of file/i,
];

// The host, not the file: full or read-only disk, memory, file handles; and our own arguments (a bug:
// an option or filter FFmpeg does not know). Retried as `internal`, never blamed on the upload.
const hostCauses: readonly (readonly [RegExp, string])[] = [
  [/No space left on device|Disk quota exceeded/i, "the worker's scratch disk is full"],
  [/Read-only file system/i, "the worker's scratch disk is read-only"],
  [/Cannot allocate memory|malloc of size \d+ failed/i, "the worker ran out of memory (or hit its FFmpeg memory cap)"], // x264 under the sandbox's address-space limit
  [/Too many open files/i, "the worker ran out of file handles"],
  // Our scratch permissions (a sandboxed FFmpeg that cannot reach a file), never the upload's.
  [/Permission denied/i, "FFmpeg could not reach its scratch files"],
  [/Unrecognized option|Option \S+ not found|No such filter|Error parsing filterchain|Invalid stream specifier|matches no streams/i, "AXIOM gave FFmpeg arguments it refused (a bug)"],
];
const hostPatterns: readonly RegExp[] = hostCauses.map(([pattern]) => pattern);

/** What on the worker (not in the file) made FFmpeg fail, in words, or null when the log names nothing. */
export function describeHostFailure(log: string): string | null {
  return hostCauses.find(([pattern]) => pattern.test(log))?.[1] ?? null;
}

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
  if (hostPatterns.some((p) => p.test(log))) return "internal";
  if (exitCode === EXIT_PATCH_WELCOME) return "unsupported_codec";
  if (unsupportedPatterns.some((p) => p.test(log))) return "unsupported_codec";
  if (corruptPatterns.some((p) => p.test(log))) return "corrupt_input";
  return fallback;
}

/**
 * Classifies a finished FFmpeg run over an input ffprobe already accepted. A signal (the OOM killer,
 * an operator) is the host's doing: `internal`, retried. A non-zero exit is the input's unless the log
 * names a host or argument problem: `unsupported_codec` / `corrupt_input` by the patterns above, and
 * `corrupt_input` too when nothing is recognised — a probed-OK file FFmpeg still cannot get through will
 * fail the same way on every retry, so retrying it five times would only hold a worker.
 */
export function classifyTranscodeExit(exitCode: number | null, signal: string | null, log: string): MediaErrorCode {
  if (signal !== null || exitCode === null) return "internal";
  return classifyFfmpegFailure(exitCode, log, "corrupt_input");
}

/**
 * The first line of an FFmpeg log, readable in a message: "[h264 @ 0x55d0…] error while decoding MB 3 4"
 * becomes "h264: error while decoding MB 3 4"; the input's path (a scratch path) is left out.
 */
export function firstErrorLine(log: string): string {
  const line = log.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "";
  return line
    .replace(/^\[([^\] @]+) @ 0x[0-9a-f]+\]\s*(\[\w+\]\s*)?/i, "$1: ")
    .replace(/^(\[\w+\]\s*)?\/\S+:\s*/, "")
    .slice(0, 200);
}
