ALTER TABLE "users" DROP CONSTRAINT "users_email_notifications";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_email_id_outgoing_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."outgoing_emails"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_undigested_idx" ON "notifications" USING btree ("user_id","created_at") WHERE "notifications"."email_id" is null and "notifications"."read_at" is null;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_email_notifications" CHECK ("users"."email_notifications" in ('immediate', 'hourly', 'daily', 'off'));