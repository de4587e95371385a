import { ZodError } from "zod";

/**
 * One error type for the whole app, one mapper to HTTP (`lib/api/error-response.ts`).
 * Domain functions throw `AppError`; the edge turns it into `{ error: { code, message } }`.
 *
 * When each code is thrown:
 * - `unauthenticated`: no valid session (pages redirect to sign-in instead).
 * - `forbidden`: a member of the project lacks the permission (non-members get `not_found`).
 * - `forbidden_origin`: a cookie-authenticated mutation came from another site (lib/api/request-guards.ts).
 * - `not_found`: the object does not exist *or* the caller may not know it exists.
 * - `validation_failed`: a body, query or param failed its zod schema; the message names the field.
 * - `conflict`: the request is well-formed but the object's state refuses it (e.g. wrong state).
 * - `gone`: the object existed and has expired for good (a review link past its expiry date).
 * - `rate_limited`: too many attempts; retry later.
 * - `payload_too_large`, `unsupported_media_type`: upload limits, request bodies over their byte
 *   limit, mutations that are not JSON.
 * - `storage_unavailable`: the object store did not answer as expected.
 * - `database_unavailable`: PostgreSQL refused or dropped the connection (down, restarting, failing
 *   over); nothing the user did, so 503 and "try again", never a 500.
 * - `internal`: anything unexpected; the message leaks nothing.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  forbidden_origin: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  storage_unavailable: 503,
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;

  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = options.field;
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const forbidden = (why: string) => new AppError("forbidden", why);
export const conflict = (why: string) => new AppError("conflict", why);

/** A ZodError as one readable sentence naming the first offending field. */
export function describeZodError(error: ZodError): { message: string; field?: string } {
  const issue = error.issues[0];
  if (!issue) return { message: "Invalid input" };
  const field = issue.path.map(String).join(".");
  return { message: field ? `${field}: ${issue.message}` : issue.message, field: field || undefined };
}

/**
 * What a client is told for a server-side failure: a fixed sentence per code. The thrown
 * message of a 5xx may name object keys, S3 error text, hosts or paths (it is logged instead).
 */
const PUBLIC_SERVER_MESSAGES: Record<string, string> = {
  storage_unavailable: "Media storage is not answering as expected. Please try again in a moment.",
  database_unavailable: "The database is not answering (it may be restarting). Please try again in a moment.",
};
const PUBLIC_INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

/** `{ code, message }` safe to send to the client: 5xx messages are replaced by fixed ones. */
export function publicErrorOf(appError: AppError): { code: ErrorCode; message: string } {
  if (appError.status < 500) return { code: appError.code, message: appError.message };
  return { code: appError.code, message: PUBLIC_SERVER_MESSAGES[appError.code] ?? PUBLIC_INTERNAL_MESSAGE };
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const { message, field } = describeZodError(err);
    return new AppError("validation_failed", message, { field, cause: err });
  }
  if (isDatabaseUnreachable(err)) return new AppError("database_unavailable", "Database unreachable", { cause: err });
  const pgCode = findPostgresErrorCode(err);
  if (pgCode === "23505") return new AppError("conflict", "That already exists.", { cause: err });
  if (pgCode === "23514") return new AppError("conflict", "That change is not allowed in the current state.", { cause: err });
  return new AppError("internal", PUBLIC_INTERNAL_MESSAGE, { cause: err });
}

/** SQLSTATE of a PostgreSQL error, also when wrapped (Drizzle wraps driver errors in `cause`). */
export function findPostgresErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * postgres.js's own connection codes, and the socket errors it passes through when it cannot reach
 * the server. Storage errors never get here raw: lib/storage wraps them as `storage_unavailable`.
 */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
]);

/**
 * True when `err` (or a cause, as Drizzle wraps driver errors) says PostgreSQL cannot be reached:
 * a refused or dropped connection, SQLSTATE class 08 (connection exception), or 57P01–57P03
 * (the server is shutting down, crashed or still starting).
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_ERROR_CODES.has(code) || code.startsWith("08") || /^57P0[123]$/.test(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
