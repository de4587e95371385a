import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Logger, runMigrations } from "graphile-worker";
import { createDb } from "./client";
import { grantAppRole } from "./roles";

export const MIGRATIONS_FOLDER = path.join(__dirname, "migrations");

export type MigrateOptions = {
  /**
   * The role the web app and the worker connect as, when it is not the one migrating (the owner):
   * it gets exactly its privileges afterwards (db/roles.ts). Unset: no grants (one role for all).
   */
  appRole?: string;
  /** Where warnings about the roles go (default: stderr). */
  warn?: (message: string) => void;
};

/**
 * Applies AXIOM's migrations and graphile-worker's own schema, connected as the owner, then grants
 * the app role its privileges. Safe to run repeatedly.
 */
export async function migrateDatabase(ownerUrl: string, options: MigrateOptions = {}): Promise<void> {
  const handle = createDb(ownerUrl, { max: 1 });
  try {
    await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
    await runMigrations({ connectionString: ownerUrl, logger: quietLogger() });
    if (options.appRole) {
      const { warnings } = await grantAppRole(handle.sql, options.appRole);
      for (const warning of warnings) (options.warn ?? console.error)(`[migrate] ${warning}`);
    }
  } finally {
    await handle.close();
  }
}

function quietLogger() {
  // graphile-worker logs every migration at info level; keep only warnings and errors.
  return new Logger(() => (level: string, message: string) => {
    if (level === "error" || level === "warning") console.error(`[graphile-worker] ${message}`);
  });
}
