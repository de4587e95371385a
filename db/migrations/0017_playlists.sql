CREATE TABLE "playlist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"playlist_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playlist_items_position_nonneg" CHECK ("playlist_items"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "playlists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playlists_name_length" CHECK (char_length("playlists"."name") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "playlist_items" ADD CONSTRAINT "playlist_items_playlist_id_playlists_id_fk" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_items" ADD CONSTRAINT "playlist_items_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_items" ADD CONSTRAINT "playlist_items_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlists" ADD CONSTRAINT "playlists_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlists" ADD CONSTRAINT "playlists_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "playlist_items_playlist_version_key" ON "playlist_items" USING btree ("playlist_id","version_id");--> statement-breakpoint
CREATE INDEX "playlist_items_version_idx" ON "playlist_items" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "playlists_project_idx" ON "playlists" USING btree ("project_id","created_at");--> statement-breakpoint
-- Hand-written (not in db/schema.ts, which cannot say DEFERRABLE): one item per position of a
-- playlist, checked at COMMIT, so lib/playlists renumbers 0..n-1 in one transaction (moves pass
-- through duplicate positions) and a concurrent edit that slipped past the row lock still fails.
ALTER TABLE "playlist_items" ADD CONSTRAINT "playlist_items_playlist_position_key" UNIQUE ("playlist_id", "position") DEFERRABLE INITIALLY DEFERRED;--> statement-breakpoint
-- A playlist holds versions of its own project only: checked in the database, whatever the app does.
CREATE FUNCTION playlist_items_same_project() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  playlist_project uuid;
  version_project uuid;
BEGIN
  SELECT project_id INTO playlist_project FROM playlists WHERE id = NEW.playlist_id;
  SELECT a.project_id INTO version_project FROM versions v JOIN assets a ON a.id = v.asset_id WHERE v.id = NEW.version_id;
  IF playlist_project IS DISTINCT FROM version_project THEN
    RAISE EXCEPTION 'playlist_items: version % is not in the project of playlist %', NEW.version_id, NEW.playlist_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'playlist_items_same_project';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER playlist_items_same_project BEFORE INSERT OR UPDATE OF playlist_id, version_id ON "playlist_items"
  FOR EACH ROW EXECUTE FUNCTION playlist_items_same_project();--> statement-breakpoint
-- A playlist never changes project (its items were checked against this one).
CREATE FUNCTION playlists_project_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.project_id IS DISTINCT FROM OLD.project_id THEN
    RAISE EXCEPTION 'playlists: project_id never changes' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER playlists_project_fixed BEFORE UPDATE OF project_id ON "playlists"
  FOR EACH ROW EXECUTE FUNCTION playlists_project_fixed();
