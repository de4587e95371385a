import { GUEST_SESSION_COOKIE } from "./guest-session";
import { guestLinkApiPath } from "./guest-paths";

/**
 * The guest session cookie (docs/review-links.md, "Security"): HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page can make a request that carries it), Path = the link's own
 * guest API (`/api/guest/links/<linkId>`: sent nowhere else, not even to the page), Secure when
 * the app is served over HTTPS, and gone when the link expires. Its value is a 256-bit random
 * secret; the database holds its SHA-256.
 */
export function guestSessionCookie(params: { linkId: string; secret: string; expiresAt: Date; isSecure: boolean; now?: Date }): string {
  const maxAge = Math.max(0, Math.floor((params.expiresAt.getTime() - (params.now ?? new Date()).getTime()) / 1000));
  return [
    `${GUEST_SESSION_COOKIE}=${params.secret}`,
    `Path=${guestLinkApiPath(params.linkId)}`,
    `Max-Age=${maxAge}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(params.isSecure ? ["Secure"] : []),
  ].join("; ");
}

/** The guest session secret a request carries, or null. */
export function guestSecretOf(req: Request): string | null {
  const header = req.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === GUEST_SESSION_COOKIE) return value.join("=") || null;
  }
  return null;
}
