import { inject } from "vitest";
import { createDb, type Db, type DbHandle } from "../../db/client";
import { withCredentials } from "../../db/roles";
import { resetEnvCache } from "../../lib/env";
import { s3Environment } from "../../scripts/dev-services/local-s3";
import { createDatabase, dropDatabase, uniqueDatabaseName, withDatabase } from "../../scripts/dev-services/postgres-admin";
import type { TestS3Config } from "../global-setup";

export type TestDatabase = {
  db: Db;
  sql: ReturnType<typeof createDb>["sql"];
  /** As the superuser, which owns the tables like the owner role does (migrations, DDL). */
  url: string;
  /** The same database as the app role the web app and the worker use (no DDL, audit append-only). */
  appUrl: string;
  /** Closes the pool and drops the database. Call it in afterAll. */
  drop: () => Promise<void>;
};

/**
 * A fresh, migrated database of its own, cloned from the run's template (see tests/global-setup.ts).
 * Only for `*.int.test.ts` files. Typical use:
 *
 *   let t: TestDatabase;
 *   beforeAll(async () => { t = await createTestDatabase(); });
 *   afterAll(() => t.drop());
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("TEST_PG_ADMIN_URL");
  const name = uniqueDatabaseName("axiom_test");
  await createDatabase(adminUrl, name, { template: inject("TEST_TEMPLATE_DB") });
  const url = withDatabase(adminUrl, name);
  const appRole = inject("TEST_APP_ROLE");
  const handle = createDb(url, { max: 5 });
  let dropped: Promise<void> | undefined;
  return {
    db: handle.db,
    sql: handle.sql,
    url,
    appUrl: withCredentials(url, appRole.name, appRole.password),
    drop: () =>
      (dropped ??= (async () => {
        await handle.close();
        await dropDatabase(adminUrl, name);
      })()),
  };
}

/** The s3rver started for this run; its bucket exists and allows any CORS origin. */
export function testS3Config(): TestS3Config {
  return inject("TEST_S3");
}

/**
 * For a file that calls the route modules directly: a fresh database (createTestDatabase), the
 * environment the routes read — the app role's DATABASE_URL, NEXTAUTH_URL at `origin`, `secret`,
 * the run's s3rver and any `env` of the file's own — and a pool as the app role, for the routes'
 * deps. Close `app`, then drop `t`, in afterAll.
 */
export async function createRouteTestDatabase(options: {
  origin: string;
  secret: string;
  env?: Record<string, string>;
}): Promise<{ t: TestDatabase; app: DbHandle }> {
  const t = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: t.appUrl,
    NEXTAUTH_URL: options.origin,
    NEXTAUTH_SECRET: options.secret,
    ...s3Environment(testS3Config()),
    ...options.env,
  });
  resetEnvCache();
  return { t, app: createDb(t.appUrl, { max: 8 }) };
}
