import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { reviewDecisions, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { conflict, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { authorizeVersionOrThrow } from "@/lib/review/authorize-version";
import { listDecisions } from "./decision-view";
import { reviewDecisionSchema, type DecidedVersion } from "./decision-view.types";

/** The request body (the route parses it). */
export const decideVersionInput = z.object({
  decision: reviewDecisionSchema,
  // An empty note is no note.
  note: z
    .string()
    .transform((s) => s.replaceAll("\u0000", "").trim())
    .pipe(z.string().max(5000, "must be at most 5000 characters"))
    .nullish()
    .transform((s) => s || null),
});

export type DecideVersionInput = z.output<typeof decideVersionInput>;
/** `note` may be left out by callers other than the route (no note). */
export type DecideVersionParams = Omit<DecideVersionInput, "note"> & { note?: DecideVersionInput["note"]; actor: Actor; versionId: string };

/**
 * Records a supervisor's review decision (permission `version.decide`): the decision row (which
 * sets the version's review state, in the database) and the audit event commit together or not
 * at all. Decisions can be changed any number of times; each one is kept. Throws `conflict` unless the version is READY.
 */
export async function decideVersion(
  db: DbOrTx,
  params: DecideVersionParams,
): Promise<DecidedVersion> {
  const input = { ...params, note: params.note ?? null };
  return db.transaction(async (tx) => {
    const access = await authorizeVersionOrThrow(tx, input.actor, input.versionId, "version.decide");
    // Locked: two supervisors deciding at once are applied one after the other.
    const [version] = await tx
      .select({ processingState: versions.processingState, reviewState: versions.reviewState, number: versions.number })
      .from(versions)
      .where(eq(versions.id, input.versionId))
      .for("update");
    if (!version) throw notFound("Version not found");
    if (version.processingState !== "READY") {
      throw conflict(`Only a READY version can be reviewed; this one is ${version.processingState}.`);
    }
    // The insert is what sets versions.review_state: a database trigger (migration 0007) applies
    // the decision, and refuses any review-state change that does not come with one.
    const [row] = await tx
      .insert(reviewDecisions)
      .values({
        versionId: input.versionId,
        decidedBy: input.actor.id,
        decision: input.decision,
        note: input.note,
        // Not now() (the transaction's start): stamped under the lock, the history's order is the
        // order in which decisions were applied, and its last entry is the current review state.
        createdAt: sql`clock_timestamp()`,
      })
      .returning({ id: reviewDecisions.id });
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "version.review_decided",
      entityType: "version",
      entityId: input.versionId,
      projectId: access.project.id,
      data: {
        decisionId: row!.id,
        decision: input.decision,
        previousReviewState: version.reviewState,
        note: input.note,
        number: version.number,
      },
    });
    const decision = (await listDecisions(tx, input.versionId)).find((d) => d.id === row!.id)!;
    await appendEvent(tx, {
      type: "decision.made",
      projectId: access.project.id,
      actorId: input.actor.id,
      versionId: input.versionId,
      payload: { decisionId: row!.id, decision: input.decision, previousReviewState: version.reviewState, note: input.note },
    });
    return { decision, reviewState: input.decision };
  });
}
