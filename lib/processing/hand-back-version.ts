import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions, type ProcessingErrorCode } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { isOwnedBy, type AttemptOwner } from "./owned-version";

export type HandBackReason = "shutdown" | "transient_error";

/**
 * PROCESSING -> PENDING, audited: the attempt gives the version back so the job's next run (graphile's
 * retry with its exponential backoff) starts again from the beginning.
 *
 * A shutdown does not count as an attempt (a deploy restarting workers must not use up the retry
 * budget); a transient error does. Returns false when the version was no longer ours (nothing done).
 */
export async function handBackVersion(
  db: DbOrTx,
  owner: AttemptOwner,
  params: { projectId: string; reason: HandBackReason; code?: ProcessingErrorCode; message?: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(versions)
      .set({
        processingState: "PENDING",
        progress: null,
        heartbeatAt: sql`null`,
        workerId: sql`null`,
        attempts: params.reason === "shutdown" ? sql`greatest(${versions.attempts} - 1, 0)` : sql`${versions.attempts}`,
      })
      .where(isOwnedBy(owner))
      .returning({ id: versions.id, attempts: versions.attempts });
    if (rows.length === 0) return false;
    await recordAuditEvent(tx, {
      actorId: null,
      action: "version.processing_handed_back",
      entityType: "version",
      entityId: owner.versionId,
      projectId: params.projectId,
      data: {
        reason: params.reason,
        workerId: owner.workerId,
        ...(params.code ? { code: params.code } : {}),
        ...(params.message ? { message: params.message.slice(0, 500) } : {}),
      },
    });
    await appendEvent(tx, {
      type: "version.processing_requeued",
      projectId: params.projectId,
      actorId: null,
      versionId: owner.versionId,
      payload: { reason: params.reason },
    });
    return true;
  });
}
