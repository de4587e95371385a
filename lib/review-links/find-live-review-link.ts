import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reviewLinks, type ReviewLink } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { hashReviewLinkSecret, isReviewLinkSecret } from "./review-link-secret";

/** What an unknown and a revoked link answer alike: a revoked link is as if it never existed. */
export const LINK_NOT_FOUND = "This review link does not exist or was revoked.";

/**
 * Whether a link may be used now, or throws: `not_found` when revoked, `gone` (410) when past its
 * expiry. Every guest request passes through here, so revoking takes effect on the next request.
 */
export function assertReviewLinkLive(link: ReviewLink, now = new Date()): ReviewLink {
  if (link.revokedAt) throw notFound(LINK_NOT_FOUND);
  if (link.expiresAt.getTime() <= now.getTime()) throw new AppError("gone", "This review link has expired.");
  return link;
}

/** The live link a URL token names, or throws (`not_found` for a malformed, unknown or revoked token; `gone` once expired). */
export async function findLiveReviewLinkOrThrow(db: DbOrTx, token: string, now = new Date()): Promise<ReviewLink> {
  if (!isReviewLinkSecret(token)) throw notFound(LINK_NOT_FOUND);
  const [link] = await db.select().from(reviewLinks).where(eq(reviewLinks.tokenHash, hashReviewLinkSecret(token)));
  if (!link) throw notFound(LINK_NOT_FOUND);
  return assertReviewLinkLive(link, now);
}
