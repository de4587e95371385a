-- Keyed audit chain (issue 10 #4). From now on the app computes each row's hash as an
-- HMAC-SHA-256 with AUDIT_HMAC_KEY, a key the database never sees (hash_version 2,
-- lib/audit/record-audit-event.ts): the database cannot compute it, so the trigger only checks
-- that the row extends the chain — seq = last + 1, prev_hash = the last hash — under the same
-- advisory lock the app took before reading the last row. Rows without hash_version 2 (written
-- before the key existed, or by a process without it) keep the unkeyed SHA-256 of 0001,
-- computed here. `npm run audit:verify` recomputes both in JS and refuses an unkeyed row after
-- a keyed one, so dropping back to version 1 cannot hide a forgery.
CREATE OR REPLACE FUNCTION axiom_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  -- One writer at a time (held until COMMIT), so seq and the chain follow commit order.
  PERFORM pg_advisory_xact_lock(7345001);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
  IF NEW.hash_version = 2 THEN
    IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
       OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, repeat('0', 64)) THEN
      RAISE EXCEPTION 'audit event % does not extend the chain (last seq %)', NEW.seq, last_seq
        USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_events_chain';
    END IF;
    IF NEW.hash !~ '^[0-9a-f]{64}$' OR NEW.occurred_at IS NULL THEN
      RAISE EXCEPTION 'audit event % needs an occurred_at and a hex HMAC', NEW.seq
        USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_events_chain';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.hash_version <> 1 THEN
    RAISE EXCEPTION 'unknown audit hash_version %', NEW.hash_version
      USING ERRCODE = 'check_violation', CONSTRAINT = 'audit_events_chain';
  END IF;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.occurred_at := coalesce(NEW.occurred_at, now());
  NEW.hash := axiom_audit_hash(NEW.seq, NEW.prev_hash, NEW.occurred_at, NEW.actor_id, NEW.action,
    NEW.entity_type, NEW.entity_id, NEW.project_id, NEW.data);
  RETURN NEW;
END
$$;
