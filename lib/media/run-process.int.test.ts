import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import readline from "node:readline";
import { describe, expect, it } from "vitest";
import { runProcess, SpawnError } from "./run-process";

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
    const script = [
      `const { runProcess } = require(${JSON.stringify(join(__dirname, "run-process.ts"))});`,
      `runProcess("sh", ["-c", "echo $$; exec sleep 60"], { timeoutMs: 120000, onStdoutLine: (l) => console.log("child " + l) });`,
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
    if (!isGone) process.kill(childPid, "SIGKILL"); // leave no orphan behind when this fails
    expect(isGone).toBe(true);
  });
});
