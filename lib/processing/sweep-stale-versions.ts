import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { JOBS } from "@/lib/jobs/definitions";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

export type SweepResult = {
  /** Versions taken from a worker presumed dead (PROCESSING -> PENDING, job unlocked and re-queued). */
  reclaimed: { versionId: string; deadWorkerId: string | null }[];
  /**
   * PENDING versions without a runnable job, re-queued: the job failed for good in the queue, or a worker
   * died after locking it but before claiming the version (lock older than the stale window, force-unlocked).
   */
  requeued: string[];
  /** READY or ERROR versions whose job a dead worker still held: re-queued to remove its leftovers. */
  finishedRequeued: string[];
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
    const reclaimedProjects = new Map<string, string>();
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
      reclaimedProjects.set(row.id, row.project_id);
    }
    await requeueUnlocked(tx, reclaimed.map((r) => ({ versionId: r.versionId, deadLocker: r.deadWorkerId })));

    // Repair: PENDING without a job that is in hand or runnable. In hand: locked recently, or locked by a
    // worker that is visibly alive (it heartbeats a version it holds) — whatever its attempt count, since
    // graphile counts the attempt when it locks (on the last one, attempts = max_attempts). Runnable:
    // unlocked with attempts left. A worker SIGKILLed after graphile locked the job but before
    // `claimVersion` leaves the version PENDING (never PROCESSING, so the reclaim above cannot see it) and
    // the job locked for graphile's 4 h: a lock older than the stale window with no live claim behind it is
    // such a corpse. A live worker claims within milliseconds of locking, so it never looks like this.
    const keyPrefix = JOBS["process-version"].jobKey({ versionId: "" });
    const staleBefore = sql`now() - make_interval(secs => ${params.staleAfterSeconds})`;
    const orphans = (await tx.execute(sql`
      SELECT v.id, CASE WHEN j.locked_at <= ${staleBefore} THEN j.locked_by END AS dead_locker
      FROM versions v
      LEFT JOIN graphile_worker.jobs j ON j.key = ${keyPrefix} || v.id::text
      WHERE v.processing_state = 'PENDING'
        AND NOT (
          j.id IS NOT NULL
          AND (
            (j.locked_at IS NULL AND j.attempts < j.max_attempts)
            OR j.locked_at > ${staleBefore}
            OR EXISTS (
              SELECT 1 FROM versions held
              WHERE held.worker_id = j.locked_by AND held.processing_state = 'PROCESSING'
                AND held.heartbeat_at > ${staleBefore})))
      LIMIT 100
      FOR UPDATE OF v SKIP LOCKED
    `)) as unknown as { id: string; dead_locker: string | null }[];
    await requeueUnlocked(tx, orphans.map((o) => ({ versionId: o.id, deadLocker: o.dead_locker })));

    // Finished, job still locked: a worker SIGKILLed between its READY (or ERROR) commit and the end of its
    // job leaves the job locked for graphile's 4 h and the live preview's playlists in the store. Its
    // final write stamped heartbeat_at (mark-version-ready.ts); a lock still held by that same worker a
    // stale window later is a corpse, since a live one ends its job within seconds of that write. The
    // job runs again at once, and processVersion, finding the version finished, removes the leftovers.
    // Driven from the (small) jobs table; the uuid is checked before the cast so any key is safe.
    const finishedLocked = (await tx.execute(sql`
      WITH stuck AS (
        SELECT substr(j.key, ${keyPrefix.length + 1}) AS version_id, j.locked_by
        FROM graphile_worker.jobs j
        WHERE j.key LIKE ${keyPrefix} || '%' AND j.locked_at <= ${staleBefore})
      SELECT v.id, v.worker_id AS dead_locker
      FROM stuck
      JOIN versions v ON v.id = CASE WHEN stuck.version_id ~ '^[0-9a-f-]{36}$' THEN stuck.version_id::uuid END
      WHERE v.processing_state IN ('READY', 'ERROR')
        AND v.worker_id = stuck.locked_by
        AND v.heartbeat_at <= ${staleBefore}
      LIMIT 100
      FOR UPDATE OF v SKIP LOCKED
    `)) as unknown as { id: string; dead_locker: string }[];
    await requeueUnlocked(tx, finishedLocked.map((f) => ({ versionId: f.id, deadLocker: f.dead_locker })));

    // Last in the transaction (lib/events/append-event.ts). A re-queued orphan changed no state
    // anyone sees (it was PENDING and stays PENDING): no event for it.
    for (const r of reclaimed) {
      await appendEvent(tx, {
        type: "version.processing_requeued",
        projectId: reclaimedProjects.get(r.versionId)!,
        actorId: null,
        versionId: r.versionId,
        payload: { reason: "worker_lost" },
      });
    }

    return { reclaimed, requeued: orphans.map((o) => o.id), finishedRequeued: finishedLocked.map((f) => f.id) };
  });
}

/**
 * Releases every job lock the dead workers hold, then re-adds each version's job under its key: now
 * unlocked (or absent, or out of attempts), `add_job` replaces or creates it — due now, attempts reset.
 */
async function requeueUnlocked(tx: DbOrTx, rows: { versionId: string; deadLocker: string | null }[]): Promise<void> {
  await forceUnlockWorkers(tx, rows.map((r) => r.deadLocker));
  for (const r of rows) await enqueueJob(tx, "process-version", { versionId: r.versionId });
}

/** Releases every job lock held by these workers (`null`s and repeats ignored). */
async function forceUnlockWorkers(tx: DbOrTx, workerIds: (string | null)[]): Promise<void> {
  const unique = [...new Set(workerIds.filter((id): id is string => id !== null))];
  if (unique.length === 0) return;
  const ids = sql.join(unique.map((id) => sql`${id}`), sql`, `);
  await tx.execute(sql`SELECT graphile_worker.force_unlock_workers(ARRAY[${ids}]::text[])`);
}
