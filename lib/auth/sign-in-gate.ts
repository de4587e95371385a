import type { DbOrTx } from "@/db/client";
import { getSignInRetryAfterSeconds } from "./sign-in-rate-limit";

/**
 * The rate-limit gate in front of next-auth's credentials callback
 * (app/api/auth/[...nextauth]/route.ts). Returns the answer that refuses the request, or null
 * to let next-auth handle it.
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
  options: { baseUrl: string; now?: Date },
): Promise<Response | null> {
  const body = await readSignInBody(req);
  if (body === "unsupported") {
    return Response.json(
      {
        error: {
          code: "unsupported_media_type",
          message: "Send the sign-in form as application/x-www-form-urlencoded or application/json.",
        },
      },
      { status: 415 },
    );
  }
  const email = body?.email;
  // No usable email: next-auth refuses the attempt itself (its authorize() needs a string).
  if (typeof email !== "string") return null;
  const retryAfterSeconds = await getSignInRetryAfterSeconds(db, email, options.now);
  if (retryAfterSeconds === null) return null;
  return Response.json(
    {
      error: { code: "rate_limited", message: describeRateLimit(retryAfterSeconds) },
      // next-auth's client signIn() parses `url` with `new URL()` and reads ?error= from it, so
      // it must be absolute.
      url: new URL("/signin?error=RateLimited", options.baseUrl).toString(),
    },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

/** "Too many failed sign-in attempts. Try again in 15 minutes." (never "in 0 minutes"). */
export function describeRateLimit(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

async function readSignInBody(req: Request): Promise<Record<string, unknown> | null | "unsupported"> {
  const contentType = req.headers.get("content-type") ?? "";
  // Read from a clone: next-auth reads the original afterwards.
  if (contentType.includes("application/json")) {
    const value: unknown = await req.clone().json().catch(() => null);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  }
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(await req.clone().text()));
  }
  return "unsupported";
}
