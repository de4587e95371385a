-- Issue 12 #1: the events outbox (docs/events.md). Every domain event is a row here, written in
-- the transaction of the change it announces; consumers read it by seq, each from its own cursor in
-- event_consumers.
CREATE TABLE "event_consumers" (
	"name" text PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigint PRIMARY KEY DEFAULT 0 NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"project_id" uuid NOT NULL,
	"asset_id" uuid,
	"version_id" uuid,
	"comment_id" uuid,
	"actor_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_payload_object" CHECK (jsonb_typeof("events"."payload") = 'object')
);
--> statement-breakpoint
CREATE UNIQUE INDEX "events_id_key" ON "events" USING btree ("id");--> statement-breakpoint
CREATE INDEX "events_project_idx" ON "events" USING btree ("project_id","seq");--> statement-breakpoint
CREATE INDEX "events_version_idx" ON "events" USING btree ("version_id","seq");--> statement-breakpoint
CREATE INDEX "events_occurred_at_idx" ON "events" USING btree ("occurred_at");--> statement-breakpoint

-- seq is the readers' cursor, so its order must be commit order: a reader that has seen seq n must
-- never later find a smaller one committing. A plain sequence does not give that (a transaction
-- that drew 5 may commit after one that drew 6). So each insert first takes a transaction-scoped
-- advisory lock, held until COMMIT, and draws seq under it: the next writer draws after we commit.
-- Writers append their events last in their transaction (lib/events/append-event.ts), so the lock
-- is held only for the commit itself (and the table has no foreign keys, whose checks would take
-- row locks under it: db/schema.ts). asset_id follows from version_id; the NOTIFY (delivered at
-- COMMIT, never for a rollback) wakes the web processes' live streams (lib/events/event-hub.ts).
CREATE SEQUENCE "events_seq_seq" AS bigint;--> statement-breakpoint
CREATE OR REPLACE FUNCTION axiom_events_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7345003);
  NEW.seq := nextval('events_seq_seq');
  IF NEW.version_id IS NOT NULL THEN
    SELECT asset_id INTO NEW.asset_id FROM versions WHERE id = NEW.version_id;
  END IF;
  PERFORM pg_notify('axiom_events', NEW.seq::text);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER events_before_insert BEFORE INSERT ON "events"
  FOR EACH ROW EXECUTE FUNCTION axiom_events_before_insert();--> statement-breakpoint

-- Retention: the app role may not delete events (db/roles.ts); the daily prune-events job calls
-- this instead, which deletes only rows older than the given number of days (at least 1).
CREATE OR REPLACE FUNCTION axiom_prune_events(older_than_days integer) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  deleted bigint;
BEGIN
  DELETE FROM events WHERE occurred_at < now() - make_interval(days => greatest(older_than_days, 1));
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION axiom_prune_events(integer) FROM PUBLIC;
