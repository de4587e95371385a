import { publicErrorOf, toAppError } from "@/lib/errors";

/**
 * The one mapper from any thrown value to an HTTP JSON error. 5xx bodies leak nothing: their
 * thrown message (which may carry S3 error text, object keys or hosts) goes to the server log and
 * the client gets a fixed sentence per code (`publicErrorOf`).
 */
export function errorResponse(err: unknown): Response {
  const appError = toAppError(err);
  if (appError.status >= 500) console.error(appError.cause ?? appError);
  return Response.json(
    { error: publicErrorOf(appError) },
    { status: appError.status, headers: RETRY_AFTER_SECONDS[appError.code] ? { "Retry-After": RETRY_AFTER_SECONDS[appError.code]! } : undefined },
  );
}

/** Sign-in limits count 15 minutes; a database restart or failover takes seconds. */
const RETRY_AFTER_SECONDS: Partial<Record<string, string>> = { rate_limited: "900", database_unavailable: "5" };
