/**
 * `npm run audit:verify`: recomputes the audit chain in JS (every hash; HMACs with AUDIT_HMAC_KEY and
 * AUDIT_HMAC_PREVIOUS_KEYS) and compares its end with the checkpoint the worker writes to the bucket
 * daily (audit/checkpoint.json), which reveals rows cut off the end. Read-only: DATABASE_URL may be the
 * app role. Exit code 0: intact; 1: tampering found (or a keyed chain and no key, or a checkpoint that does not verify); 2: error.
 * `--no-checkpoint` skips the bucket (the chain alone: rows cut off the end go unnoticed).
 */
import { createDb } from "../db/client";
import { compareWithCheckpoint, readAuditCheckpoint } from "../lib/audit/audit-checkpoint";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { getAuditKeys, getEnv } from "../lib/env";
import { createStorage, storageConfigFromEnv } from "../lib/storage";

const REASONS: Record<string, string> = {
  hash_mismatch: "its hash is not what its contents give (altered, or signed with no configured key)",
  broken_link: "its prev_hash is not the previous row's hash (rows rewritten or reordered)",
  missing_seq: "the row is missing (deleted)",
  unkeyed_after_keyed: "an unkeyed (hash_version 1) row after keyed ones: forged without the key",
  no_key: "the row is keyed but AUDIT_HMAC_KEY is not set here",
  unknown_version: "unknown hash_version",
};

async function main(): Promise<number> {
  const skipCheckpoint = process.argv.includes("--no-checkpoint");
  const keys = getAuditKeys();
  const handle = createDb(getEnv().DATABASE_URL, { max: 1 });
  try {
    const chain = await verifyAuditChain(handle.db, { keys: keys.all });
    if (!chain.ok) {
      console.error(`BROKEN at seq ${chain.seq}: ${REASONS[chain.reason] ?? chain.reason}; ${chain.count} events before it verify`);
      return 1;
    }
    const unkeyed = chain.count - chain.keyedCount;
    console.log(
      `chain: ${chain.count} audit events verify (${chain.keyedCount} HMAC-signed` +
        (unkeyed ? `, ${unkeyed} unkeyed from before the key` : "") +
        `), last seq ${chain.last?.seq ?? 0}`,
    );
    if (!keys.current) console.warn("warning: AUDIT_HMAC_KEY is not set: new events are not signed (docs/security.md)");
    if (skipCheckpoint) {
      console.warn("checkpoint: skipped (--no-checkpoint): rows cut off the end of the chain would go unnoticed");
      return 0;
    }

    const storage = createStorage(storageConfigFromEnv());
    const read = await readAuditCheckpoint(storage, { keys: keys.all });
    if (read.status === "missing") {
      console.warn("checkpoint: none in the bucket yet (the worker writes one daily): rows cut off the end cannot be detected yet");
      return 0;
    }
    if (read.status === "invalid") {
      console.error(`checkpoint: audit/checkpoint.json is not trustworthy: ${read.reason}`);
      return 1;
    }
    const comparison = await compareWithCheckpoint(handle.db, { checkpoint: read.checkpoint, last: chain.last });
    const at = `checkpoint of ${read.checkpoint.writtenAt} (seq ${read.checkpoint.seq})`;
    if (comparison.status === "truncated") {
      console.error(
        `TRUNCATED: the ${at} is past the chain's end (seq ${comparison.lastSeq}): ` +
          `${comparison.missingTo - comparison.missingFrom + 1} events cut off after it — seq ${comparison.missingFrom}..${comparison.missingTo} at least`,
      );
      return 1;
    }
    if (comparison.status === "rewritten") {
      console.error(`REWRITTEN: the row at seq ${read.checkpoint.seq} no longer has the hash the ${at} recorded`);
      return 1;
    }
    console.log(`OK: the ${at} matches; ${comparison.eventsAfter} events since, not yet checkpointed`);
    return 0;
  } finally {
    await handle.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err);
    process.exit(2);
  });
