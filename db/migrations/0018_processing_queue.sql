ALTER TYPE "public"."processing_error_code" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TABLE "versions" ADD COLUMN "is_urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint

-- The fair processing queue (docs/processing.md, "Queue order"). graphile-worker takes the job with
-- the lowest `priority` (then the earliest run_at); a `process-version` job's priority is its
-- version's rank, computed here so that every path that queues or moves a version agrees:
--   100                         every process-version job after the short system jobs (cron, notes PDF at -10..0)
-- + 16000 unless urgent         urgent versions first
-- + 1000 × running (≤ 15)      versions PROCESSING now in the same project or by the same uploader:
--                               a project or uploader already holding workers waits behind one holding none
-- + 40 × log2(1 + MiB) (≤ 999) smaller masters first (the only measure of length known before the probe)
CREATE OR REPLACE FUNCTION axiom_processing_priority(p_version_id uuid) RETURNS smallint
  LANGUAGE sql STABLE AS $$
  SELECT (100
    + CASE WHEN v.is_urgent THEN 0 ELSE 16000 END
    + 1000 * least(15, (
        SELECT count(*) FROM versions r JOIN assets ra ON ra.id = r.asset_id
        WHERE r.processing_state = 'PROCESSING' AND r.id <> v.id
          AND (ra.project_id = a.project_id OR r.uploaded_by = v.uploaded_by)))
    + least(999, round(40 * log(2, 1 + v.size_bytes / 1048576.0))))::smallint
  FROM versions v JOIN assets a ON a.id = v.asset_id
  WHERE v.id = p_version_id
$$;
--> statement-breakpoint
-- When a version starts or stops running, or its urgency changes, the ranks of the queued jobs it
-- affects (its project's and its uploader's) are recomputed in the same transaction. Jobs a worker is
-- locking right now are skipped (SKIP LOCKED: no waiting, no deadlock between two claims); the next
-- change ranks them again.
CREATE OR REPLACE FUNCTION axiom_rerank_processing_queue() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_project uuid;
BEGIN
  SELECT project_id INTO changed_project FROM assets WHERE id = NEW.asset_id;
  UPDATE graphile_worker._private_jobs AS j
     SET priority = q.rank
    FROM (
      SELECT queued.id, axiom_processing_priority(v.id) AS rank
        FROM versions v
        JOIN assets a ON a.id = v.asset_id
        JOIN graphile_worker._private_jobs queued ON queued.key = 'process-version:' || v.id::text
       WHERE v.processing_state = 'PENDING'
         AND (a.project_id = changed_project OR v.uploaded_by = NEW.uploaded_by)
         AND queued.locked_at IS NULL
       ORDER BY queued.id
         FOR UPDATE OF queued SKIP LOCKED
    ) AS q
   WHERE j.id = q.id AND j.priority IS DISTINCT FROM q.rank;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Only changes that move a rank: into or out of PROCESSING (the running counts), or urgency. A
-- completed upload (AWAITING_UPLOAD -> PENDING) ranks only its own job, at add_job: a project dropping
-- 200 files does not re-rank its queue 200 times.
CREATE TRIGGER versions_rerank_processing_queue AFTER UPDATE OF processing_state, is_urgent ON versions
  FOR EACH ROW
  WHEN (OLD.is_urgent IS DISTINCT FROM NEW.is_urgent
        OR (OLD.processing_state IS DISTINCT FROM NEW.processing_state
            AND 'PROCESSING' IN (OLD.processing_state, NEW.processing_state)))
  EXECUTE FUNCTION axiom_rerank_processing_queue();
--> statement-breakpoint
-- The one new transition: PENDING -> ERROR, for a cancelled version only (the rest as in 0007).
CREATE OR REPLACE FUNCTION axiom_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  is_becoming_ready boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.processing_state <> 'AWAITING_UPLOAD' THEN
      RAISE EXCEPTION 'illegal processing state for a new version: %', NEW.processing_state
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
    IF NEW.review_state IS NOT NULL OR NEW.ready_at IS NOT NULL THEN
      RAISE EXCEPTION 'a new version cannot have a review state or a ready time'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
    RETURN NEW;
  END IF;

  -- Identity of a version never changes: masters are immutable.
  IF NEW.asset_id <> OLD.asset_id OR NEW.storage_key <> OLD.storage_key
     OR NEW.size_bytes <> OLD.size_bytes OR NEW.original_file_name <> OLD.original_file_name
     OR NEW.uploaded_by <> OLD.uploaded_by
     OR (OLD.number IS NOT NULL AND NEW.number IS DISTINCT FROM OLD.number)
     OR (OLD.sha256_declared IS NOT NULL AND NEW.sha256_declared IS DISTINCT FROM OLD.sha256_declared)
     OR (OLD.sha256_computed IS NOT NULL AND NEW.sha256_computed IS DISTINCT FROM OLD.sha256_computed) THEN
    RAISE EXCEPTION 'version % is immutable: identity columns cannot change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_immutable';
  END IF;

  IF NEW.processing_state IS DISTINCT FROM OLD.processing_state AND NOT (
       (OLD.processing_state = 'AWAITING_UPLOAD' AND NEW.processing_state IN ('PENDING', 'ABANDONED'))
    OR (OLD.processing_state = 'PENDING'         AND NEW.processing_state = 'PROCESSING')
    OR (OLD.processing_state = 'PROCESSING'      AND NEW.processing_state IN ('READY', 'ERROR', 'PENDING'))
    OR (OLD.processing_state = 'ERROR'           AND NEW.processing_state = 'PENDING')
    -- An admin cancels a queued version (lib/processing/cancel-version.ts); a running one goes
    -- PROCESSING -> ERROR as before. Only with the code that says so.
    OR (OLD.processing_state = 'PENDING'         AND NEW.processing_state = 'ERROR'
        AND NEW.error_code::text = 'cancelled')
  ) THEN
    RAISE EXCEPTION 'illegal processing transition % -> % for version %',
      OLD.processing_state, NEW.processing_state, OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
  END IF;

  is_becoming_ready := OLD.processing_state <> 'READY' AND NEW.processing_state = 'READY';
  IF is_becoming_ready THEN
    -- The transaction that makes a version READY is the only one that may write its renditions
    -- (section 4 compares ready_at with now()), so the database stamps it, not the caller.
    NEW.ready_at := now();
    NEW.review_state := coalesce(NEW.review_state, 'IN_REVIEW');
    IF NEW.review_state <> 'IN_REVIEW' THEN
      RAISE EXCEPTION 'version % becomes READY in review, not %', OLD.id, NEW.review_state
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.ready_at IS DISTINCT FROM OLD.ready_at THEN
    RAISE EXCEPTION 'ready_at of version % is set by the READY transition only', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_immutable';
  END IF;

  IF NEW.review_state IS DISTINCT FROM OLD.review_state THEN
    -- Only axiom_apply_review_decision (section 3) gets here legitimately: it runs as a trigger
    -- (depth 2) and as its owner, the migrations' role (SECURITY DEFINER). A direct UPDATE — by
    -- the app role, or by the owner outside that trigger — fails one test or the other, and the
    -- app role can create neither triggers on these tables nor functions running as the owner.
    IF pg_trigger_depth() < 2 OR current_user <> (
         SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE oid = 'axiom_apply_review_decision()'::regprocedure) THEN
      RAISE EXCEPTION 'review state of version % changes only with a review decision (insert into review_decisions)', OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_review_by_decision';
    END IF;
    IF NEW.processing_state <> 'READY' THEN
      RAISE EXCEPTION 'version % is not READY: no review state allowed', OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
    IF NEW.review_state IS NULL OR NEW.review_state = 'IN_REVIEW' THEN
      RAISE EXCEPTION 'illegal review transition % -> % for version %',
        OLD.review_state, NEW.review_state, OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
