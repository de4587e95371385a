import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export type AuditChainResult =
  | { ok: true; count: number }
  | { ok: false; count: number; seq: number; reason: "hash_mismatch" | "broken_link" | "missing_seq" };

const GENESIS_HASH = "0".repeat(64);
// Rows are read in pages so a long trail never sits in memory at once.
const DEFAULT_PAGE_SIZE = 5000;

type Row = { seq: string; prev_hash: string; hash: string; expected: string };

/**
 * Walks the audit trail in `seq` order and checks every row: its hash recomputed by the same
 * SQL function the insert trigger uses (`axiom_audit_hash`), its `prev_hash` equal to the
 * previous row's hash, and no missing sequence number (a deleted row). Reports the first
 * broken row. Read-only; run it from `npm run audit:verify`.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { pageSize?: number } = {},
): Promise<AuditChainResult> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let previousHash = GENESIS_HASH;
  let previousSeq = 0;
  let count = 0;
  for (;;) {
    const rows = (await db.execute(sql`
      SELECT seq::text AS seq, prev_hash, hash,
             axiom_audit_hash(seq, prev_hash, occurred_at, actor_id, action, entity_type, entity_id, project_id, data)
               AS expected
      FROM audit_events
      WHERE audit_events.seq > ${previousSeq}
      -- Qualified: a bare "seq" here would sort by the text alias above ("10" before "2").
      ORDER BY audit_events.seq
      LIMIT ${pageSize}
    `)) as unknown as Row[];
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== previousSeq + 1) return { ok: false, count, seq: previousSeq + 1, reason: "missing_seq" };
      if (row.prev_hash !== previousHash) return { ok: false, count, seq, reason: "broken_link" };
      if (row.hash !== row.expected) return { ok: false, count, seq, reason: "hash_mismatch" };
      previousHash = row.hash;
      previousSeq = seq;
      count++;
    }
    if (rows.length < pageSize) return { ok: true, count };
  }
}
