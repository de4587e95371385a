import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";

export type ManagedChild = {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`. Resolves once it has exited. */
  stop: (graceMs?: number) => Promise<void>;
};

export type StartChildOptions = {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Prefix for each output line (default `[name]`); lines go to this process's stdout/stderr. */
  prefix?: string;
  /** Share this process's stdout/stderr instead (keeps colours and progress output intact). */
  isOutputInherited?: boolean;
};

/**
 * Spawns a long-running service in its own process group, so `stop()` also reaches the
 * grandchildren that `npm run` and `tsx` put between us and the real server, and so a Ctrl-C in
 * the terminal reaches us first and we shut things down in order.
 */
export function startChild(name: string, command: string, args: string[], options: StartChildOptions): ManagedChild {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: options.isOutputInherited ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
  });
  const prefix = options.prefix ?? `[${name}]`;
  if (child.stdout) pipeLines(child.stdout, (line) => process.stdout.write(`${prefix} ${line}\n`));
  if (child.stderr) pipeLines(child.stderr, (line) => process.stderr.write(`${prefix} ${line}\n`));

  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.on("error", (error) => {
      process.stderr.write(`${prefix} failed to start: ${error.message}\n`);
      resolve(127);
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Group already gone.
    }
  };

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        signalGroup("SIGKILL"); // leftovers of a group whose leader has exited
        return;
      }
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      signalGroup("SIGKILL");
    })());

  return { name, process: child, exited, stop };
}

function pipeLines(stream: NodeJS.ReadableStream, write: (line: string) => void): void {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", write);
}

/**
 * Runs a command to completion with inherited stdio and resolves with its exit code (1 when it
 * could not start or was killed by a signal). Never throws.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/**
 * Polls `url` until it answers with any HTTP status below 500. Throws after `timeoutMs`, or as
 * soon as `child` exits (a crashed server never becomes ready).
 */
export async function waitForHttp(url: string, options: { timeoutMs?: number; child?: ManagedChild } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let hasExited = false;
  void options.child?.exited.then(() => {
    hasExited = true;
  });
  let lastError = "no answer";
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`${options.child?.name ?? "process"} exited before ${url} answered`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs ?? 60_000} ms (${lastError})`);
}
