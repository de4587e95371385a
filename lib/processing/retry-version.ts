import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import type { Actor } from "@/lib/auth/permissions";
import { conflict, notFound } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

export type RetryVersionResult = { versionId: string; processingState: "PENDING" };

/**
 * The Retry button: ERROR -> PENDING with the error fields cleared and a fresh attempt budget, audited,
 * and a new `process-version` job — all in one transaction (no PENDING row without its job).
 * Throws `not_found` for an unknown version, `conflict` (409) when the version is not in ERROR.
 */
export async function retryVersion(
  db: DbOrTx,
  params: { versionId: string; actor: Actor },
): Promise<RetryVersionResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ state: versions.processingState, projectId: assets.projectId, errorCode: versions.errorCode })
      .from(versions)
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .where(eq(versions.id, params.versionId))
      .for("update", { of: versions });
    if (!row) throw notFound("Version not found");
    if (row.state !== "ERROR") {
      throw conflict(`Only a version whose processing failed can be retried; this one is ${row.state}.`);
    }
    await tx
      .update(versions)
      .set({
        processingState: "PENDING",
        errorCode: null,
        errorMessage: null,
        errorLogTail: null,
        progress: null,
        workerId: null,
        heartbeatAt: sql`null`,
        // A fresh budget of transient retries; the audit trail keeps the history.
        attempts: 0,
      })
      .where(eq(versions.id, params.versionId));
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "version.retry_requested",
      entityType: "version",
      entityId: params.versionId,
      projectId: row.projectId,
      data: { previousErrorCode: row.errorCode },
    });
    await enqueueJob(tx, "process-version", { versionId: params.versionId });
    await appendEvent(tx, {
      type: "version.retry_requested",
      projectId: row.projectId,
      actorId: params.actor.id,
      versionId: params.versionId,
      payload: { previousErrorCode: row.errorCode },
    });
    return { versionId: params.versionId, processingState: "PENDING" as const };
  });
}
