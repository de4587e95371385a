/**
 * `npm run audit:verify`: recomputes the audit chain in JS (every hash; HMACs with AUDIT_HMAC_KEY and
 * AUDIT_HMAC_PREVIOUS_KEYS) and compares its end with the checkpoint the worker writes to the bucket
 * (audit/checkpoint.json, every minute the chain moved), which reveals rows cut off the end. Read-only:
 * DATABASE_URL may be the app role. Exit code 0: intact; 1: tampering found (or a keyed chain and no key,
 * or a checkpoint that does not verify); 2: error. `--no-checkpoint` skips the bucket (the chain alone:
 * rows cut off the end go unnoticed). The check itself is lib/audit/check-audit-trail.ts, the same one
 * the admins' "Verify chain" button runs.
 */
import { createDb } from "../db/client";
import { checkAuditTrail, describeAuditTrailCheck } from "../lib/audit/check-audit-trail";
import { getAuditKeys, getEnv } from "../lib/env";
import { createStorage, storageConfigFromEnv } from "../lib/storage";

async function main(): Promise<number> {
  const skipCheckpoint = process.argv.includes("--no-checkpoint");
  const handle = createDb(getEnv().DATABASE_URL, { max: 1 });
  try {
    const storage = skipCheckpoint ? null : createStorage(storageConfigFromEnv());
    const check = await checkAuditTrail(handle.db, { keys: getAuditKeys(), storage });
    const { isIntact, lines } = describeAuditTrailCheck(check);
    for (const line of lines)
      (line.level === "ok" ? console.log : line.level === "warning" ? console.warn : console.error)(line.text);
    return isIntact ? 0 : 1;
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
