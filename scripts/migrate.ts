import { migrateDatabase } from "../db/migrate";
import { getEnv } from "../lib/env";

migrateDatabase(getEnv().DATABASE_URL)
  .then(() => console.log("migrations applied"))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
