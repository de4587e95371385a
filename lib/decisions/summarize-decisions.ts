import { desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reviewDecisions, users } from "@/db/schema";
import { toDecisionView, type DecisionView } from "./decision-view";

/** A version's latest decision and how many it has had (the history lives in the review room). */
export type DecisionSummary = { latest: DecisionView; count: number };

/**
 * The latest decision and the decision count of each of `versionIds`, for lists (project page,
 * asset page). Versions without a decision are absent from the map. Callers have already checked
 * that the viewer may see these versions.
 */
export async function summarizeDecisions(db: DbOrTx, versionIds: readonly string[]): Promise<Map<string, DecisionSummary>> {
  const summaries = new Map<string, DecisionSummary>();
  if (versionIds.length === 0) return summaries;
  const rows = await db
    .selectDistinctOn([reviewDecisions.versionId], {
      id: reviewDecisions.id,
      versionId: reviewDecisions.versionId,
      decision: reviewDecisions.decision,
      note: reviewDecisions.note,
      createdAt: reviewDecisions.createdAt,
      by: { id: users.id, name: users.name },
      count: sql<number>`count(*) over (partition by ${reviewDecisions.versionId})::int`,
    })
    .from(reviewDecisions)
    .innerJoin(users, eq(users.id, reviewDecisions.decidedBy))
    .where(inArray(reviewDecisions.versionId, [...versionIds]))
    // Same order as listDecisions (created_at is stamped under the version's row lock), newest first.
    .orderBy(reviewDecisions.versionId, desc(reviewDecisions.createdAt), desc(reviewDecisions.id));
  for (const r of rows) {
    summaries.set(r.versionId, { latest: toDecisionView(r, r.by), count: r.count });
  }
  return summaries;
}
