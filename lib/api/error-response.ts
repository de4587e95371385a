import { toAppError } from "@/lib/errors";

/** The one mapper from any thrown value to an HTTP JSON error. 500s leak nothing. */
export function errorResponse(err: unknown): Response {
  const appError = toAppError(err);
  if (appError.status >= 500) console.error(appError.cause ?? appError);
  return Response.json(
    { error: { code: appError.code, message: appError.message } },
    { status: appError.status, headers: appError.code === "rate_limited" ? { "Retry-After": "900" } : undefined },
  );
}
