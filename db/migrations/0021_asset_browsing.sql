ALTER TABLE "assets" ADD COLUMN "latest_version_id" uuid;--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "latest_version_number" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "latest_processing_state" "processing_state";--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "latest_review_state" "review_state";--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "latest_uploaded_by" uuid;--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "latest_open_threads" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "last_activity_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_latest_version_id_versions_id_fk" FOREIGN KEY ("latest_version_id") REFERENCES "public"."versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_latest_uploaded_by_users_id_fk" FOREIGN KEY ("latest_uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assets_project_activity_idx" ON "assets" USING btree ("project_id","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "assets_project_latest_number_idx" ON "assets" USING btree ("project_id","latest_version_number","id");--> statement-breakpoint
CREATE INDEX "assets_project_name_id_idx" ON "assets" USING btree ("project_id","name","id");--> statement-breakpoint
CREATE INDEX "assets_project_review_idx" ON "assets" USING btree ("project_id","latest_review_state");--> statement-breakpoint
CREATE INDEX "assets_project_processing_idx" ON "assets" USING btree ("project_id","latest_processing_state");--> statement-breakpoint
CREATE INDEX "comments_open_threads_idx" ON "comments" USING btree ("version_id") WHERE "comments"."parent_id" is null and "comments"."resolved_at" is null and "comments"."deleted_at" is null;--> statement-breakpoint
-- Hand-written: the project page at scale (docs/browsing.md). ---------------------------------

-- 1. Name search: a trigram index makes `name ILIKE '%…%'` (substring and prefix) an index scan.
--    pg_trgm is a trusted extension (PostgreSQL 13+): an owner with CREATE on the database may add
--    it. Where it cannot, the search still works, by scanning the project's assets (milliseconds
--    at 10,000), and the migration says so rather than failing.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE WARNING 'pg_trgm unavailable (%): asset name search works without its index', SQLERRM;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS assets_name_trgm_idx ON assets USING gin (name gin_trgm_ops)';
  END IF;
END
$$;
--> statement-breakpoint

-- 2. The assets' copies of their latest version (id, number, states, uploader, open threads) and
--    last_activity_at, kept by the database whatever code writes the rows. Versions are never
--    deleted and a number never changes once set, so "the highest number so far" only ever moves
--    up; activity only ever moves later (greatest()). Each trigger touches one assets row by its key.
CREATE FUNCTION axiom_asset_version_summary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- Just numbered (its upload completed): it becomes the latest if its number is the highest so far.
  is_numbered_now boolean := NEW.number IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.number IS NULL);
  has_new_states boolean := TG_OP = 'UPDATE' AND (NEW.processing_state IS DISTINCT FROM OLD.processing_state
                                                  OR NEW.review_state IS DISTINCT FROM OLD.review_state);
  uploaded_now timestamptz := CASE WHEN TG_OP = 'INSERT' OR OLD.uploaded_at IS DISTINCT FROM NEW.uploaded_at THEN NEW.uploaded_at END;
BEGIN
  IF NOT (is_numbered_now OR has_new_states OR uploaded_now IS NOT NULL) THEN
    RETURN NULL;
  END IF;
  -- One UPDATE (an upload completing numbers the version and stamps uploaded_at together), and
  -- none at all when nothing of the asset's changes: a state change of an older version.
  UPDATE assets a SET
      latest_version_id = CASE WHEN is_numbered_now AND a.latest_version_number < NEW.number THEN NEW.id ELSE a.latest_version_id END,
      latest_version_number = CASE WHEN is_numbered_now AND a.latest_version_number < NEW.number THEN NEW.number ELSE a.latest_version_number END,
      latest_processing_state = CASE WHEN (is_numbered_now AND a.latest_version_number < NEW.number) OR a.latest_version_id = NEW.id
                                     THEN NEW.processing_state ELSE a.latest_processing_state END,
      latest_review_state = CASE WHEN (is_numbered_now AND a.latest_version_number < NEW.number) OR a.latest_version_id = NEW.id
                                 THEN NEW.review_state ELSE a.latest_review_state END,
      latest_uploaded_by = CASE WHEN is_numbered_now AND a.latest_version_number < NEW.number THEN NEW.uploaded_by ELSE a.latest_uploaded_by END,
      latest_open_threads = CASE WHEN is_numbered_now AND a.latest_version_number < NEW.number
                                 THEN (SELECT count(*) FROM comments c WHERE c.version_id = NEW.id
                                       AND c.parent_id IS NULL AND c.resolved_at IS NULL AND c.deleted_at IS NULL)
                                 ELSE a.latest_open_threads END,
      last_activity_at = greatest(a.last_activity_at, uploaded_now)
    WHERE a.id = NEW.asset_id
      AND ((is_numbered_now AND a.latest_version_number < NEW.number)
           OR (has_new_states AND a.latest_version_id = NEW.id)
           OR uploaded_now > a.last_activity_at);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- review_state changes by axiom_apply_review_decision's UPDATE (a decision), which fires this too.
CREATE TRIGGER versions_asset_summary AFTER INSERT OR UPDATE OF number, uploaded_at, processing_state, review_state ON versions
  FOR EACH ROW EXECUTE FUNCTION axiom_asset_version_summary();
--> statement-breakpoint
-- A decision is activity on its version's asset.
CREATE FUNCTION axiom_asset_decision_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE assets SET last_activity_at = greatest(last_activity_at, NEW.created_at)
    WHERE id = (SELECT asset_id FROM versions WHERE id = NEW.version_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER review_decisions_asset_activity AFTER INSERT ON review_decisions
  FOR EACH ROW EXECUTE FUNCTION axiom_asset_decision_activity();
--> statement-breakpoint
-- A comment is activity; a thread opened, resolved, reopened or deleted on the latest version
-- moves its open count. (A new comment is never resolved or deleted: the comment guard.)
CREATE FUNCTION axiom_asset_comment_summary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_open boolean := TG_OP = 'UPDATE' AND OLD.parent_id IS NULL AND OLD.resolved_at IS NULL AND OLD.deleted_at IS NULL;
  is_open boolean := NEW.parent_id IS NULL AND NEW.resolved_at IS NULL AND NEW.deleted_at IS NULL;
  delta integer := (CASE WHEN is_open THEN 1 ELSE 0 END) - (CASE WHEN was_open THEN 1 ELSE 0 END);
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE assets SET last_activity_at = greatest(last_activity_at, NEW.created_at),
        latest_open_threads = latest_open_threads + CASE WHEN latest_version_id = NEW.version_id THEN delta ELSE 0 END
      WHERE id = (SELECT asset_id FROM versions WHERE id = NEW.version_id);
  ELSIF delta <> 0 THEN
    UPDATE assets SET latest_open_threads = latest_open_threads + delta
      WHERE id = (SELECT asset_id FROM versions WHERE id = NEW.version_id) AND latest_version_id = NEW.version_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER comments_asset_summary AFTER INSERT OR UPDATE OF resolved_at, deleted_at ON comments
  FOR EACH ROW EXECUTE FUNCTION axiom_asset_comment_summary();
--> statement-breakpoint
-- Existing rows.
UPDATE assets a SET latest_version_id = v.id, latest_version_number = v.number,
    latest_processing_state = v.processing_state, latest_review_state = v.review_state, latest_uploaded_by = v.uploaded_by,
    latest_open_threads = (SELECT count(*) FROM comments c WHERE c.version_id = v.id
                           AND c.parent_id IS NULL AND c.resolved_at IS NULL AND c.deleted_at IS NULL)
  FROM (SELECT DISTINCT ON (asset_id) * FROM versions WHERE number IS NOT NULL ORDER BY asset_id, number DESC) AS v
  WHERE v.asset_id = a.id;
--> statement-breakpoint
UPDATE assets a SET last_activity_at = greatest(a.created_at,
  (SELECT max(v.uploaded_at) FROM versions v WHERE v.asset_id = a.id),
  (SELECT max(d.created_at) FROM review_decisions d JOIN versions v ON v.id = d.version_id WHERE v.asset_id = a.id),
  (SELECT max(c.created_at) FROM comments c JOIN versions v ON v.id = c.version_id WHERE v.asset_id = a.id));
