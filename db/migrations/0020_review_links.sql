CREATE TABLE "review_link_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"review_link_id" uuid NOT NULL,
	"client_key" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_link_guests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_link_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"session_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_link_guests_name_length" CHECK (char_length("review_link_guests"."name") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "review_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"version_id" uuid,
	"playlist_id" uuid,
	"token_hash" text NOT NULL,
	"passphrase_hash" text,
	"allow_comments" boolean NOT NULL,
	"allow_download" boolean NOT NULL,
	"watermark" boolean DEFAULT true NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "review_links_one_target" CHECK (num_nonnulls("review_links"."version_id", "review_links"."playlist_id") = 1),
	CONSTRAINT "review_links_name_length" CHECK (char_length("review_links"."name") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "comments" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "guest_id" uuid;--> statement-breakpoint
ALTER TABLE "review_link_attempts" ADD CONSTRAINT "review_link_attempts_review_link_id_review_links_id_fk" FOREIGN KEY ("review_link_id") REFERENCES "public"."review_links"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_link_guests" ADD CONSTRAINT "review_link_guests_review_link_id_review_links_id_fk" FOREIGN KEY ("review_link_id") REFERENCES "public"."review_links"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_links" ADD CONSTRAINT "review_links_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_links" ADD CONSTRAINT "review_links_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_links" ADD CONSTRAINT "review_links_playlist_id_playlists_id_fk" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlists"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_links" ADD CONSTRAINT "review_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_links" ADD CONSTRAINT "review_links_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_link_attempts_link_time_idx" ON "review_link_attempts" USING btree ("review_link_id","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_link_guests_session_hash_key" ON "review_link_guests" USING btree ("session_hash");--> statement-breakpoint
CREATE INDEX "review_link_guests_link_idx" ON "review_link_guests" USING btree ("review_link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_links_token_hash_key" ON "review_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "review_links_project_idx" ON "review_links" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "review_links_playlist_idx" ON "review_links" USING btree ("playlist_id");--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_guest_id_review_link_guests_id_fk" FOREIGN KEY ("guest_id") REFERENCES "public"."review_link_guests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_guest_idx" ON "comments" USING btree ("guest_id");--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_one_author" CHECK (num_nonnulls("comments"."author_id", "comments"."guest_id") = 1);--> statement-breakpoint

-- Hand-written (docs/review-links.md). A comment's author never changes: the comment guard (0007,
-- 0009) compares author_id with <>, which says nothing once it may be null, so a trigger of its own
-- compares both authors with IS DISTINCT FROM.
CREATE FUNCTION axiom_comment_author_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.guest_id IS DISTINCT FROM OLD.guest_id THEN
    RAISE EXCEPTION 'comment %: its author never changes', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_immutable';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER comments_author_guard BEFORE UPDATE ON comments
  FOR EACH ROW EXECUTE FUNCTION axiom_comment_author_guard();--> statement-breakpoint

-- A review link shares something of its own project, and what it shares never changes (a guest
-- holding the link must never be moved onto other footage): checked for every writer.
CREATE FUNCTION axiom_review_link_target_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target_project uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.project_id <> OLD.project_id OR NEW.version_id IS DISTINCT FROM OLD.version_id
       OR NEW.playlist_id IS DISTINCT FROM OLD.playlist_id OR NEW.token_hash <> OLD.token_hash THEN
      RAISE EXCEPTION 'review link %: its project, target and token never change', OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'review_links_immutable';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.version_id IS NOT NULL THEN
    SELECT a.project_id INTO target_project FROM versions v JOIN assets a ON a.id = v.asset_id WHERE v.id = NEW.version_id;
  ELSE
    SELECT p.project_id INTO target_project FROM playlists p WHERE p.id = NEW.playlist_id;
  END IF;
  IF target_project IS DISTINCT FROM NEW.project_id THEN
    RAISE EXCEPTION 'review link %: shares something of another project', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'review_links_same_project';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER review_links_target_guard BEFORE INSERT OR UPDATE ON review_links
  FOR EACH ROW EXECUTE FUNCTION axiom_review_link_target_guard();
