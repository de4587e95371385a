import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { getAuditKeys } from "@/lib/env";
import { AUDIT_GENESIS_HASH, auditHashV1, auditHashV2, isSameHex, type AuditHashFields } from "./audit-hash";

export type AuditChainFailure = "hash_mismatch" | "broken_link" | "missing_seq" | "unkeyed_after_keyed" | "no_key" | "unknown_version";

export type AuditChainResult =
  | { ok: true; count: number; keyedCount: number; last: AuditChainPoint | null }
  | { ok: false; count: number; seq: number; reason: AuditChainFailure };

/** A row of the chain, as a checkpoint pins it. */
export type AuditChainPoint = { seq: number; hash: string };

// Rows are read in pages so a long trail never sits in memory at once.
const DEFAULT_PAGE_SIZE = 5000;

type Row = {
  seq: string;
  hash_version: number;
  prev_hash: string;
  hash: string;
  micros: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  project_id: string | null;
  data_text: string;
};

/**
 * Walks the audit trail in `seq` order and recomputes every row's hash in JS (lib/audit/audit-hash.ts):
 * no missing sequence number (a deleted row), `prev_hash` equal to the previous row's hash, and the
 * hash itself — SHA-256 for hash_version 1, HMAC with one of `keys` for hash_version 2. Keys are
 * tried in order of use (oldest first) and never go back to an older key once a newer one signed
 * a row; an unkeyed row after a keyed one is a failure (a forger's way around the key). Reports the
 * first broken row. `keys`: AUDIT_HMAC_PREVIOUS_KEYS then AUDIT_HMAC_KEY unless given.
 * `from`: start after a row already known good (the last checkpoint).
 * Read-only; `npm run audit:verify` and the daily checkpoint job run it.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { keys?: Buffer[]; pageSize?: number; from?: AuditChainPoint } = {},
): Promise<AuditChainResult> {
  const keys = options.keys ?? getAuditKeys().all;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let previousHash = options.from?.hash ?? AUDIT_GENESIS_HASH;
  let previousSeq = options.from?.seq ?? 0;
  let keyIndex = 0;
  let isKeyed = false;
  let count = 0;
  let keyedCount = 0;
  for (;;) {
    const rows = (await db.execute(sql`
      SELECT seq::text AS seq, hash_version, prev_hash, hash,
             floor(extract(epoch FROM occurred_at) * 1000000)::bigint::text AS micros,
             actor_id, action, entity_type, entity_id, project_id, data::text AS data_text
      FROM audit_events
      WHERE audit_events.seq > ${previousSeq}
      -- Qualified: a bare "seq" here would sort by the text alias above ("10" before "2").
      ORDER BY audit_events.seq
      LIMIT ${pageSize}
    `)) as unknown as Row[];
    for (const row of rows) {
      const seq = Number(row.seq);
      const fail = (reason: AuditChainFailure): AuditChainResult => ({ ok: false, count, seq, reason });
      if (seq !== previousSeq + 1) return { ok: false, count, seq: previousSeq + 1, reason: "missing_seq" };
      if (row.prev_hash !== previousHash) return fail("broken_link");
      const fields: AuditHashFields = {
        seq: row.seq,
        prevHash: row.prev_hash,
        occurredAtMicros: row.micros,
        actorId: row.actor_id,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        projectId: row.project_id,
      };
      if (row.hash_version === 1) {
        if (isKeyed) return fail("unkeyed_after_keyed");
        if (!isSameHex(auditHashV1(fields, row.data_text), row.hash)) return fail("hash_mismatch");
      } else if (row.hash_version === 2) {
        if (keys.length === 0) return fail("no_key");
        const data: unknown = JSON.parse(row.data_text);
        let matched = -1;
        for (let i = keyIndex; i < keys.length && matched < 0; i++) {
          if (isSameHex(auditHashV2(keys[i]!, fields, data), row.hash)) matched = i;
        }
        if (matched < 0) return fail("hash_mismatch");
        keyIndex = matched;
        isKeyed = true;
        keyedCount++;
      } else {
        return fail("unknown_version");
      }
      previousHash = row.hash;
      previousSeq = seq;
      count++;
    }
    if (rows.length < pageSize) {
      return { ok: true, count, keyedCount, last: previousSeq > 0 ? { seq: previousSeq, hash: previousHash } : null };
    }
  }
}

/** The row at `seq`, or null when there is none. */
export async function findAuditChainPoint(db: DbOrTx, seq: number): Promise<AuditChainPoint | null> {
  const rows = (await db.execute(sql`SELECT seq::text AS seq, hash FROM audit_events WHERE seq = ${seq}`)) as unknown as {
    seq: string;
    hash: string;
  }[];
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
}
