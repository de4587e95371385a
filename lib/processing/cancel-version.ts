import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { appendEvent } from "@/lib/events/append-event";
import { conflict, notFound } from "@/lib/errors";
import { JOBS } from "@/lib/jobs/definitions";

export type CancelVersionResult = { versionId: string; processingState: "ERROR"; wasRunning: boolean };

export const CANCELLED_MESSAGE = "Processing was cancelled by an admin. Retry processing runs it again.";

/**
 * An admin takes a version out of the processing queue: PENDING or PROCESSING -> ERROR with the code
 * `cancelled`, so the version ends in a clear state with Retry available (docs/processing.md, "The
 * queue on /admin"). One transaction: the state, the audit event (`version.processing_cancelled`,
 * the admin as actor), graphile's job removed, the `version.processing_failed` event.
 *
 * A running attempt is not killed from here (the web process does not reach the worker): the
 * version stops being its, so its next heartbeat or write matches no row (the same fencing that
 * stops a worker presumed dead), FFmpeg is killed and the job ends quietly — within one heartbeat,
 * ≤ 15 s. `remove_job` deletes an unlocked job and disarms a locked one (no retry after it).
 * Throws `not_found`, or `conflict` when the version is not queued or running.
 */
export async function cancelVersionProcessing(
  db: DbOrTx,
  params: { versionId: string; actor: Actor },
): Promise<CancelVersionResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        state: versions.processingState,
        attempts: versions.attempts,
        workerId: versions.workerId,
        projectId: assets.projectId,
      })
      .from(versions)
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .where(eq(versions.id, params.versionId))
      .for("update", { of: versions });
    if (!row) throw notFound("Version not found");
    if (row.state !== "PENDING" && row.state !== "PROCESSING") {
      throw conflict(`Only a queued or running version can be cancelled; this one is ${row.state}.`);
    }
    await tx
      .update(versions)
      .set({
        processingState: "ERROR",
        errorCode: "cancelled",
        errorMessage: CANCELLED_MESSAGE,
        errorLogTail: null,
        progress: null,
        workerId: null,
        heartbeatAt: sql`null`,
      })
      .where(eq(versions.id, params.versionId));
    const jobKey = JOBS["process-version"].jobKey({ versionId: params.versionId });
    await tx.execute(sql`select graphile_worker.remove_job(${jobKey}::text)`);
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "version.processing_cancelled",
      entityType: "version",
      entityId: params.versionId,
      projectId: row.projectId,
      data: { previousState: row.state, workerId: row.workerId, attempts: row.attempts },
    });
    await appendEvent(tx, {
      type: "version.processing_failed",
      projectId: row.projectId,
      actorId: params.actor.id,
      versionId: params.versionId,
      payload: { code: "cancelled", message: CANCELLED_MESSAGE, attempt: row.attempts },
    });
    return { versionId: params.versionId, processingState: "ERROR" as const, wasRunning: row.state === "PROCESSING" };
  });
}
