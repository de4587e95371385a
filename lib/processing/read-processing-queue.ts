import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** What the queued and the running lists both show of a version. */
export type QueueVersionView = {
  versionId: string;
  projectId: string;
  assetId: string;
  projectCode: string;
  assetName: string;
  versionNumber: number | null;
  fileName: string;
  isUrgent: boolean;
  attempts: number;
};

/** One queued version, in the order the next free worker will take them. */
export type QueuedVersionView = QueueVersionView & {
  sizeBytes: number;
  /** graphile-worker's priority (lower first): the rank axiom_processing_priority gave the job. */
  priority: number | null;
  /** When the job was queued; null for a PENDING version whose job is missing (the sweeper re-queues it). */
  queuedAt: Date | null;
  /** A job waiting out its retry backoff runs at this time, not before. */
  runAt: Date | null;
};

/** One version a worker holds now. */
export type RunningVersionView = QueueVersionView & {
  workerId: string | null;
  startedAt: Date | null;
  heartbeatAt: Date | null;
  progress: number | null;
};

/** QueueVersionView's columns as both queries select them (`VERSION_COLUMNS`) and raw `execute` returns them. */
type VersionRow = {
  version_id: string;
  project_id: string;
  asset_id: string;
  project_code: string;
  asset_name: string;
  version_number: number | null;
  file_name: string;
  is_urgent: boolean;
  attempts: number;
};

const VERSION_COLUMNS = sql`v.id AS version_id, a.project_id, v.asset_id, p.code AS project_code, a.name AS asset_name,
           v.number AS version_number, v.original_file_name AS file_name, v.is_urgent, v.attempts`;

function versionViewOf(r: VersionRow): QueueVersionView {
  return {
    versionId: r.version_id,
    projectId: r.project_id,
    assetId: r.asset_id,
    projectCode: r.project_code,
    assetName: r.asset_name,
    versionNumber: r.version_number,
    fileName: r.file_name,
    isUrgent: r.is_urgent,
    attempts: r.attempts,
  };
}

export type ProcessingQueueView = {
  /** PENDING versions (the queue's depth). */
  depth: number;
  /** The longest-waiting queued job's age, from `now` of the database; null for an empty queue. */
  oldestWaitSeconds: number | null;
  queued: QueuedVersionView[];
  running: RunningVersionView[];
};

/**
 * The processing queue as /admin shows it: what waits (in claim order: graphile's priority, then
 * run_at, as its get_job takes them), what runs on which worker, how deep and how old. Admins only
 * (the page checks `admin.queue`). `limit` caps the queued list; `depth` counts them all.
 */
export async function readProcessingQueue(db: DbOrTx, params: { limit?: number } = {}): Promise<ProcessingQueueView> {
  const limit = params.limit ?? 100;
  const queued = (await db.execute(sql`
    SELECT ${VERSION_COLUMNS}, v.size_bytes, j.priority, j.created_at AS queued_at, j.run_at
    FROM versions v
    JOIN assets a ON a.id = v.asset_id
    JOIN projects p ON p.id = a.project_id
    LEFT JOIN graphile_worker.jobs j ON j.key = 'process-version:' || v.id::text
    WHERE v.processing_state = 'PENDING'
    ORDER BY j.priority NULLS LAST, j.run_at NULLS LAST, v.uploaded_at
    LIMIT ${limit}
  `)) as unknown as (VersionRow & {
    size_bytes: string | number;
    priority: number | null;
    queued_at: string | Date | null;
    run_at: string | Date | null;
  })[];
  const [totals] = (await db.execute(sql`
    SELECT count(*)::int AS depth,
           extract(epoch FROM now() - min(coalesce(j.created_at, v.uploaded_at)))::float8 AS oldest_wait_seconds
    FROM versions v
    LEFT JOIN graphile_worker.jobs j ON j.key = 'process-version:' || v.id::text
    WHERE v.processing_state = 'PENDING'
  `)) as unknown as { depth: number; oldest_wait_seconds: number | null }[];
  const running = (await db.execute(sql`
    SELECT ${VERSION_COLUMNS}, v.worker_id, v.processing_started_at, v.heartbeat_at, v.progress
    FROM versions v
    JOIN assets a ON a.id = v.asset_id
    JOIN projects p ON p.id = a.project_id
    WHERE v.processing_state = 'PROCESSING'
    ORDER BY v.processing_started_at
  `)) as unknown as (VersionRow & {
    worker_id: string | null;
    processing_started_at: string | Date | null;
    heartbeat_at: string | Date | null;
    progress: number | null;
  })[];
  return {
    depth: totals?.depth ?? 0,
    oldestWaitSeconds: totals?.oldest_wait_seconds ?? null,
    queued: queued.map((r) => ({
      ...versionViewOf(r),
      sizeBytes: Number(r.size_bytes),
      priority: r.priority,
      queuedAt: toDate(r.queued_at),
      runAt: toDate(r.run_at),
    })),
    running: running.map((r) => ({
      ...versionViewOf(r),
      workerId: r.worker_id,
      startedAt: toDate(r.processing_started_at),
      heartbeatAt: toDate(r.heartbeat_at),
      progress: r.progress,
    })),
  };
}

// Raw `execute` rows carry timestamps as strings (postgres-js parses them only for typed columns).
function toDate(value: string | Date | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}
