import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reviewDecisions, users, type ReviewDecision } from "@/db/schema";

export type DecisionView = {
  id: string;
  decision: ReviewDecision;
  note: string | null;
  decidedBy: { id: string; name: string };
  createdAt: string;
};

/** Every decision on a version, oldest first: the last one is the version's current review state. */
export async function listDecisions(db: DbOrTx, versionId: string): Promise<DecisionView[]> {
  const rows = await db
    .select({ d: reviewDecisions, by: { id: users.id, name: users.name } })
    .from(reviewDecisions)
    .innerJoin(users, eq(users.id, reviewDecisions.decidedBy))
    .where(eq(reviewDecisions.versionId, versionId))
    // created_at is stamped after the version row is locked (decide-version.ts), so it follows
    // the order in which decisions were applied.
    .orderBy(asc(reviewDecisions.createdAt), asc(reviewDecisions.id));
  return rows.map((r) => ({
    id: r.d.id,
    decision: r.d.decision,
    note: r.d.note,
    decidedBy: r.by,
    createdAt: r.d.createdAt.toISOString(),
  }));
}
