import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { getFreePort } from "./free-port";

const isRoot = process.getuid?.() === 0;
const ROOT = path.resolve(__dirname, "../..");

let parent: string;
// One cluster for the whole file: the first case initialises it, the later ones start it again.
let dataDir: string;

beforeAll(async () => {
  parent = await fsp.mkdtemp(path.join(os.tmpdir(), "axiom-embedded-pg-"));
  // mkdtemp makes the directory 0700; as root the server runs as "postgres" and must enter it.
  await fsp.chmod(parent, 0o755);
  dataDir = path.join(parent, "pg");
});
afterAll(async () => {
  killLeftoverServer();
  await fsp.rm(parent, { recursive: true, force: true });
});

const pidFile = () => path.join(dataDir, "postmaster.pid");

/** A server that survived its parent: stop it so it does not outlive the test either. */
function killLeftoverServer(): void {
  if (!dataDir || !fs.existsSync(pidFile())) return;
  const pid = Number(fs.readFileSync(pidFile(), "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
  }
}

/** Waits (up to `limitMs`, for a slow host) until no server holds the data directory. */
async function waitUntilReleased(limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (fs.existsSync(pidFile())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return true;
}

async function expectStartsAgain(): Promise<void> {
  const again = await startEmbeddedPostgres({ dataDir, port: await getFreePort() });
  await again.stop();
  expect(fs.existsSync(pidFile())).toBe(false);
}

describe("startEmbeddedPostgres", () => {
  it("initialises a new cluster, creates the database, and keeps data across a restart", async () => {
    const first = await startEmbeddedPostgres({ dataDir, port: await getFreePort(), database: "axiom" });
    try {
      const sql = postgres(first.url, { max: 1 });
      await sql`create table kept (value text)`;
      await sql`insert into kept values ('still here')`;
      await sql.end();
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, port: await getFreePort(), database: "axiom" });
    try {
      const sql = postgres(second.url, { max: 1 });
      const rows = await sql<{ value: string }[]>`select value from kept`;
      await sql.end();
      expect(rows.map((r) => r.value)).toEqual(["still here"]);
    } finally {
      await second.stop();
    }
  });

  it.runIf(isRoot)("refuses, with the way out, a data directory the postgres user cannot reach", async () => {
    const hidden = path.join(parent, "private");
    await fsp.mkdir(hidden, { mode: 0o700 });
    await expect(startEmbeddedPostgres({ dataDir: path.join(hidden, "pg"), port: 1 })).rejects.toThrow(
      new RegExp(`cannot enter ${hidden}.*chmod o\\+x`),
    );
  });
});

/**
 * A Ctrl-C during `npm run up` can come while embedded PostgreSQL is still starting. The server
 * runs detached (no SIGINT from the terminal), so unless it is stopped from the moment it is
 * spawned it outlives `up`, holding the port and postmaster.pid, and the next run fails.
 */
describe("embedded PostgreSQL stopped while still starting", () => {
  beforeAll(async () => {
    // An initialised cluster (the case above made it; this one makes it when run alone), so the
    // cases below exercise a plain server start (what a second `up` does).
    const first = await startEmbeddedPostgres({ dataDir, port: await getFreePort() });
    await first.stop();
  });

  it("an abort during start stops the server and rejects the start", async () => {
    const controller = new AbortController();
    let linesSeen = 0;
    const start = startEmbeddedPostgres({
      dataDir,
      port: await getFreePort(),
      // The server's first log line: it is running but not ready yet.
      onLog: () => {
        if (linesSeen++ === 0) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(start).rejects.toMatchObject({ name: "AbortError" });
    expect(linesSeen).toBeGreaterThan(0);
    // stop() waited for the server to exit, and PostgreSQL removes its lock file on the way out.
    expect(fs.existsSync(pidFile())).toBe(false);
    await expectStartsAgain();
  });

  it("a process that exits while its server is starting takes the server down with it", async () => {
    const port = await getFreePort();
    const script = path.join(parent, "exit-during-start.ts");
    await fsp.writeFile(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(path.join(__dirname, "embedded-postgres.ts"))};
let exiting = false;
void startEmbeddedPostgres({
  dataDir: ${JSON.stringify(dataDir)},
  port: ${port},
  // What up.ts's Ctrl-C handler ends with: process.exit(), here before the server is ready.
  onLog: () => { if (!exiting) { exiting = true; process.exit(0); } },
});
`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    // The exit hook sent SIGINT; a fast shutdown takes a moment on a busy host.
    expect(await waitUntilReleased(60_000)).toBe(true);
    await expectStartsAgain();
  });
});
