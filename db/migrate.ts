import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Logger, runMigrations } from "graphile-worker";
import { createDb } from "./client";

export const MIGRATIONS_FOLDER = path.join(__dirname, "migrations");

/** Applies AXIOM's migrations and graphile-worker's own schema. Safe to run repeatedly. */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const handle = createDb(databaseUrl, { max: 1 });
  try {
    await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await handle.close();
  }
  await runMigrations({ connectionString: databaseUrl, logger: quietLogger() });
}

function quietLogger() {
  // graphile-worker logs every migration at info level; keep only warnings and errors.
  return new Logger(() => (level: string, message: string) => {
    if (level === "error" || level === "warning") console.error(`[graphile-worker] ${message}`);
  });
}
