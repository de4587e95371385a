import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { getAuditKeys } from "@/lib/env";
import { AUDIT_GENESIS_HASH, asStoredJson, auditHashV2 } from "./audit-hash";

export type AuditEventInput = {
  actorId: string | null; // null: the system (worker, sweeper)
  action: string; // "<entity>.<verb>", e.g. "version.ready"
  entityType: "user" | "project" | "project_member" | "asset" | "version" | "comment" | "sign_in" | "webhook_endpoint" | "api_token" | "playlist" | "review_link"; // sign_in: lib/auth/sign-in-subject.ts
  entityId: string;
  projectId?: string | null;
  data?: Record<string, unknown>;
};

// The lock the chain trigger takes too (migration 0001): one audit writer at a time, until COMMIT.
const AUDIT_CHAIN_LOCK = 7345001;

let hasWarnedUnkeyed = false;

/**
 * Appends one audit event. Call it with the *same transaction* as the change it records:
 * the event and the change commit together or not at all.
 *
 * With AUDIT_HMAC_KEY (always, in practice): takes the chain's advisory lock, reads the last row,
 * and writes the row with its HMAC (hash_version 2) — the database never sees the key, so whoever
 * can only write to the database cannot forge a row that verifies. The trigger checks the row
 * extends the chain. Without a key: the trigger chains it with an unkeyed SHA-256, as before
 * (hash_version 1), and a warning is logged once per process.
 */
export async function recordAuditEvent(tx: DbOrTx, event: AuditEventInput): Promise<void> {
  await recordAuditEvents(tx, [event]);
}

// Rows per INSERT: the keyed path sends them as one JSON parameter, the unkeyed one as 6 bound
// values each (well under PostgreSQL's 65,535 per statement).
const AUDIT_INSERT_BATCH = 5000;

/**
 * Appends events in the order given, as `recordAuditEvent` does one: the same lock, the same
 * HMAC chain, each row extending the one before it. For bulk writers (`npm run seed:scale`): the
 * chain trigger checks every row of a multi-row INSERT against the rows before it in the same
 * statement, so a batch is exactly as legal as that many single inserts, at a fraction of the cost.
 */
export async function recordAuditEvents(tx: DbOrTx, events: readonly AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const key = getAuditKeys().current;
  const rows = events.map((event) => {
    const data = asStoredJson(event.data ?? {}) as Record<string, unknown>;
    return {
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      projectId: event.projectId ?? null,
      data,
    };
  });
  if (!key) {
    if (!hasWarnedUnkeyed) {
      hasWarnedUnkeyed = true;
      console.warn(
        "[audit] AUDIT_HMAC_KEY is not set: audit events are chained without a key, so anyone who can write to the database can forge them (docs/security.md)",
      );
    }
    for (let i = 0; i < rows.length; i += AUDIT_INSERT_BATCH) await tx.insert(auditEvents).values(rows.slice(i, i + AUDIT_INSERT_BATCH));
    return;
  }

  // A savepoint inside the caller's transaction (a transaction of its own when given the pool):
  // the lock must be held from the read of the last row until COMMIT.
  await tx.transaction(async (t) => {
    await t.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    // A statement after the lock: its snapshot sees every chain row committed before we got it.
    const [head] = (await t.execute(sql`
      select last.seq::text as seq, last.hash,
             floor(extract(epoch from now()) * 1000000)::bigint::text as micros
      from (select 1) as one
      left join lateral (select seq, hash from audit_events order by seq desc limit 1) as last on true
    `)) as unknown as { seq: string | null; hash: string | null; micros: string }[];
    let seq = BigInt(head?.seq ?? "0");
    let prevHash = head?.hash ?? AUDIT_GENESIS_HASH;
    const micros = head!.micros;
    const chained = rows.map((columns) => {
      seq += 1n;
      const hash = auditHashV2(key, { seq: String(seq), prevHash, occurredAtMicros: micros, ...columns }, columns.data);
      const row = {
        seq: String(seq),
        actor_id: columns.actorId,
        action: columns.action,
        entity_type: columns.entityType,
        entity_id: columns.entityId,
        project_id: columns.projectId,
        data: columns.data,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    // occurred_at: exactly the microseconds that were hashed. The rows travel as one JSON parameter
    // and are inserted in seq order: building a statement of thousands of bound values costs far more
    // in the client than the insert does in PostgreSQL.
    for (let i = 0; i < chained.length; i += AUDIT_INSERT_BATCH) {
      const batch = JSON.stringify(chained.slice(i, i + AUDIT_INSERT_BATCH));
      await t.execute(sql`
        insert into audit_events (seq, occurred_at, actor_id, action, entity_type, entity_id, project_id, data, prev_hash, hash, hash_version)
        select r.seq, timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond',
               r.actor_id, r.action, r.entity_type, r.entity_id, r.project_id, r.data, r.prev_hash, r.hash, 2
        from jsonb_to_recordset(${batch}::jsonb) as r(seq bigint, actor_id uuid, action text, entity_type text,
             entity_id uuid, project_id uuid, data jsonb, prev_hash text, hash text)
        order by r.seq`);
    }
  });
}
