import type { DbOrTx } from "@/db/client";
import { readBodyTextWithLimit } from "@/lib/api/read-body";
import { toAppError } from "@/lib/errors";
import { getSignInLimit, type SignInLimit } from "./sign-in-rate-limit";

/**
 * A sign-in body is an email, a password, a CSRF token and a callback URL: 8 KiB is generous,
 * and anything bigger is refused before it is buffered (the gate runs before authentication).
 */
export const SIGN_IN_BODY_MAX_BYTES = 8 * 1024;

/**
 * The gate in front of next-auth's credentials callback (app/api/auth/[...nextauth]/route.ts):
 * refuses oversized bodies (413) and attempts the rate limit already refuses (429, with how long
 * to wait). Returns the answer that refuses the request, or null to let next-auth handle it.
 *
 * The gate is the friendly answer, not the guarantee: `authorize()` checks the limit again,
 * atomically, for every attempt next-auth runs (lib/auth/sign-in-with-password.ts).
 *
 * It must see the email of every body next-auth would accept, or a limited email could simply
 * switch encodings: next-auth's `getBody` reads JSON when the content type contains
 * "application/json", else a form when it contains "application/x-www-form-urlencoded", in that
 * order, and ignores anything else. The gate reads the same way and refuses any other type (415),
 * so a future next-auth that learns a new encoding cannot open a way around it.
 */
export async function refuseRateLimitedSignIn(
  db: DbOrTx,
  req: Request,
  options: { baseUrl: string; network: string; now?: Date },
): Promise<Response | null> {
  return (await inspectSignIn(db, req, options)).refusal;
}

/** `refuseRateLimitedSignIn`, also telling the route which email the body names (null: none usable). */
export async function inspectSignIn(
  db: DbOrTx,
  req: Request,
  options: { baseUrl: string; network: string; now?: Date },
): Promise<{ refusal: Response } | { refusal: null; email: string | null }> {
  let body: Record<string, unknown> | null | "unsupported";
  try {
    body = await readSignInBody(req);
  } catch (err) {
    const appError = toAppError(err);
    if (appError.code !== "payload_too_large") throw err;
    return { refusal: Response.json({ error: { code: appError.code, message: appError.message } }, { status: appError.status }) };
  }
  if (body === "unsupported") {
    const error = {
      code: "unsupported_media_type",
      message: "Send the sign-in form as application/x-www-form-urlencoded or application/json.",
    };
    return { refusal: Response.json({ error }, { status: 415 }) };
  }
  const email = body?.email;
  // No usable email: next-auth refuses the attempt itself (its authorize() needs a string).
  if (typeof email !== "string" || email.length === 0 || email.length > 320) return { refusal: null, email: null };
  const limit = await getSignInLimit(db, { email, network: options.network, now: options.now });
  return limit ? { refusal: rateLimitedResponse(limit, options.baseUrl) } : { refusal: null, email };
}

/**
 * next-auth picks its action and provider from the first two path segments only
 * (`callback/credentials/anything` is the credentials callback too), so the gate matches the same
 * way: matching the whole path let every longer path through unlimited.
 */
export function isCredentialsCallback(segments: readonly string[]): boolean {
  return segments[0] === "callback" && segments[1] === "credentials";
}

/** The 429 of a refused sign-in, as next-auth's client and AXIOM's sign-in form read it. */
export function rateLimitedResponse(limit: SignInLimit, baseUrl: string): Response {
  return Response.json(
    {
      error: { code: "rate_limited", message: describeRateLimit(limit.retryAfterSeconds) },
      // next-auth's client signIn() parses `url` with `new URL()` and reads ?error= from it, so
      // it must be absolute.
      url: new URL("/signin?error=RateLimited", baseUrl).toString(),
    },
    { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
  );
}

/** "Too many failed sign-in attempts. Try again in 15 minutes." (never "in 0 minutes"). */
export function describeRateLimit(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

async function readSignInBody(req: Request): Promise<Record<string, unknown> | null | "unsupported"> {
  const contentType = req.headers.get("content-type") ?? "";
  const isJson = contentType.includes("application/json");
  if (!isJson && !contentType.includes("application/x-www-form-urlencoded")) return "unsupported";
  // Read from a clone: next-auth reads the original afterwards (only when the gate lets it through,
  // so only a body within the limit is ever read whole).
  const text = await readBodyTextWithLimit(req.clone(), SIGN_IN_BODY_MAX_BYTES);
  if (isJson) {
    let value: unknown = null;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  }
  return Object.fromEntries(new URLSearchParams(text));
}
