/**
 * The real stack for `npm run reliability`, every part of it ours to stop and start: an embedded
 * PostgreSQL on a free port with its data in a temporary directory (never the machine's shared
 * server: scenario (b) restarts it), s3rver in a child process (scenario (c) kills it), the
 * production web server (`next start`, from the build in this checkout) and worker processes
 * (`node --import tsx jobs/run-worker.ts`, one process each, so SIGKILL kills the worker itself and
 * its FFmpeg follows through pdeathsig).
 *
 * Every process's output goes to a log file under `logDir`, named after it; nothing is printed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { createDb } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { ensureLoginRole, withCredentials } from "../../db/roles";
import { getFreePort, startEmbeddedPostgres, waitForHttp, type EmbeddedPostgres } from "../dev-services";
import { createStorage, type Storage } from "../../lib/storage";
import { seed, SEED_ADMIN_EMAIL } from "../seed";

const ROOT = path.resolve(__dirname, "..", "..");
const APP_ROLE = { name: "axiom_app", password: "axiom-reliability-app" } as const;
export const ADMIN_PASSWORD = "reliability-admin-password";

export type WorkerSlot = { name: string; process: ChildProcess | undefined; env: NodeJS.ProcessEnv; starts: number };

export type Stack = {
  baseUrl: string;
  adminEmail: string;
  adminPassword: string;
  /** Owner connection for the checks (postgres.js reconnects by itself after a restart). */
  sql: postgres.Sql;
  storage: Storage;
  workDir: string;
  logDir: string;
  workers: WorkerSlot[];
  startWorker(index: number, extraEnv?: Record<string, string>): void;
  /** SIGKILL: no hand-back, no scratch cleanup, a stale heartbeat left behind. */
  killWorker(index: number): Promise<void>;
  /** SIGTERM and wait (graceful: versions handed back). */
  stopWorker(index: number): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stopS3(): Promise<void>;
  startS3(): Promise<void>;
  close(): Promise<void>;
};

export type StackOptions = {
  workDir: string;
  workerCount: number;
  /** A dead worker's version is reclaimed after this many seconds (heartbeat every third of it). */
  staleAfterSeconds: number;
  log: (message: string) => void;
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const { workDir, log } = options;
  const logDir = path.join(workDir, "logs");
  fs.mkdirSync(logDir, { recursive: true });
  // As root, PostgreSQL runs as `postgres` and FFmpeg as nobody: both must pass through workDir.
  fs.chmodSync(workDir, 0o711);
  const closers: (() => Promise<void>)[] = [];

  // PostgreSQL, ours alone.
  const pgPort = await getFreePort();
  const pgDataDir = path.join(workDir, "pg");
  let pg: EmbeddedPostgres | undefined = await startEmbeddedPostgres({ dataDir: pgDataDir, port: pgPort, database: "axiom" });
  const ownerUrl = pg.url;
  const adminUrl = pg.adminUrl;
  await ensureLoginRole(adminUrl, APP_ROLE.name, APP_ROLE.password);
  await migrateDatabase(ownerUrl, { appRole: APP_ROLE.name, warn: log });
  const databaseUrl = withCredentials(ownerUrl, APP_ROLE.name, APP_ROLE.password);
  const auditKey = randomBytes(32).toString("base64url");
  process.env.AUDIT_HMAC_KEY = auditKey; // the seed writes audit events from this process
  const seedHandle = createDb(databaseUrl, { max: 1 });
  await seed(seedHandle.db, { adminPassword: ADMIN_PASSWORD }).finally(() => seedHandle.close());
  log(`PostgreSQL on 127.0.0.1:${pgPort} (data ${pgDataDir}): migrated, seeded`);

  // S3 in a child process.
  const appPort = await getFreePort();
  const baseUrl = `http://127.0.0.1:${appPort}`;
  const s3Port = await getFreePort();
  const s3DataDir = path.join(workDir, "s3");
  const bucket = "axiom-reliability";
  let s3: ChildProcess | undefined;
  const startS3 = async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "s3-server.ts"), s3DataDir, String(s3Port), bucket, baseUrl], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", fs.openSync(path.join(logDir, "s3.log"), "a")],
    });
    s3 = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("s3rver did not start within 30 s")), 30_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => reject(new Error(`s3rver exited (${code}); see ${logDir}/s3.log`)));
    });
  };
  const stopS3 = async () => {
    const child = s3;
    s3 = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL"); // an outage, not a shutdown: open connections are reset
    await exited;
  };
  await startS3();
  closers.push(stopS3);
  const s3Env = {
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    S3_BUCKET: bucket,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
  };
  const storage = createStorage({ endpoint: s3Env.S3_ENDPOINT, bucket, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true });

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    AUDIT_HMAC_KEY: auditKey,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_URL: baseUrl,
    ...s3Env,
  };

  // Web: the production build of this checkout.
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error(`no production build in ${ROOT}/.next: run \`next build\` first`);
  const web = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(appPort), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", fs.openSync(path.join(logDir, "web.log"), "a"), fs.openSync(path.join(logDir, "web.log"), "a")],
  });
  closers.push(() => stopGroup(web));
  await waitForHttp(`${baseUrl}/`, { timeoutMs: 120_000 });
  log(`web at ${baseUrl}`);

  // Workers.
  const scratchRoot = path.join(workDir, "scratch");
  const workers: WorkerSlot[] = Array.from({ length: options.workerCount }, (_, i) => ({
    name: `worker-${i + 1}`,
    process: undefined,
    starts: 0,
    env: {
      ...env,
      WORKER_CONCURRENCY: "1",
      WORKER_STALE_AFTER_SECONDS: String(options.staleAfterSeconds),
      WORKER_SCRATCH_DIR: scratchRoot,
      MEDIA_X264_PRESET: "ultrafast",
    },
  }));
  const startWorker = (index: number, extraEnv: Record<string, string> = {}) => {
    const slot = workers[index]!;
    if (slot.process && slot.process.exitCode === null && slot.process.signalCode === null) throw new Error(`${slot.name} is running`);
    slot.starts++;
    const out = fs.openSync(path.join(logDir, `${slot.name}.log`), "a");
    slot.process = spawn(process.execPath, ["--import", "tsx", "jobs/run-worker.ts"], {
      cwd: ROOT,
      env: { ...slot.env, ...extraEnv },
      stdio: ["ignore", out, out],
    });
    fs.closeSync(out);
  };
  const signalWorker = async (index: number, signal: NodeJS.Signals) => {
    const child = workers[index]?.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  };
  for (let i = 0; i < workers.length; i++) startWorker(i);
  closers.push(async () => {
    await Promise.all(workers.map((_, i) => signalWorker(i, "SIGTERM")));
  });

  const sql = postgres(ownerUrl, { max: 3, onnotice: () => {}, connect_timeout: 5 });
  closers.push(() => sql.end({ timeout: 2 }));

  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    adminEmail: SEED_ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    sql,
    storage,
    workDir,
    logDir,
    workers,
    startWorker,
    killWorker: (index) => signalWorker(index, "SIGKILL"),
    stopWorker: (index) => signalWorker(index, "SIGTERM"),
    async stopPostgres() {
      await pg?.stop();
      pg = undefined;
    },
    async startPostgres() {
      if (!pg) pg = await startEmbeddedPostgres({ dataDir: pgDataDir, port: pgPort, database: "axiom" });
    },
    stopS3,
    startS3,
    close: () =>
      (closed ??= (async () => {
        // Processes first (they hold connections), then S3, then PostgreSQL.
        for (const close of closers.reverse()) await close().catch((error: unknown) => log(`cleanup: ${String(error)}`));
        await pg?.stop();
      })()),
  };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
  signal("SIGKILL");
}
