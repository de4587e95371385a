-- Integrity rules that must hold whatever code writes to the database (the database, not the app, is the last guard; docs/architecture.md).
-- Each statement is separated by a drizzle breakpoint because the migrator runs them one by one.

-- 1. Processing and review state machines --------------------------------------------------
CREATE FUNCTION axiom_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.processing_state <> 'AWAITING_UPLOAD' THEN
      RAISE EXCEPTION 'illegal processing state for a new version: %', NEW.processing_state
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
    IF NEW.review_state IS NOT NULL THEN
      RAISE EXCEPTION 'a new version cannot have a review state'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
    RETURN NEW;
  END IF;

  -- Identity of a version never changes: masters are immutable (an approved version must stay the bytes that were reviewed; docs/security.md).
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
  ) THEN
    RAISE EXCEPTION 'illegal processing transition % -> % for version %',
      OLD.processing_state, NEW.processing_state, OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
  END IF;

  IF NEW.review_state IS DISTINCT FROM OLD.review_state THEN
    IF NEW.processing_state <> 'READY' THEN
      RAISE EXCEPTION 'version % is not READY: no review state allowed', OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
    IF NEW.review_state IS NULL OR NOT (
         (OLD.review_state IS NULL AND NEW.review_state = 'IN_REVIEW')
      OR (OLD.review_state IS NOT NULL AND NEW.review_state IN ('APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'IN_REVIEW'))
    ) THEN
      RAISE EXCEPTION 'illegal review transition % -> % for version %',
        OLD.review_state, NEW.review_state, OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'versions_state_transition';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER versions_guard BEFORE INSERT OR UPDATE ON versions
  FOR EACH ROW EXECUTE FUNCTION axiom_version_guard();
--> statement-breakpoint
CREATE FUNCTION axiom_forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation', CONSTRAINT = TG_TABLE_NAME || '_no_delete';
END
$$;
--> statement-breakpoint
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
  FOR EACH ROW EXECUTE FUNCTION axiom_forbid_delete();
--> statement-breakpoint

-- 2. Append-only, hash-chained audit trail --------------------------------------------------
-- The hash covers every column but itself. Timestamps go in as whole microseconds since the
-- epoch so the text does not depend on the session's TimeZone or DateStyle.
CREATE FUNCTION axiom_audit_hash(
  p_seq bigint, p_prev text, p_at timestamptz, p_actor uuid, p_action text,
  p_entity_type text, p_entity_id uuid, p_project uuid, p_data jsonb
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    p_seq::text, p_prev, (floor(extract(epoch FROM p_at) * 1000000))::bigint::text,
    coalesce(p_actor::text, ''), p_action, p_entity_type, p_entity_id::text,
    coalesce(p_project::text, ''), p_data::text), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE FUNCTION axiom_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  -- One writer at a time (held until COMMIT), so seq and the chain follow commit order.
  -- Audit writes are small and rare next to everything else; this lock is cheap.
  PERFORM pg_advisory_xact_lock(7345001);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.occurred_at := coalesce(NEW.occurred_at, now());
  NEW.hash := axiom_audit_hash(NEW.seq, NEW.prev_hash, NEW.occurred_at, NEW.actor_id, NEW.action,
    NEW.entity_type, NEW.entity_id, NEW.project_id, NEW.data);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION axiom_audit_chain();
--> statement-breakpoint
CREATE FUNCTION axiom_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'audit_events_append_only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION axiom_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION axiom_audit_append_only();
