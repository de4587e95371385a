/**
 * What the benchmarks that drive the web app share: their options, their cleanup, a fresh database
 * the app connects to as the app role, the production build behind `next start`, and a real session
 * cookie from next-auth's credentials callback (as a browser gets it).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase } from "../db/migrate";
import { ensureLoginRole, withCredentials } from "../db/roles";
import {
  chooseTestPostgres,
  createDatabase,
  dropDatabase,
  getFreePort,
  startChild,
  TEST_APP_ROLE,
  uniqueDatabaseName,
  waitForHttp,
  withDatabase,
  type ManagedChild,
} from "../scripts/dev-services";

const ROOT = path.resolve(__dirname, "..");

/** `--name N` from the command line, else `fallback`; a value below `min` is refused. */
export function numberOption(name: string, fallback: number, min = 0): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}`);
  return value;
}

type Cleanup = { name: string; run: () => Promise<unknown> };

/**
 * What a benchmark started, undone in its `finally` whatever failed: the processes first (they hold
 * connections), then the rest (pools, the database, PostgreSQL) in the reverse of the order they came.
 */
export class BenchCleanups {
  private readonly processes: Cleanup[] = [];
  private readonly others: Cleanup[] = [];

  /** `label`: the benchmark's name in a failed cleanup's message. */
  constructor(private readonly label: string) {}

  add(name: string, run: () => Promise<unknown>): void {
    this.others.push({ name, run });
  }

  addProcess(child: ManagedChild): void {
    this.processes.push({ name: child.name, run: () => child.stop() });
  }

  /** Runs each once; one that fails is reported and the rest still run. */
  async runAll(): Promise<void> {
    const steps = [...this.processes, ...this.others.reverse()];
    this.processes.length = 0;
    this.others.length = 0;
    for (const c of steps) {
      await c.run().catch((error: unknown) => console.error(`[${this.label}] cleaning up ${c.name}:`, error));
    }
  }
}

export interface BenchDatabase {
  name: string;
  /** The superuser's URL: it migrated the database, and seeds it. */
  ownerUrl: string;
  /** The app role's URL, as the web app connects in production. */
  appUrl: string;
}

/**
 * A fresh database on the test PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded
 * one), migrated by its superuser, with the app role's grants.
 */
export async function createBenchDatabase(prefix: string, cleanups: BenchCleanups, log: (message: string) => void): Promise<BenchDatabase> {
  const pg = await chooseTestPostgres({ testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined, log });
  cleanups.add("PostgreSQL", pg.stop);
  const name = uniqueDatabaseName(prefix);
  await createDatabase(pg.adminUrl, name);
  cleanups.add("database", () => dropDatabase(pg.adminUrl, name));
  const ownerUrl = withDatabase(pg.adminUrl, name);
  await ensureLoginRole(pg.adminUrl, TEST_APP_ROLE.name, TEST_APP_ROLE.password);
  await migrateDatabase(ownerUrl, { appRole: TEST_APP_ROLE.name, warn: log });
  return { name, ownerUrl, appUrl: withCredentials(ownerUrl, TEST_APP_ROLE.name, TEST_APP_ROLE.password) };
}

/** A fresh key for the audit chain (lib/audit), for the server and any process that writes as the app. */
export function newAuditKey(): string {
  return randomBytes(32).toString("base64url");
}

export interface ProductionServer {
  web: ManagedChild;
  baseUrl: string;
}

/**
 * `next build` (unless `isBuildSkipped` and `.next` has a BUILD_ID), then `next start` on a free port
 * of 127.0.0.1 in production mode, connected to `databaseUrl`, answered once `/livez` answers.
 * `cpuProfileDir`: the server writes a V8 CPU profile there when it stops.
 */
export async function startProductionServer(options: {
  databaseUrl: string;
  auditKey: string;
  isBuildSkipped: boolean;
  log: (message: string) => void;
  /** Each child goes there as soon as it runs, so it is stopped even when a later step throws. */
  cleanups: BenchCleanups;
  cpuProfileDir?: string | null;
}): Promise<ProductionServer> {
  const { log, cleanups } = options;
  const port = await getFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: options.databaseUrl,
    DATABASE_OWNER_URL: undefined,
    AUDIT_HMAC_KEY: options.auditKey,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_URL: baseUrl,
    // Not reached by what the benchmarks measure; set so the CSP names a store as in production.
    S3_ENDPOINT: "http://127.0.0.1:9",
    S3_FORCE_PATH_STYLE: "true",
  };
  const nextBin = path.join(ROOT, "node_modules", ".bin", "next");
  if (options.isBuildSkipped && fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log("reusing the existing .next build (--skip-build)");
  } else {
    log(`building the app (next build in ${ROOT})`);
    const build = startChild("build", nextBin, ["build"], { env, cwd: ROOT });
    cleanups.addProcess(build);
    const code = await build.exited;
    if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  }
  const startArgs = ["start", "-p", String(port), "-H", "127.0.0.1"];
  // `next start` serves from its own process; node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
  const web = options.cpuProfileDir
    ? startChild("web", process.execPath, [`--cpu-prof`, `--cpu-prof-dir=${options.cpuProfileDir}`, require.resolve("next/dist/bin/next"), ...startArgs], { env, cwd: ROOT })
    : startChild("web", nextBin, startArgs, { env, cwd: ROOT });
  cleanups.addProcess(web);
  await waitForHttp(`${baseUrl}/livez`, { child: web, timeoutMs: 120_000 });
  return { web, baseUrl };
}

/** next-auth's credentials sign-in, as its client does it: CSRF token and cookie, then the callback. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrf);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/" }),
    redirect: "manual",
  });
  const session = cookiesOf(res)
    .split("; ")
    .filter((c) => c.startsWith("next-auth.session-token="))
    .join("; ");
  if (res.status !== 200 || !session) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return session;
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}
