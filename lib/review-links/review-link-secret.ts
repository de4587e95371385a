import { createHash, randomBytes } from "node:crypto";

/**
 * The secrets of review links (docs/review-links.md, "Security"): the token in a link's URL and
 * a guest's session cookie are each 32 random bytes (256 bits) as 43 base64url characters. Only
 * their SHA-256 is stored: with that much entropy there is nothing to brute-force, so a fast hash
 * (an index probe per request) is enough, and a copy of the database opens no link or session.
 */
const SECRET_BYTES = 32;
export const REVIEW_LINK_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateReviewLinkSecret(): { secret: string; hash: string } {
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { secret, hash: hashReviewLinkSecret(secret) };
}

/** Hex SHA-256: the stored form of a link token or a guest session secret. */
export function hashReviewLinkSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Whether a string can be such a secret at all (anything else is refused before a lookup). */
export function isReviewLinkSecret(value: string): boolean {
  return REVIEW_LINK_SECRET_PATTERN.test(value);
}
