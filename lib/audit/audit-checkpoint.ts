import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { Storage } from "@/lib/storage";
import { isSameHex, macOf } from "./audit-hash";
import { findAuditChainPoint, verifyAuditChain, type AuditChainFailure, type AuditChainPoint } from "./verify-audit-chain";

/**
 * The audit chain's last (seq, hash), copied to the bucket by the worker every minute in which the
 * chain moved (jobs/write-audit-checkpoint.ts; docs/audit.md, "Checkpoints"). The database cannot change it: rows cut off the end of the
 * chain — which leave a chain that verifies — show as a checkpointed seq the database no longer
 * has. Signed with AUDIT_HMAC_KEY, so someone who can write the bucket but lacks the key cannot
 * replace it with a shorter one. With bucket versioning (README, "Production services") every
 * earlier checkpoint is kept as well; `audit/checkpoints/<day>.json` keeps one per day regardless.
 */
export const AUDIT_CHECKPOINT_KEY = "audit/checkpoint.json";
export const auditCheckpointDayKey = (day: string) => `audit/checkpoints/${day}.json`;

const checkpointSchema = z.object({
  format: z.literal("axiom-audit-checkpoint-1"),
  seq: z.number().int().nonnegative(),
  hash: z.string(),
  writtenAt: z.string(),
  mac: z.string(),
});
export type AuditCheckpoint = z.infer<typeof checkpointSchema>;

const signedPart = (c: Omit<AuditCheckpoint, "mac">) => ({ format: c.format, seq: c.seq, hash: c.hash, writtenAt: c.writtenAt });

export type WriteCheckpointResult =
  | { written: true; checkpoint: AuditCheckpoint; verifiedSince: number }
  | { written: false; reason: "empty_chain" | "unchanged" }
  | { written: false; reason: "chain_broken"; seq: number; failure: AuditChainFailure | "checkpoint_row_changed" | "checkpoint_row_missing" };

/**
 * Verifies the chain from the previous checkpoint on (its row must still carry its hash) and, if it
 * holds, writes a new checkpoint of the last row. A broken chain is never checkpointed: the
 * previous checkpoint stays, and the result says where it broke. Nothing new since the previous
 * checkpoint: nothing written (`unchanged`), so an idle system costs one read a minute, no write.
 * Throws on storage errors.
 */
export async function writeAuditCheckpoint(
  db: DbOrTx,
  storage: Storage,
  params: { keys: Buffer[]; signingKey: Buffer; now?: Date },
): Promise<WriteCheckpointResult> {
  const previous = await readAuditCheckpoint(storage, { keys: params.keys }).catch(() => null);
  let from: AuditChainPoint | undefined;
  if (previous?.status === "valid") {
    const row = await findAuditChainPoint(db, previous.checkpoint.seq);
    if (!row) return { written: false, reason: "chain_broken", seq: previous.checkpoint.seq, failure: "checkpoint_row_missing" };
    if (row.hash !== previous.checkpoint.hash) {
      return { written: false, reason: "chain_broken", seq: row.seq, failure: "checkpoint_row_changed" };
    }
    from = row;
  }
  const chain = await verifyAuditChain(db, { keys: params.keys, from });
  if (!chain.ok) return { written: false, reason: "chain_broken", seq: chain.seq, failure: chain.reason };
  // Nothing after the previous checkpoint: it still says all there is to say.
  if (from && chain.count === 0) return { written: false, reason: "unchanged" };
  const last = chain.last;
  if (!last) return { written: false, reason: "empty_chain" };

  const unsigned = {
    format: "axiom-audit-checkpoint-1" as const,
    seq: last.seq,
    hash: last.hash,
    writtenAt: (params.now ?? new Date()).toISOString(),
  };
  const checkpoint: AuditCheckpoint = { ...unsigned, mac: macOf(params.signingKey, signedPart(unsigned)) };
  const body = `${JSON.stringify(checkpoint, null, 2)}\n`;
  await storage.putBytes(auditCheckpointDayKey(unsigned.writtenAt.slice(0, 10)), body, "application/json");
  await storage.putBytes(AUDIT_CHECKPOINT_KEY, body, "application/json");
  return { written: true, checkpoint, verifiedSince: from?.seq ?? 0 };
}

export type ReadCheckpointResult =
  | { status: "missing" }
  | { status: "invalid"; reason: string }
  | { status: "valid"; checkpoint: AuditCheckpoint };

/** The latest checkpoint, checked against `keys` (any of them: it may predate a rotation). */
export async function readAuditCheckpoint(storage: Storage, params: { keys: Buffer[] }): Promise<ReadCheckpointResult> {
  if (!(await storage.head(AUDIT_CHECKPOINT_KEY))) return { status: "missing" };
  const stream = await storage.getStream(AUDIT_CHECKPOINT_KEY);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  let parsed: AuditCheckpoint;
  try {
    parsed = checkpointSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
  } catch {
    return { status: "invalid", reason: "not a checkpoint document" };
  }
  const isSigned = params.keys.some((key) => isSameHex(macOf(key, signedPart(parsed)), parsed.mac));
  if (!isSigned) return { status: "invalid", reason: "its signature matches none of the configured audit keys" };
  return { status: "valid", checkpoint: parsed };
}

export type CheckpointComparison =
  | { status: "covered"; checkpoint: AuditCheckpoint; eventsAfter: number }
  | { status: "truncated"; checkpoint: AuditCheckpoint; lastSeq: number; missingFrom: number; missingTo: number }
  | { status: "rewritten"; checkpoint: AuditCheckpoint };

/**
 * Compares a verified chain's end with the checkpoint: rows cut off the end (the database's last
 * seq is below the checkpoint's), or the checkpointed row changed (the chain was rebuilt), or fine.
 */
export async function compareWithCheckpoint(
  db: DbOrTx,
  params: { checkpoint: AuditCheckpoint; last: AuditChainPoint | null },
): Promise<CheckpointComparison> {
  const { checkpoint, last } = params;
  const lastSeq = last?.seq ?? 0;
  if (lastSeq < checkpoint.seq) {
    return { status: "truncated", checkpoint, lastSeq, missingFrom: lastSeq + 1, missingTo: checkpoint.seq };
  }
  const row = await findAuditChainPoint(db, checkpoint.seq);
  if (!row || row.hash !== checkpoint.hash) return { status: "rewritten", checkpoint };
  return { status: "covered", checkpoint, eventsAfter: lastSeq - checkpoint.seq };
}
