import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { AuditKeys } from "@/lib/env";
import type { Storage } from "@/lib/storage";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import type { AuditTrailEntry } from "./audit-trail.types";
import { listAuditTrail } from "./list-audit-trail";
import { compareWithCheckpoint, readAuditCheckpoint, type AuditCheckpoint } from "./audit-checkpoint";
import { verifyAuditChain, type AuditChainFailure } from "./verify-audit-chain";

/**
 * The whole audit check, once: `npm run audit:verify` (scripts/audit-verify.ts) and the admins'
 * "Verify chain" button (lib/admin/admin-action-handlers.ts) both run this and show its lines.
 * First the chain in JS (every hash, lib/audit/verify-audit-chain.ts), then its end against the
 * bucket's checkpoint (rows cut off the end, lib/audit/audit-checkpoint.ts). Read-only.
 */
export type AuditTrailCheck =
  | { status: "broken"; seq: number; reason: AuditChainFailure; verifiedBefore: number }
  | { status: "checkpoint_invalid"; chain: ChainSummary; reason: string }
  | { status: "truncated"; chain: ChainSummary; checkpoint: AuditCheckpoint; missingFrom: number; missingTo: number }
  | { status: "rewritten"; chain: ChainSummary; checkpoint: AuditCheckpoint }
  | { status: "ok"; chain: ChainSummary; checkpoint: CheckpointState };

type ChainSummary = { count: number; keyedCount: number; lastSeq: number; hasKey: boolean };
type CheckpointState =
  | { status: "skipped" }
  | { status: "missing" }
  | { status: "covered"; seq: number; writtenAt: string; eventsAfter: number };

/** Why a row fails, in words: the script prints it and the screen shows it. */
export const AUDIT_FAILURE_REASONS: Record<AuditChainFailure, string> = {
  hash_mismatch: "its hash is not what its contents give (altered, or signed with no configured key)",
  broken_link: "its prev_hash is not the previous row's hash (rows rewritten or reordered)",
  missing_seq: "the row is missing (deleted)",
  unkeyed_after_keyed: "an unkeyed (hash_version 1) row after keyed ones: forged without the key",
  no_key: "the row is keyed but AUDIT_HMAC_KEY is not set here",
  unknown_version: "unknown hash_version",
};

export async function checkAuditTrail(
  db: DbOrTx,
  params: { keys: AuditKeys; storage: Storage | null },
): Promise<AuditTrailCheck> {
  const chain = await verifyAuditChain(db, { keys: params.keys.all });
  if (!chain.ok) return { status: "broken", seq: chain.seq, reason: chain.reason, verifiedBefore: chain.count };
  const summary: ChainSummary = {
    count: chain.count,
    keyedCount: chain.keyedCount,
    lastSeq: chain.last?.seq ?? 0,
    hasKey: Boolean(params.keys.current),
  };
  if (!params.storage) return { status: "ok", chain: summary, checkpoint: { status: "skipped" } };

  const read = await readAuditCheckpoint(params.storage, { keys: params.keys.all });
  if (read.status === "missing") return { status: "ok", chain: summary, checkpoint: { status: "missing" } };
  if (read.status === "invalid") return { status: "checkpoint_invalid", chain: summary, reason: read.reason };
  const comparison = await compareWithCheckpoint(db, { checkpoint: read.checkpoint, last: chain.last });
  if (comparison.status === "truncated") {
    return {
      status: "truncated",
      chain: summary,
      checkpoint: read.checkpoint,
      missingFrom: comparison.missingFrom,
      missingTo: comparison.missingTo,
    };
  }
  if (comparison.status === "rewritten") return { status: "rewritten", chain: summary, checkpoint: read.checkpoint };
  const { seq, writtenAt } = read.checkpoint;
  return {
    status: "ok",
    chain: summary,
    checkpoint: { status: "covered", seq, writtenAt, eventsAfter: comparison.eventsAfter },
  };
}

/** The seq of the row a failed check names (the first bad row, or the checkpointed one), or null. */
export function badSeqOf(check: AuditTrailCheck): number | null {
  if (check.status === "broken") return check.seq;
  if (check.status === "rewritten") return check.checkpoint.seq;
  if (check.status === "truncated") return check.missingFrom;
  return null;
}

export type AuditCheckLine = { level: "ok" | "warning" | "error"; text: string };

/** The check in words, one line per finding, as `npm run audit:verify` prints them. */
export function describeAuditTrailCheck(check: AuditTrailCheck): { isIntact: boolean; lines: AuditCheckLine[] } {
  if (check.status === "broken") {
    const text = `BROKEN at seq ${check.seq}: ${AUDIT_FAILURE_REASONS[check.reason]}; ${check.verifiedBefore} events before it verify`;
    return { isIntact: false, lines: [{ level: "error", text }] };
  }
  const { chain } = check;
  const unkeyed = chain.count - chain.keyedCount;
  const lines: AuditCheckLine[] = [
    {
      level: "ok",
      text:
        `chain: ${chain.count} audit events verify (${chain.keyedCount} HMAC-signed` +
        (unkeyed ? `, ${unkeyed} unkeyed from before the key` : "") +
        `), last seq ${chain.lastSeq}`,
    },
  ];
  if (!chain.hasKey)
    lines.push({
      level: "warning",
      text: "warning: AUDIT_HMAC_KEY is not set: new events are not signed (docs/security.md)",
    });
  switch (check.status) {
    case "checkpoint_invalid":
      lines.push({ level: "error", text: `checkpoint: audit/checkpoint.json is not trustworthy: ${check.reason}` });
      return { isIntact: false, lines };
    case "truncated": {
      const at = `checkpoint of ${check.checkpoint.writtenAt} (seq ${check.checkpoint.seq})`;
      const n = check.missingTo - check.missingFrom + 1;
      lines.push({
        level: "error",
        text: `TRUNCATED: the ${at} is past the chain's end (seq ${chain.lastSeq}): ${n} events cut off after it — seq ${check.missingFrom}..${check.missingTo} at least`,
      });
      return { isIntact: false, lines };
    }
    case "rewritten": {
      const at = `checkpoint of ${check.checkpoint.writtenAt} (seq ${check.checkpoint.seq})`;
      lines.push({
        level: "error",
        text: `REWRITTEN: the row at seq ${check.checkpoint.seq} no longer has the hash the ${at} recorded`,
      });
      return { isIntact: false, lines };
    }
    case "ok": {
      const cp = check.checkpoint;
      if (cp.status === "skipped") {
        lines.push({
          level: "warning",
          text: "checkpoint: skipped (--no-checkpoint): rows cut off the end of the chain would go unnoticed",
        });
      } else if (cp.status === "missing") {
        lines.push({
          level: "warning",
          text: "checkpoint: none in the bucket yet (the worker writes one within a minute of the first event): rows cut off the end cannot be detected yet",
        });
      } else {
        lines.push({
          level: "ok",
          text: `OK: the checkpoint of ${cp.writtenAt} (seq ${cp.seq}) matches; ${cp.eventsAfter} events since, not yet checkpointed`,
        });
      }
      return { isIntact: true, lines };
    }
  }
}

/** What the admins' "Verify chain" button shows: the same lines as the script, and the row named. */
export type AuditCheckReport = {
  isIntact: boolean;
  lines: AuditCheckLine[];
  /** The seq of the first bad row (or of the checkpointed row that changed, or the first cut off). */
  badSeq: number | null;
  /** That row in words, when the database still has it. */
  badRow: AuditTrailEntry | null;
  checkedAt: string;
};

/** Runs the check and reads the row it names, for an admin (the actor is checked again here). */
export async function reportAuditTrailCheck(
  db: DbOrTx,
  params: { actor: Actor; keys: AuditKeys; storage: Storage | null; now?: Date },
): Promise<AuditCheckReport> {
  await assertAdminActorOrThrow(db, params.actor);
  const check = await checkAuditTrail(db, params);
  const { isIntact, lines } = describeAuditTrailCheck(check);
  const badSeq = badSeqOf(check);
  let badRow: AuditTrailEntry | null = null;
  if (badSeq !== null) {
    const page = await listAuditTrail(db, { scope: { projectId: null }, before: badSeq + 1, limit: 1 });
    badRow = page.entries.find((e) => e.seq === badSeq) ?? null;
  }
  return { isIntact, lines, badSeq, badRow, checkedAt: (params.now ?? new Date()).toISOString() };
}
