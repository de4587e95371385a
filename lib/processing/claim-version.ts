import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions, type ProcessingState, type Version } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";

export type ClaimResult =
  | { isClaimed: true; version: Version; projectId: string; takenOverFrom: string | null }
  | { isClaimed: false; state: ProcessingState | null; reason: "missing" | "not_pending" | "held_by_live_worker" };

/**
 * Makes this worker the owner of a version for one attempt: PENDING -> PROCESSING with
 * attempts + 1, worker_id, a fresh heartbeat and an audit event, in one transaction.
 *
 * A version already PROCESSING is taken over when its owner is presumed dead (heartbeat older than
 * `staleAfterSeconds`) or is this very worker id (graphile retried our own job after a crash that
 * left no time to hand it back). READY, ERROR, ABANDONED or AWAITING_UPLOAD: nothing to do — the
 * job is a leftover or a duplicate and ends quietly.
 */
export async function claimVersion(
  db: DbOrTx,
  params: { versionId: string; workerId: string; staleAfterSeconds: number },
): Promise<ClaimResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        version: versions,
        projectId: assets.projectId,
        isStale: sql<boolean>`coalesce(${versions.heartbeatAt} < now() - make_interval(secs => ${params.staleAfterSeconds}), true)`,
      })
      .from(versions)
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .where(eq(versions.id, params.versionId))
      .for("update", { of: versions });
    if (!row) return { isClaimed: false, state: null, reason: "missing" } as const;

    const { version } = row;
    let takenOverFrom: string | null = null;
    if (version.processingState === "PROCESSING") {
      if (version.workerId !== params.workerId && !row.isStale) {
        return { isClaimed: false, state: version.processingState, reason: "held_by_live_worker" } as const;
      }
      takenOverFrom = version.workerId;
    } else if (version.processingState !== "PENDING") {
      return { isClaimed: false, state: version.processingState, reason: "not_pending" } as const;
    }

    const [claimed] = await tx
      .update(versions)
      .set({
        processingState: "PROCESSING",
        attempts: sql`${versions.attempts} + 1`,
        workerId: params.workerId,
        heartbeatAt: sql`now()`,
        processingStartedAt: sql`now()`,
        progress: 0,
        errorCode: null,
        errorMessage: null,
        errorLogTail: null,
      })
      .where(eq(versions.id, version.id))
      .returning();
    if (!claimed) throw new Error(`version ${version.id} vanished while locked`);

    await recordAuditEvent(tx, {
      actorId: null,
      action: takenOverFrom ? "version.processing_taken_over" : "version.processing_started",
      entityType: "version",
      entityId: version.id,
      projectId: row.projectId,
      data: { attempt: claimed.attempts, workerId: params.workerId, ...(takenOverFrom ? { takenOverFrom } : {}) },
    });
    await appendEvent(tx, {
      type: "version.processing_started",
      projectId: row.projectId,
      actorId: null,
      versionId: version.id,
      payload: { attempt: claimed.attempts, takenOverFrom },
    });
    return { isClaimed: true, version: claimed, projectId: row.projectId, takenOverFrom } as const;
  });
}
