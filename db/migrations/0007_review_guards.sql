-- Review integrity whatever code writes to the database (issue 10 #10). The rules mirror what
-- lib/comments, lib/decisions and lib/processing/mark-version-ready.ts legitimately do; anything
-- else is refused. Who may do it (author, supervisor) stays in lib/ — the database does not know
-- the signed-in user — but *what* may change, and when, is checked here.

-- 1. Versions: the READY transition stamps ready_at and opens the review; review_state then
--    changes only through an inserted review_decisions row (section 3).
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
--> statement-breakpoint
CREATE TRIGGER versions_no_truncate BEFORE TRUNCATE ON versions
  FOR EACH STATEMENT EXECUTE FUNCTION axiom_forbid_delete();
--> statement-breakpoint

-- 2. Tables that only ever grow.
CREATE FUNCTION axiom_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege', CONSTRAINT = TG_TABLE_NAME || '_append_only';
END
$$;
--> statement-breakpoint

-- 3. Review decisions: append-only; inserting one is what sets the version's review state.
CREATE TRIGGER review_decisions_no_update_delete BEFORE UPDATE OR DELETE ON review_decisions
  FOR EACH ROW EXECUTE FUNCTION axiom_append_only();
--> statement-breakpoint
CREATE TRIGGER review_decisions_no_truncate BEFORE TRUNCATE ON review_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION axiom_append_only();
--> statement-breakpoint
-- SECURITY DEFINER: runs as the owner, which is how axiom_version_guard recognises it.
CREATE FUNCTION axiom_apply_review_decision() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE versions SET review_state = NEW.decision::text::review_state WHERE id = NEW.version_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION axiom_apply_review_decision() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER review_decisions_apply AFTER INSERT ON review_decisions
  FOR EACH ROW EXECUTE FUNCTION axiom_apply_review_decision();
--> statement-breakpoint

-- 4. Renditions: written (upserted, and kinds an attempt did not make deleted) only in the
--    transaction that makes their version READY (lib/processing/mark-version-ready.ts). A READY
--    version's renditions — what was reviewed and approved — never change afterwards.
CREATE FUNCTION axiom_rendition_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_version uuid;
  v_state processing_state;
  v_ready_at timestamptz;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'renditions: TRUNCATE refused'
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'renditions_write_on_ready';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.id <> OLD.id OR NEW.version_id <> OLD.version_id OR NEW.kind <> OLD.kind) THEN
    RAISE EXCEPTION 'rendition %: id, version and kind never change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'renditions_immutable';
  END IF;
  row_version := CASE WHEN TG_OP = 'DELETE' THEN OLD.version_id ELSE NEW.version_id END;
  SELECT processing_state, ready_at INTO v_state, v_ready_at FROM versions WHERE id = row_version;
  -- ready_at is stamped now() by the READY transition and never changes afterwards (section 1):
  -- equal to this transaction's now() means this transaction made the version READY.
  IF v_state IS DISTINCT FROM 'READY' OR v_ready_at IS DISTINCT FROM now() THEN
    RAISE EXCEPTION 'renditions of version % are written only in the transaction that makes it READY (% refused)',
      row_version, TG_OP
      USING ERRCODE = 'check_violation', CONSTRAINT = 'renditions_write_on_ready';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
--> statement-breakpoint
CREATE TRIGGER renditions_guard BEFORE INSERT OR UPDATE OR DELETE ON renditions
  FOR EACH ROW EXECUTE FUNCTION axiom_rendition_guard();
--> statement-breakpoint
CREATE TRIGGER renditions_no_truncate BEFORE TRUNCATE ON renditions
  FOR EACH STATEMENT EXECUTE FUNCTION axiom_rendition_guard();
--> statement-breakpoint

-- 5. Comments: never deleted (soft delete), anchored for good; the text changes only as an
--    edit (edited_at moves with it); a deleted comment never changes again; threads (top-level
--    comments) are resolved and reopened, replies are not.
CREATE FUNCTION axiom_comment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent comments%ROWTYPE;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.deleted_at IS NOT NULL OR NEW.edited_at IS NOT NULL OR NEW.resolved_at IS NOT NULL OR NEW.resolved_by IS NOT NULL THEN
      RAISE EXCEPTION 'a new comment is neither edited, resolved nor deleted'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
    END IF;
    IF NEW.parent_id IS NOT NULL THEN
      SELECT * INTO parent FROM comments WHERE id = NEW.parent_id;
      IF parent.version_id IS DISTINCT FROM NEW.version_id OR parent.parent_id IS NOT NULL THEN
        RAISE EXCEPTION 'a reply answers a top-level comment of the same version'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
      END IF;
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.id <> OLD.id OR NEW.version_id <> OLD.version_id OR NEW.author_id <> OLD.author_id
     OR NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.frame_in <> OLD.frame_in
     OR NEW.frame_out IS DISTINCT FROM OLD.frame_out OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'comment %: author, version, thread, frames and creation time never change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_immutable';
  END IF;
  IF OLD.deleted_at IS NOT NULL THEN
    IF NEW IS DISTINCT FROM OLD THEN
      RAISE EXCEPTION 'comment % was deleted: it never changes again', OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_immutable';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.deleted_at IS NOT NULL AND (NEW.body <> OLD.body
       OR NEW.edited_at IS DISTINCT FROM OLD.edited_at OR NEW.resolved_at IS DISTINCT FROM OLD.resolved_at
       OR NEW.resolved_by IS DISTINCT FROM OLD.resolved_by) THEN
    RAISE EXCEPTION 'comment %: deleting changes nothing else', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  IF (NEW.body <> OLD.body) <> (NEW.edited_at IS DISTINCT FROM OLD.edited_at) OR (NEW.body <> OLD.body AND NEW.edited_at IS NULL) THEN
    RAISE EXCEPTION 'comment %: the text changes only as an edit, with edited_at', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  IF (NEW.resolved_at IS NULL) <> (NEW.resolved_by IS NULL) THEN
    RAISE EXCEPTION 'comment %: resolved_at and resolved_by are set and cleared together', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  IF OLD.parent_id IS NOT NULL AND (NEW.resolved_at IS DISTINCT FROM OLD.resolved_at OR NEW.resolved_by IS DISTINCT FROM OLD.resolved_by) THEN
    RAISE EXCEPTION 'comment % is a reply: its thread is resolved through the first comment', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER comments_guard BEFORE INSERT OR UPDATE ON comments
  FOR EACH ROW EXECUTE FUNCTION axiom_comment_guard();
--> statement-breakpoint
CREATE TRIGGER comments_no_delete BEFORE DELETE ON comments
  FOR EACH ROW EXECUTE FUNCTION axiom_forbid_delete();
--> statement-breakpoint
CREATE TRIGGER comments_no_truncate BEFORE TRUNCATE ON comments
  FOR EACH STATEMENT EXECUTE FUNCTION axiom_forbid_delete();
