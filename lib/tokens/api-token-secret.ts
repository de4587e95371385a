import { createHash, randomBytes } from "node:crypto";

/**
 * The shape of an API token: `axm_` + 43 base64url characters (32 random bytes, 256 bits).
 * The fixed prefix lets secret scanners (GitHub's, gitleaks, trufflehog) recognise a leaked
 * token with one regular expression, `axm_[A-Za-z0-9_-]{43}`, and tells a human what it is.
 */
export const API_TOKEN_PREFIX = "axm_";
const SECRET_BYTES = 32;
export const API_TOKEN_PATTERN = /^axm_[A-Za-z0-9_-]{43}$/;
/** How much of a token lists show (`axm_` + 4): enough to tell tokens apart, useless to an attacker. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 4;

export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = API_TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString("base64url");
  return { token, hash: hashApiToken(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/**
 * The stored form: hex SHA-256 of the whole token. A password hash (argon2) would buy nothing:
 * the secret has 256 bits of entropy, and a fast hash keeps the per-request lookup an index probe.
 */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
