import { migrateDatabase } from "../db/migrate";
import { userOf } from "../db/roles";
import { getEnv } from "../lib/env";

/**
 * `npm run db:migrate`. With DATABASE_OWNER_URL: migrates as the owner and grants the app role —
 * the user of DATABASE_URL — exactly its privileges. With DATABASE_URL alone: migrates as that
 * role, which then owns everything (it could drop the audit trail's triggers), with a warning.
 */
async function main() {
  const env = getEnv();
  if (!env.DATABASE_OWNER_URL) {
    console.warn(
      "[migrate] DATABASE_OWNER_URL is not set: migrating as DATABASE_URL, so the app's own role owns the tables " +
        "and could drop the audit trail's triggers. Give the app a role of its own (docs/security.md, \"Database roles\").",
    );
    await migrateDatabase(env.DATABASE_URL);
    return;
  }
  const appRole = userOf(env.DATABASE_URL);
  if (appRole === userOf(env.DATABASE_OWNER_URL)) {
    throw new Error("DATABASE_URL and DATABASE_OWNER_URL log in as the same role: the app role must be another one");
  }
  await migrateDatabase(env.DATABASE_OWNER_URL, { appRole });
  console.log(`granted the app role ${appRole} its privileges`);
}

main()
  .then(() => console.log("migrations applied"))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
