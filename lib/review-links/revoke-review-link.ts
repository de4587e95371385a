import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reviewLinks } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { authorizeProjectOrThrow } from "@/lib/projects/authorize-project";
import { getReviewLinkSummaryOrThrow } from "./list-review-links";
import type { ReviewLinkSummary } from "./review-link.types";

/** The project of a review link, or null when there is no such link (the route's `project`). */
export async function findProjectIdOfReviewLink(db: DbOrTx, linkId: string): Promise<string | null> {
  const [row] = await db.select({ projectId: reviewLinks.projectId }).from(reviewLinks).where(eq(reviewLinks.id, linkId));
  return row?.projectId ?? null;
}

/**
 * Revokes a review link at once (permission `review_link.manage`): every guest request checks the
 * link, so the next one — a page, a comment, a segment — is refused (404). The row stays, for the
 * audit trail. Revoking a revoked link changes nothing and writes nothing.
 */
export async function revokeReviewLink(db: DbOrTx, params: { actor: Actor; linkId: string; now?: Date }): Promise<ReviewLinkSummary> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const [link] = await tx.select().from(reviewLinks).where(eq(reviewLinks.id, params.linkId)).for("update");
    if (!link) throw notFound("Review link not found");
    await authorizeProjectOrThrow(tx, params.actor, link.projectId, "review_link.manage");
    if (!link.revokedAt) {
      await tx.update(reviewLinks).set({ revokedAt: now, revokedBy: params.actor.id }).where(eq(reviewLinks.id, link.id));
      await recordAuditEvent(tx, {
        actorId: params.actor.id,
        action: "review_link.revoked",
        entityType: "review_link",
        entityId: link.id,
        projectId: link.projectId,
        data: { name: link.name },
      });
    }
    return getReviewLinkSummaryOrThrow(tx, link.id, now);
  });
}
