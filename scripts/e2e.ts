/**
 * `npm run test:e2e`: the production build against real services, driven by Playwright.
 *
 * A fresh database on the test PostgreSQL server (TEST_DATABASE_URL, else 127.0.0.1:5432, else an
 * embedded one), migrated by the superuser (the owner) and seeded with a known admin; the app and the
 * worker connect as the tests' app role (axiom_test_app) with a fresh AUDIT_HMAC_KEY; s3rver on a free port; `next build`;
 * `next start` on a free port and the worker; then `playwright test` with E2E_BASE_URL,
 * E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_DATABASE_URL and E2E_S3_CONTROL_URL (the store's off
 * switch, `serveS3Control` below). Everything stops afterwards and the
 * database is dropped (E2E_KEEP_DB=1 keeps it for a post-mortem).
 *
 * Extra arguments go to Playwright: `npm run test:e2e -- e2e/review.spec.ts --headed`.
 * E2E_SKIP_BUILD=1 reuses an existing .next build (local reruns only).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createDb } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { ensureLoginRole, withCredentials } from "../db/roles";
import {
  appOrigins,
  chooseTestPostgres,
  createDatabase,
  dropDatabase,
  ensureChromium,
  getFreePort,
  startChild,
  startLocalS3,
  TEST_APP_ROLE,
  uniqueDatabaseName,
  waitForHttp,
  withDatabase,
  type LocalS3,
  type ManagedChild,
} from "./dev-services";
import { seed, SEED_ADMIN_EMAIL } from "./seed";
import { s3Environment } from "./dev-services/local-s3";

const ROOT = path.resolve(__dirname, "..");
const E2E_DIR = path.join(ROOT, "e2e");
const E2E_ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD || "e2e-admin-password";

type Cleanup = { name: string; run: () => Promise<void> };
const cleanups: Cleanup[] = [];
let isShuttingDown = false;

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

async function main(): Promise<number> {
  const specs = findSpecFiles(E2E_DIR);
  if (specs.length === 0) {
    log("skipped: no e2e/*.spec.ts files yet, so there is nothing for Playwright to run (and no app build is needed)");
    return 0;
  }
  log(`${specs.length} spec file(s): ${specs.map((s) => path.relative(ROOT, s)).join(", ")}`);
  await ensureChromium({ log });

  const pg = await chooseTestPostgres({ testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined, log });
  cleanups.push({ name: "PostgreSQL", run: pg.stop });
  const dbName = uniqueDatabaseName("axiom_e2e");
  await createDatabase(pg.adminUrl, dbName);
  if (process.env.E2E_KEEP_DB) log(`keeping database ${dbName} afterwards (E2E_KEEP_DB)`);
  else cleanups.push({ name: "database", run: () => dropDatabase(pg.adminUrl, dbName) });
  // Roles as in production (docs/security.md): the superuser owns and migrates, the app role runs
  // the web app, the worker and the seed. Specs that arrange data directly get the owner's URL.
  const ownerUrl = withDatabase(pg.adminUrl, dbName);
  await ensureLoginRole(pg.adminUrl, TEST_APP_ROLE.name, TEST_APP_ROLE.password);
  await migrateDatabase(ownerUrl, { appRole: TEST_APP_ROLE.name, warn: log });
  const databaseUrl = withCredentials(ownerUrl, TEST_APP_ROLE.name, TEST_APP_ROLE.password);
  const auditKey = randomBytes(32).toString("base64url");
  process.env.AUDIT_HMAC_KEY = auditKey; // the seed below writes audit events from this process
  const handle = createDb(databaseUrl, { max: 1 });
  await seed(handle.db, { adminPassword: E2E_ADMIN_PASSWORD }).finally(() => handle.close());
  log(`database ${dbName} on ${pg.source} PostgreSQL: migrated (app role ${TEST_APP_ROLE.name}) and seeded`);

  const appPort = await getFreePort();
  const baseUrl = `http://127.0.0.1:${appPort}`;
  const s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-e2e-s3-"));
  cleanups.push({ name: "s3 data", run: async () => fs.rmSync(s3Dir, { recursive: true, force: true }) });
  const s3Options = { dataDir: s3Dir, port: 0, bucket: "axiom-e2e", allowedOrigins: appOrigins(baseUrl) };
  const s3 = await startLocalS3(s3Options);
  const s3Control = await serveS3Control(s3, () => startLocalS3({ ...s3Options, port: s3.port }));
  cleanups.push({ name: "s3rver", run: () => s3Control.current().stop() });
  cleanups.push({ name: "s3 control", run: s3Control.close });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // A self-hosted tool on closed networks: no anonymous usage reports from `next build`/`next start`.
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    DATABASE_OWNER_URL: undefined,
    AUDIT_HMAC_KEY: auditKey,
    ...s3Environment(s3),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_URL: baseUrl,
    // e2e/webhooks.spec.ts registers an endpoint on a receiver of its own on 127.0.0.1: allowed only
    // with this flag (docs/webhooks.md, "Address checks"); signing secrets need a key to be stored.
    WEBHOOK_ALLOW_PRIVATE: "true",
    WEBHOOK_SECRETS_KEY: randomBytes(32).toString("base64url"),
    // Guests' media URLs live 20 s (at most 60 in production): e2e/guest-review.spec.ts sees a
    // revoked link stop an open page well inside its minute.
    REVIEW_LINK_MEDIA_URL_SECONDS: "20",
  };

  const nextBin = path.join(ROOT, "node_modules", ".bin", "next");
  if (process.env.E2E_SKIP_BUILD && fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log("reusing the existing .next build (E2E_SKIP_BUILD)");
  } else {
    log("building the app (next build)");
    const buildCode = await track(startChild("build", nextBin, ["build"], { env, cwd: ROOT })).exited;
    if (buildCode !== 0) {
      log(`next build failed (exit code ${buildCode})`);
      return 1;
    }
  }
  if (isShuttingDown) return 1;

  const web = track(startChild("web", nextBin, ["start", "-p", String(appPort), "-H", "127.0.0.1"], { env, cwd: ROOT }));
  track(startChild("worker", "npm", ["run", "--silent", "worker"], { env, cwd: ROOT }));
  await waitForHttp(`${baseUrl}/`, { child: web, timeoutMs: 120_000 });
  log(`app ready at ${baseUrl}; running Playwright`);

  const playwright = track(
    startChild("playwright", path.join(ROOT, "node_modules", ".bin", "playwright"), ["test", ...process.argv.slice(2)], {
      env: {
        ...env,
        E2E_BASE_URL: baseUrl,
        E2E_ADMIN_EMAIL: SEED_ADMIN_EMAIL,
        E2E_ADMIN_PASSWORD,
        E2E_DATABASE_URL: ownerUrl,
        E2E_S3_CONTROL_URL: s3Control.url,
      },
      cwd: ROOT,
      isOutputInherited: true,
    }),
  );
  return (await playwright.exited) ?? 1;
}

/**
 * The store's off switch, for specs that take it away mid-upload (e2e/upload-outage.spec.ts):
 * `POST /stop` kills s3rver as a crash would (listener closed, open connections reset, so parts in
 * flight fail in the browser), `POST /start` starts it again on the same port and data directory,
 * so the app, the worker and the presigned URLs already handed out point at it again. Both answer
 * 204 once done. s3rver runs in this process, hence an endpoint rather than a signal; 127.0.0.1 only.
 */
async function serveS3Control(first: LocalS3, restart: () => Promise<LocalS3>) {
  let current = first;
  let isRunning = true;
  let busy: Promise<void> = Promise.resolve();
  const server = http.createServer((req, res) => {
    const action = req.method === "POST" ? req.url : null;
    if (action !== "/stop" && action !== "/start") {
      res.writeHead(404).end();
      return;
    }
    // One change at a time, in order of arrival.
    busy = busy.then(async () => {
      try {
        if (action === "/stop" && isRunning) {
          await current.kill();
          isRunning = false;
          log(`s3rver on port ${current.port} stopped (POST /stop)`);
        } else if (action === "/start" && !isRunning) {
          current = await restart();
          isRunning = true;
          log(`s3rver on port ${current.port} started again (POST /start)`);
        }
        res.writeHead(204).end();
      } catch (error) {
        res.writeHead(500, { "Content-Type": "text/plain" }).end(error instanceof Error ? error.message : String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    current: () => current,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function track(child: ManagedChild): ManagedChild {
  cleanups.push({ name: child.name, run: () => child.stop() });
  if (isShuttingDown) void child.stop();
  return child;
}

/** Processes first (they hold connections), then in reverse order of creation. */
async function cleanUp(): Promise<void> {
  isShuttingDown = true;
  const isProcess = (c: Cleanup) => ["build", "web", "worker", "playwright"].includes(c.name);
  await Promise.all(cleanups.filter(isProcess).map((c) => c.run().catch(() => undefined)));
  for (const cleanup of cleanups.filter((c) => !isProcess(c)).reverse()) {
    await cleanup.run().catch((error: unknown) => console.error(`[e2e] cleaning up ${cleanup.name}:`, error));
  }
}

function findSpecFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".spec.ts") && !file.split(path.sep).includes("node_modules"))
    .map((file) => path.join(dir, file));
}

let exiting: Promise<void> | undefined;
function finish(code: number): Promise<void> {
  exiting ??= cleanUp().then(() => process.exit(code));
  return exiting;
}

process.on("SIGINT", () => void finish(130));
process.on("SIGTERM", () => void finish(143));
main()
  .then((code) => finish(code))
  .catch((error: unknown) => {
    console.error("[e2e]", error instanceof Error ? error.message : error);
    return finish(1);
  });
