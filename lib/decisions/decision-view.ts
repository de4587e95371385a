import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reviewDecisions, users, type ReviewDecisionRow } from "@/db/schema";
import type { UserRef } from "@/lib/users/user-ref.types";
import type { DecisionView } from "./decision-view.types";

export type { DecisionView } from "./decision-view.types";

/** A decision row and the user who made it, as the API and pages show it. */
export function toDecisionView(
  d: Pick<ReviewDecisionRow, "id" | "decision" | "note" | "createdAt">,
  decidedBy: UserRef,
): DecisionView {
  return { id: d.id, decision: d.decision, note: d.note, decidedBy, createdAt: d.createdAt.toISOString() };
}

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
  return rows.map((r) => toDecisionView(r.d, r.by));
}
