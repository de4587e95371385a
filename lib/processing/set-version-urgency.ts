import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { conflict, notFound } from "@/lib/errors";

/** The body of `POST /api/versions/:versionId/urgency` and the admin's bump. */
export const setVersionUrgencyInput = z.object({ isUrgent: z.boolean() }).strict();
export type SetVersionUrgencyInput = z.output<typeof setVersionUrgencyInput>;

export type SetVersionUrgencyResult = { versionId: string; isUrgent: boolean };

// Urgency orders the processing queue; a version that will never be queued again has none to change.
const QUEUEABLE_STATES = new Set(["AWAITING_UPLOAD", "PENDING", "PROCESSING", "ERROR"]);

/**
 * Marks a version urgent (or not): its queued `process-version` job jumps ahead of every non-urgent
 * one. The job's rank is recomputed by the database in the same transaction (the
 * `versions_rerank_processing_queue` trigger, migration 0018), so the next free worker sees it.
 * Audited (`version.urgency_changed`) with the actor; setting the value it already has changes and
 * records nothing. Who may: the edges check `version.prioritize` (producers) or `admin.queue`.
 * Throws `not_found`, or `conflict` for a version that is READY or ABANDONED (nothing left to queue).
 */
export async function setVersionUrgency(
  db: DbOrTx,
  params: SetVersionUrgencyInput & { versionId: string; actor: Actor },
): Promise<SetVersionUrgencyResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ state: versions.processingState, isUrgent: versions.isUrgent, projectId: assets.projectId })
      .from(versions)
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .where(eq(versions.id, params.versionId))
      .for("update", { of: versions });
    if (!row) throw notFound("Version not found");
    if (!QUEUEABLE_STATES.has(row.state)) {
      throw conflict(`This version is ${row.state}: it will not be processed again, so it has no place in the queue.`);
    }
    if (row.isUrgent === params.isUrgent) return { versionId: params.versionId, isUrgent: row.isUrgent };
    await tx.update(versions).set({ isUrgent: params.isUrgent }).where(eq(versions.id, params.versionId));
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "version.urgency_changed",
      entityType: "version",
      entityId: params.versionId,
      projectId: row.projectId,
      data: { isUrgent: params.isUrgent, processingState: row.state },
    });
    return { versionId: params.versionId, isUrgent: params.isUrgent };
  });
}
