import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions, type ProcessingErrorCode } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { isOwnedBy, type AttemptOwner } from "./owned-version";
import { LostClaimError } from "./processing-error";

/**
 * PROCESSING -> ERROR with the classified code, a human message and FFmpeg's log tail, audited,
 * in one transaction. Throws LostClaimError when the version is no longer ours.
 */
export async function markVersionError(
  db: DbOrTx,
  owner: AttemptOwner,
  params: { projectId: string; code: ProcessingErrorCode; message: string; logTail: string; attempt: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(versions)
      .set({
        processingState: "ERROR",
        errorCode: params.code,
        errorMessage: params.message.slice(0, 2000),
        errorLogTail: params.logTail ? params.logTail.slice(-8000) : null,
        progress: null,
        // The attempt's last sign of life: the sweeper tells a job left locked by a dead worker from it.
        heartbeatAt: sql`now()`,
      })
      .where(isOwnedBy(owner))
      .returning({ id: versions.id });
    if (rows.length === 0) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
    await recordAuditEvent(tx, {
      actorId: null,
      action: "version.processing_failed",
      entityType: "version",
      entityId: owner.versionId,
      projectId: params.projectId,
      data: { code: params.code, message: params.message.slice(0, 500), attempt: params.attempt, workerId: owner.workerId },
    });
    await appendEvent(tx, {
      type: "version.processing_failed",
      projectId: params.projectId,
      actorId: null,
      versionId: owner.versionId,
      payload: { code: params.code, message: params.message.slice(0, 500), attempt: params.attempt },
    });
  });
}
