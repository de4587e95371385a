import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { JOBS } from "@/lib/jobs/definitions";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

export type SweepResult = {
  /** Versions taken from a worker presumed dead (PROCESSING -> PENDING, job unlocked and re-queued). */
  reclaimed: { versionId: string; deadWorkerId: string | null }[];
  /** PENDING versions that had no runnable job (should not happen; repaired by queueing one). */
  requeued: string[];
};

type StaleRow = { id: string; worker_id: string | null; project_id: string };

/**
 * Crash recovery. graphile-worker frees the jobs of a dead worker only after 4 hours; a version
 * would sit PROCESSING that long. Every worker process runs this every few seconds (see
 * jobs/run-worker.ts): versions PROCESSING whose heartbeat is older than `staleAfterSeconds` go back to
 * PENDING (audited), the dead worker's job locks are released
 * (`graphile_worker.force_unlock_workers`) and the job is re-queued to run now under its job key —
 * one transaction per sweep. `SKIP LOCKED` lets several workers sweep at once without blocking.
 *
 * A worker that only *looked* dead (a long stall) loses nothing but the attempt: its next heartbeat
 * or state write matches no row (it is no longer the owner) and it stops without writing.
 */
export async function sweepStaleVersions(db: DbOrTx, params: { staleAfterSeconds: number }): Promise<SweepResult> {
  return db.transaction(async (tx) => {
    const stale = (await tx.execute(sql`
      SELECT v.id, v.worker_id, a.project_id
      FROM versions v JOIN assets a ON a.id = v.asset_id
      WHERE v.processing_state = 'PROCESSING'
        AND (v.heartbeat_at IS NULL OR v.heartbeat_at < now() - make_interval(secs => ${params.staleAfterSeconds}))
      ORDER BY v.heartbeat_at NULLS FIRST
      LIMIT 100
      FOR UPDATE OF v SKIP LOCKED
    `)) as unknown as StaleRow[];

    const reclaimed: SweepResult["reclaimed"] = [];
    for (const row of stale) {
      await tx
        .update(versions)
        .set({ processingState: "PENDING", workerId: null, heartbeatAt: sql`null`, progress: null })
        .where(sql`${versions.id} = ${row.id} AND ${versions.processingState} = 'PROCESSING'`);
      await recordAuditEvent(tx, {
        actorId: null,
        action: "version.processing_reclaimed",
        entityType: "version",
        entityId: row.id,
        projectId: row.project_id,
        data: { deadWorkerId: row.worker_id, staleAfterSeconds: params.staleAfterSeconds },
      });
      reclaimed.push({ versionId: row.id, deadWorkerId: row.worker_id });
    }
    const deadWorkerIds = [...new Set(reclaimed.map((r) => r.deadWorkerId).filter((id): id is string => id !== null))];
    if (deadWorkerIds.length > 0) {
      const ids = sql.join(deadWorkerIds.map((id) => sql`${id}`), sql`, `);
      await tx.execute(sql`SELECT graphile_worker.force_unlock_workers(ARRAY[${ids}]::text[])`);
    }
    // Now unlocked, `add_job` with the same key replaces the old job: run now, attempts reset.
    for (const r of reclaimed) await enqueueJob(tx, "process-version", { versionId: r.versionId });

    // Repair: PENDING without a runnable job (e.g. a job that permanently failed in the queue).
    const orphans = (await tx.execute(sql`
      SELECT v.id FROM versions v
      WHERE v.processing_state = 'PENDING'
        AND NOT EXISTS (
          SELECT 1 FROM graphile_worker.jobs j
          WHERE j.key = ${JOBS["process-version"].jobKey({ versionId: "" })} || v.id::text
            AND j.attempts < j.max_attempts)
      LIMIT 100
      FOR UPDATE OF v SKIP LOCKED
    `)) as unknown as { id: string }[];
    for (const o of orphans) await enqueueJob(tx, "process-version", { versionId: o.id });

    return { reclaimed, requeued: orphans.map((o) => o.id) };
  });
}
