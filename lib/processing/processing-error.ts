import type { ProcessingErrorCode } from "@/db/schema";
import { AppError, findPostgresErrorCode } from "@/lib/errors";
import { isMediaError } from "@/lib/media/errors";

/**
 * The processing job's own failure type: a classified code (the version's `error_code`), a human
 * message, the tail of FFmpeg's log, and whether trying again could help.
 *
 * When each code is recorded:
 * - `corrupt_input`, `unsupported_codec`, `no_media_streams`, `limit_exceeded`, `qc_failed`: from
 *   lib/media (see its errors.ts); the input will not get better, so never retried.
 * - `pipeline_failed`: our processing failed on a source that decodes cleanly (lib/media says which
 *   step). Deterministic, so not retried automatically; the user's Retry runs it again after a fix. The
 *   `limit_exceeded` message names the limit (duration, dimensions, output bytes) and its setting.
 * - `checksum_mismatch`: the bytes in storage are not the bytes the client hashed (or not the size it
 *   declared, or they changed since an earlier attempt read them). Not retried: press Retry after
 *   uploading again.
 * - `storage_unavailable`: S3 did not answer, or the master is missing. Retried.
 * - `timeout`: the attempt ran past its wall-clock budget (base + factor × duration). Retried.
 * - `internal`: database errors, spawn failures, bugs. Retried.
 */
export class ProcessingError extends Error {
  override readonly name = "ProcessingError";
  readonly code: ProcessingErrorCode;
  readonly logTail: string;
  readonly isRetryable: boolean;

  constructor(
    code: ProcessingErrorCode,
    message: string,
    options: { logTail?: string; isRetryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.logTail = options.logTail ?? "";
    this.isRetryable = options.isRetryable ?? RETRYABLE_CODES.has(code);
  }
}

const RETRYABLE_CODES: ReadonlySet<ProcessingErrorCode> = new Set(["storage_unavailable", "timeout", "internal"]);

/**
 * Another worker took the version over (our heartbeat went stale and the sweeper handed it back), or
 * someone changed its state. The attempt stops without touching the row: it is no longer ours.
 */
export class LostClaimError extends Error {
  override readonly name = "LostClaimError";
}

/** The worker is shutting down: the attempt is interrupted, not failed. */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
}

const MAX_LOG_TAIL_CHARS = 8000;

/** Maps anything thrown during an attempt onto a classified ProcessingError. */
export function toProcessingError(err: unknown): ProcessingError {
  if (err instanceof ProcessingError) return err;
  if (isMediaError(err)) {
    const logTail = err.logTail.slice(-MAX_LOG_TAIL_CHARS);
    switch (err.code) {
      case "limit_exceeded":
      case "corrupt_input":
      case "unsupported_codec":
      case "no_media_streams":
      case "qc_failed":
      case "pipeline_failed":
      case "timeout":
      case "internal":
        return new ProcessingError(err.code, err.message, { logTail, cause: err });
    }
  }
  if (err instanceof AppError && err.code === "storage_unavailable") {
    return new ProcessingError("storage_unavailable", err.message, { cause: err });
  }
  if (findPostgresErrorCode(err) || isConnectionError(err)) {
    return new ProcessingError("internal", "The database did not answer as expected; will try again.", { cause: err });
  }
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new ProcessingError("internal", `Unexpected failure while processing (${detail}).`, { cause: err });
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|CONNECTION_|CONNECT_TIMEOUT)/.test(code);
}
