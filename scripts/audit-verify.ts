import { createDb } from "../db/client";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { getEnv } from "../lib/env";

/** `npm run audit:verify`: prints OK, or the first broken row, and exits non-zero then. */
async function main() {
  const handle = createDb(getEnv().DATABASE_URL, { max: 1 });
  try {
    const result = await verifyAuditChain(handle.db);
    if (result.ok) {
      console.log(`OK: ${result.count} audit events, hash chain intact`);
      return 0;
    }
    console.error(`BROKEN at seq ${result.seq} (${result.reason}); ${result.count} events before it verify`);
    return 1;
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
