-- Issue 10 #2: uploads land on staging_key, the only key presigned URLs name; completion copies
-- it to storage_key, the master (docs/ingest.md, "Staging and master keys"). Existing rows keep
-- staging_key NULL: they were uploaded to storage_key, which stays their master.
ALTER TABLE "versions" ADD COLUMN "staging_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "versions_staging_key_key" ON "versions" USING btree ("staging_key");--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_staging_key_not_master" CHECK ("versions"."staging_key" <> "versions"."storage_key");