import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import readline from "node:readline";
import { describe, expect, it } from "vitest";
import { runProcess, SpawnError, type ProcessSandbox } from "./run-process";

const ROOT = join(__dirname, "..", "..");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * Starts a Node parent that runs `sh` (which prints its pid, then sleeps) through runProcess, SIGKILLs the
 * parent, and says whether the child outlived it (killing it then, so no orphan is left behind).
 */
async function survivesParentKill(sandbox?: ProcessSandbox): Promise<boolean> {
  const script = [
    `const { runProcess } = require(${JSON.stringify(join(__dirname, "run-process.ts"))});`,
    `runProcess("sh", ["-c", "echo $$; exec sleep 60"], { timeoutMs: 120000, sandbox: ${JSON.stringify(sandbox)}, onStdoutLine: (l) => console.log("child " + l) });`,
    `setInterval(() => {}, 1000);`,
  ].join("\n");
  const parent = spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: parent.stdout! });
  let childPid = 0;
  for await (const line of lines) {
    const match = /^child (\d+)$/.exec(line);
    if (match) {
      childPid = Number(match[1]);
      break;
    }
  }
  expect(childPid).toBeGreaterThan(0);
  expect(isAlive(childPid)).toBe(true);
  const exited = once(parent, "exit");
  parent.kill("SIGKILL");
  await exited;
  const isGone = await waitUntil(() => !isAlive(childPid), 10_000);
  if (!isGone) process.kill(childPid, "SIGKILL");
  return !isGone;
}

describe("runProcess", () => {
  it("runs a real command and reports its exit code and output", async () => {
    const result = await runProcess("sh", ["-c", "echo out; echo err >&2; exit 3"], { timeoutMs: 10_000, collectStdout: true });
    expect(result).toMatchObject({ exitCode: 3, stdout: "out\n", stderrTail: "err", timedOut: false });
  });

  it("rejects with SpawnError when the command does not exist", async () => {
    await expect(runProcess("axiom-no-such-command", [], { timeoutMs: 10_000 })).rejects.toBeInstanceOf(SpawnError);
  });

  it("kills the command at its deadline", async () => {
    const result = await runProcess("sleep", ["30"], { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe("SIGKILL");
  });

  // The crash case of the worker: SIGKILL gives Node no chance to clean up, and FFmpeg ignores SIGPIPE.
  it.runIf(process.platform === "linux")("takes the command down with it when its parent process is SIGKILLed", async () => {
    expect(await survivesParentKill()).toBe(false);
  });

  it("gives every child a minimal environment: no database URL, no S3 secret", async () => {
    const saved = { db: process.env.DATABASE_URL, s3: process.env.S3_SECRET_ACCESS_KEY };
    process.env.DATABASE_URL = "postgres://secret@db/axiom";
    process.env.S3_SECRET_ACCESS_KEY = "very-secret";
    try {
      const result = await runProcess("sh", ["-c", "env"], { timeoutMs: 10_000, collectStdout: true });
      expect(result.stdout).not.toContain("secret");
      // Only what we pass (PATH, LANG, TZ) and what the shell itself sets (PWD, SHLVL, _).
      const names = result.stdout.trim().split("\n").map((l) => l.split("=")[0]);
      for (const name of names) expect(["PATH", "LANG", "TZ", "PWD", "OLDPWD", "SHLVL", "_"]).toContain(name);
      expect(names).toEqual(expect.arrayContaining(["PATH", "LANG", "TZ"]));
    } finally {
      process.env.DATABASE_URL = saved.db;
      process.env.S3_SECRET_ACCESS_KEY = saved.s3;
      if (saved.db === undefined) delete process.env.DATABASE_URL;
      if (saved.s3 === undefined) delete process.env.S3_SECRET_ACCESS_KEY;
    }
  });

  const isRoot = process.getuid?.() === 0;
  const sandbox: ProcessSandbox = { runAs: { uid: 65534, gid: 65534 }, maxMemoryBytes: 2 * 1024 ** 3, maxFileBytes: 100_000, maxOpenFiles: 256 };

  it.runIf(process.platform === "linux")("contains a sandboxed child with rlimits: memory, file size, open files, no core dumps", async () => {
    const result = await runProcess("sh", ["-c", "ulimit -v; ulimit -f; ulimit -n; ulimit -c"], {
      timeoutMs: 10_000, collectStdout: true, sandbox: { ...sandbox, runAs: null },
    });
    // ulimit reports KiB for -v and 512-byte blocks for -f in dash.
    expect(result.stdout.trim().split("\n")).toEqual([String(2 * 1024 * 1024), String(Math.floor(100_000 / 512)), "256", "0"]);
  });

  it.runIf(process.platform === "linux" && isRoot)("runs a sandboxed child as the unprivileged user, which cannot read the worker's files", async () => {
    const result = await runProcess("sh", ["-c", "id -u; id -g; id -G; cat /proc/1/environ >/dev/null 2>&1 && echo readable || echo denied"], {
      timeoutMs: 10_000, collectStdout: true, sandbox,
    });
    expect(result.stdout.trim().split("\n")).toEqual(["65534", "65534", "65534", "denied"]);
  });

  it.runIf(process.platform === "linux" && isRoot)("still takes a sandboxed child down with its parent (the death signal survives the user change)", async () => {
    expect(await survivesParentKill(sandbox)).toBe(false);
  });
});
