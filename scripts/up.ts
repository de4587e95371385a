/**
 * `npm run up`: AXIOM on one machine, from a fresh checkout to a running app.
 *
 * Missing services are started locally and keep their data under ./.axiom between runs:
 * PostgreSQL (embedded, unless DATABASE_URL is set) and S3 (s3rver, unless S3_ENDPOINT is set).
 * Then: migrations, seed (admin + Demo project), `next build`, `next start` and the worker.
 * Ctrl-C stops everything in order.
 *
 * Variables: PORT (3000), DATABASE_URL (+ DATABASE_OWNER_URL), S3_ENDPOINT and the other S3_*,
 * NEXTAUTH_SECRET, AUDIT_HMAC_KEY, WEBHOOK_SECRETS_KEY, NEXTAUTH_URL, AXIOM_ADMIN_PASSWORD (first run only),
 * AXIOM_PG_PORT (5433), AXIOM_S3_PORT (9000).
 *
 * Database roles (docs/security.md): the embedded server's superuser owns the tables and runs the
 * migrations; the web app and the worker connect as `axiom_app` (password in ./.axiom/db-app-password),
 * which has no DDL and cannot alter the audit trail.
 */
// Only Node built-ins are imported eagerly: dependencies may not be installed yet.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ManagedChild, startChild } from "./dev-services";
import { s3Environment } from "./dev-services/local-s3";
import { restartDelay } from "./dev-services/restart-policy";

const ROOT = path.resolve(__dirname, "..");
const STATE_DIR = path.join(ROOT, ".axiom");
// The embedded PostgreSQL's app role; its superuser is the owner.
const EMBEDDED_APP_ROLE = "axiom_app";

// dev-services is imported once dependencies are installed (main); its types are free to use here.
type StartChild = typeof startChild;
type Cleanup = { name: string; run: () => Promise<void> };
const cleanups: Cleanup[] = [];
let isShuttingDown = false;

function log(message: string): void {
  console.log(`[up] ${message}`);
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void shutdown(0, "SIGINT"));
  process.on("SIGTERM", () => void shutdown(0, "SIGTERM"));

  installDependenciesIfNeeded();
  const services = await import("./dev-services");
  const { migrateDatabase } = await import("../db/migrate");
  const { ensureLoginRole, userOf, withCredentials } = await import("../db/roles");
  const { createDb } = await import("../db/client");
  const { seed, describeSeedResult } = await import("./seed");

  await services.ensureFfmpeg({ log });
  fs.mkdirSync(STATE_DIR, { recursive: true });

  const port = parsePort(process.env.PORT, 3000, "PORT");
  const appUrl = process.env.NEXTAUTH_URL || `http://localhost:${port}`;
  // NEXT_TELEMETRY_DISABLED: a self-hosted tool on closed networks sends no usage reports from Next.js.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), NEXTAUTH_URL: appUrl, NEXT_TELEMETRY_DISABLED: "1" };

  // PostgreSQL: the owner runs migrations, the app role runs the app (docs/security.md, "Database roles").
  let ownerUrl: string;
  let appRole: string | undefined;
  if (process.env.DATABASE_URL) {
    log("using DATABASE_URL");
    if (process.env.DATABASE_OWNER_URL && userOf(process.env.DATABASE_OWNER_URL) !== userOf(process.env.DATABASE_URL)) {
      ownerUrl = process.env.DATABASE_OWNER_URL;
      appRole = userOf(process.env.DATABASE_URL);
    } else {
      ownerUrl = process.env.DATABASE_URL;
      log("warning: no DATABASE_OWNER_URL of another role: the app's role runs the migrations and owns the tables, so it could drop the audit trail's triggers");
    }
  } else {
    const { dataDir, relocatedFrom } = services.resolveReachableDataDir(path.join(STATE_DIR, "pg"));
    if (relocatedFrom) {
      log(`${relocatedFrom} is not reachable by the "postgres" user (a parent directory is private, e.g. /root); ` +
        `keeping the database in ${dataDir} instead. Move the checkout elsewhere to keep everything under ./.axiom.`);
    }
    const pgPort = parsePort(process.env.AXIOM_PG_PORT, 5433, "AXIOM_PG_PORT");
    log(`starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data: ${dataDir})`);
    // Tracked before it is ready: a Ctrl-C while PostgreSQL is still starting must stop it too
    // (it runs detached, so the terminal's SIGINT never reaches it).
    const startAbort = new AbortController();
    const starting = services.startEmbeddedPostgres({ dataDir, port: pgPort, database: "axiom", signal: startAbort.signal });
    track({
      name: "PostgreSQL",
      run: async () => {
        startAbort.abort();
        const pg = await starting.catch(() => undefined);
        await pg?.stop();
      },
    });
    const pg = await starting;
    appRole = EMBEDDED_APP_ROLE;
    const appPassword = readOrCreateSecret(path.join(STATE_DIR, "db-app-password"), `the password of the database role ${appRole}`);
    await ensureLoginRole(pg.adminUrl, appRole, appPassword);
    ownerUrl = pg.url;
    env.DATABASE_URL = withCredentials(pg.url, appRole, appPassword);
  }
  const databaseUrl = env.DATABASE_URL ?? "";

  // S3
  if (process.env.S3_ENDPOINT) {
    log(`using S3_ENDPOINT ${process.env.S3_ENDPOINT}`);
  } else {
    const s3Port = parsePort(process.env.AXIOM_S3_PORT, 9000, "AXIOM_S3_PORT");
    const bucket = process.env.S3_BUCKET || "axiom";
    const s3 = await services.startLocalS3({
      dataDir: path.join(STATE_DIR, "s3"),
      port: s3Port,
      bucket,
      allowedOrigins: services.appOrigins(appUrl),
    });
    track({ name: "s3rver", run: s3.stop });
    log(`started s3rver at ${s3.endpoint} (bucket ${bucket}, data: .axiom/s3)`);
    Object.assign(env, {
      ...s3Environment(s3),
    });
  }

  env.NEXTAUTH_SECRET = process.env.NEXTAUTH_SECRET || readOrCreateSecret(path.join(STATE_DIR, "secret"), "NEXTAUTH_SECRET");
  // Signs the audit chain: outside the database (and its backups) on purpose. The seed below writes
  // audit events from this process, so it needs the key too.
  env.AUDIT_HMAC_KEY = process.env.AUDIT_HMAC_KEY || readOrCreateSecret(path.join(STATE_DIR, "audit-hmac-key"), "AUDIT_HMAC_KEY");
  process.env.AUDIT_HMAC_KEY = env.AUDIT_HMAC_KEY;
  // Seals webhook endpoints' signing secrets at rest (docs/webhooks.md): without it no endpoint can be added.
  env.WEBHOOK_SECRETS_KEY =
    process.env.WEBHOOK_SECRETS_KEY || readOrCreateSecret(path.join(STATE_DIR, "webhook-secrets-key"), "WEBHOOK_SECRETS_KEY");
  delete env.DATABASE_OWNER_URL; // the web app and the worker never get the owner's password

  log(appRole ? `applying migrations (as the owner; the app connects as ${appRole})` : "applying migrations");
  await migrateDatabase(ownerUrl, { appRole, warn: log });
  const handle = createDb(databaseUrl, { max: 1 });
  const seeded = await seed(handle.db, { adminPassword: process.env.AXIOM_ADMIN_PASSWORD || undefined }).finally(() =>
    handle.close(),
  );
  for (const line of describeSeedResult(seeded).split("\n")) log(line);
  if (isShuttingDown) return;

  log("building the app (next build)");
  const nextBin = path.join(ROOT, "node_modules", ".bin", "next");
  const build = track(services.startChild("build", nextBin, ["build"], { env, cwd: ROOT }));
  const buildCode = await build.exited;
  if (isShuttingDown) return;
  if (buildCode !== 0) return shutdown(1, `next build failed (exit code ${buildCode})`);

  const web = track(services.startChild("web", nextBin, ["start", "-p", String(port)], { env, cwd: ROOT }));
  void web.exited.then((code) => {
    if (!isShuttingDown) void shutdown(1, `web exited unexpectedly (exit code ${code})`);
  });
  superviseWorker(env, services.startChild);
  await services.waitForHttp(`http://127.0.0.1:${port}/`, { child: web, timeoutMs: 120_000 });
  if (isShuttingDown) return;

  console.log(
    [
      "",
      `  AXIOM is running at ${appUrl}`,
      `  Sign in as ${seeded.adminEmail}` +
        (seeded.generatedPassword ? ` with the password printed above (shown once).` : " with your existing password."),
      "  Press Ctrl-C to stop (data stays in ./.axiom).",
      "",
    ].join("\n"),
  );
}

/**
 * Starts the worker and starts it again when it exits (restart-policy.ts): a worker exits on purpose
 * when its job loop cannot recover, e.g. after PostgreSQL restarted, and a new one resumes the work.
 */
function superviseWorker(env: NodeJS.ProcessEnv, startChild: StartChild): void {
  const exits: number[] = [];
  let current: ManagedChild | null = null;
  const start = () => {
    const worker = startChild("worker", "npm", ["run", "--silent", "worker"], { env, cwd: ROOT });
    current = worker;
    void worker.exited.then((code) => {
      if (isShuttingDown) return;
      exits.push(Date.now());
      const delay = restartDelay(exits, Date.now());
      if (delay === null) {
        void shutdown(1, `the worker keeps exiting (exit code ${code}, ${exits.length} times); see its log above`);
        return;
      }
      log(`the worker exited (exit code ${code}); starting it again in ${Math.round(delay / 1000)} s`);
      setTimeout(() => {
        if (!isShuttingDown) start();
      }, delay);
    });
  };
  cleanups.push({ name: "worker", run: () => current?.stop() ?? Promise.resolve() });
  start();
}

function track<T extends Cleanup | ManagedChild>(item: T): T {
  const cleanup: Cleanup = "run" in item ? item : { name: item.name, run: () => item.stop() };
  cleanups.push(cleanup);
  // Started while shutting down (a slow step finished after Ctrl-C): stop it right away.
  if (isShuttingDown) void cleanup.run();
  return item;
}

let shutdownPromise: Promise<void> | undefined;

/** Stops the processes first (they use the databases), then S3 and PostgreSQL, then exits. */
function shutdown(code: number, reason: string): Promise<void> {
  shutdownPromise ??= (async () => {
    isShuttingDown = true;
    log(`stopping (${reason})`);
    const children = cleanups.filter((c) => c.name !== "PostgreSQL" && c.name !== "s3rver");
    const services = cleanups.filter((c) => c.name === "PostgreSQL" || c.name === "s3rver");
    await Promise.all(children.map((c) => c.run().catch((e: unknown) => console.error(`[up] stopping ${c.name}:`, e))));
    for (const service of services.reverse()) {
      await service.run().catch((e: unknown) => console.error(`[up] stopping ${service.name}:`, e));
    }
    log("stopped");
    process.exit(code);
  })();
  return shutdownPromise;
}

/** Runs `npm install` when node_modules is missing or older than package-lock.json. */
function installDependenciesIfNeeded(): void {
  const marker = path.join(ROOT, "node_modules", ".package-lock.json");
  const lock = path.join(ROOT, "package-lock.json");
  const isStale = !fs.existsSync(marker) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs);
  if (!isStale) return;
  log("installing dependencies (npm install)");
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm install failed");
}

/**
 * A secret of earlier runs (NEXTAUTH_SECRET: sessions survive a restart; AUDIT_HMAC_KEY: the chain
 * keeps verifying; WEBHOOK_SECRETS_KEY: endpoints stay readable; the app role's password), created (0600)
 * on the first run.
 */
function readOrCreateSecret(file: string, what: string): string {
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  }
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  log(`generated ${what} in ${path.relative(ROOT, file)}`);
  return secret;
}

function parsePort(value: string | undefined, fallback: number, name: string): number {
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a TCP port, got "${value}"`);
  return port;
}

main().catch((error: unknown) => {
  // After Ctrl-C, a step that was cut short (an aborted PostgreSQL start) is no failure to report.
  if (!isShuttingDown) console.error(error instanceof Error ? error.message : error);
  void shutdown(1, "startup failed");
});
