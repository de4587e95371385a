import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Subprocess runner shared by the ffprobe and FFmpeg layers: its own process group (so a timeout or abort
 * kills FFmpeg and anything it spawned), a deadline, an AbortSignal, line-wise stdout and a bounded stderr tail.
 *
 * On Linux the child is started through util-linux's `setpriv --pdeathsig KILL`, so it dies with the
 * worker even when the worker is SIGKILLed: FFmpeg ignores SIGPIPE, so an orphan would otherwise keep
 * transcoding (and filling scratch) long after nobody reads its output. Elsewhere it is spawned directly.
 *
 * Containment (issue 10 #3): FFmpeg parses hostile uploads, and a decoder exploit runs with whatever the
 * process has. So every child gets a minimal environment (PATH, LANG, TZ — never DATABASE_URL or the S3
 * secret), and with a `sandbox` also resource limits through util-linux's `prlimit` (address space,
 * file size, open files, no core dumps) and, when the worker runs as root, another user
 * (`setpriv --reuid/--regid --clear-groups`). setpriv sets the death signal after the user change (the
 * kernel clears it on a change of credentials; measured: the child still dies with its parent).
 */

const SETPRIV = "/usr/bin/setpriv";
const isDeathSignalAvailable = process.platform === "linux" && existsSync(SETPRIV);
/** setpriv's or prlimit's message and exit code (126/127) when it cannot exec the command. */
const SETPRIV_EXEC_FAILURE = /^(setpriv|prlimit): failed to execute/;

const PRLIMIT = "/usr/bin/prlimit";

/** Limits and identity for a child that reads untrusted media (see `mediaConfigSchema.sandbox`). */
export interface ProcessSandbox {
  /** Run as this user and group (the worker must be root to switch); null: as the worker. */
  runAs: { uid: number; gid: number } | null;
  /** RLIMIT_AS: virtual memory. A decoder bomb fails with "Cannot allocate memory" instead of the host OOM. */
  maxMemoryBytes: number;
  /** RLIMIT_FSIZE: the largest single file the child may write (SIGXFSZ past it). */
  maxFileBytes: number;
  /** RLIMIT_NOFILE. */
  maxOpenFiles: number;
}

/** The environment every child gets: enough to find its binaries and speak C; no secrets. */
export const CHILD_ENVIRONMENT: Readonly<Record<string, string>> = {
  PATH: "/usr/local/bin:/usr/bin:/bin",
  LANG: "C.UTF-8",
  TZ: "UTC",
};

export function spawnCommandLine(
  command: string,
  args: readonly string[],
  sandbox?: ProcessSandbox,
): { file: string; args: string[] } {
  let line = [command, ...args];
  if (sandbox) {
    if (process.platform !== "linux" || !existsSync(PRLIMIT)) {
      throw new SpawnError(`cannot contain ${command}: ${PRLIMIT} (util-linux) is missing`);
    }
    line = [
      PRLIMIT,
      `--as=${sandbox.maxMemoryBytes}`,
      `--fsize=${sandbox.maxFileBytes}`,
      `--nofile=${sandbox.maxOpenFiles}`,
      "--core=0",
      "--",
      ...line,
    ];
  }
  const setprivArgs: string[] = [];
  if (isDeathSignalAvailable) setprivArgs.push("--pdeathsig", "KILL");
  if (sandbox?.runAs) {
    if (!isDeathSignalAvailable) throw new SpawnError(`cannot run ${command} as another user: ${SETPRIV} is missing`);
    setprivArgs.push(`--reuid=${sandbox.runAs.uid}`, `--regid=${sandbox.runAs.gid}`, "--clear-groups");
  }
  return setprivArgs.length > 0 ? { file: SETPRIV, args: [...setprivArgs, "--", ...line] } : { file: line[0]!, args: line.slice(1) };
}

export interface RunProcessOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Collect the whole stdout into `stdout` (ffprobe JSON). Otherwise lines go to `onStdoutLine` only. */
  collectStdout?: boolean;
  /** Upper bound for collected stdout; a bigger answer is cut (defends against hostile probe output). */
  maxStdoutBytes?: number;
  onStdoutLine?: (line: string) => void;
  /** How many trailing stderr lines to keep. */
  tailLines?: number;
  /** Stderr lines matching this are counted but not kept (known-harmless noise that would flood the tail). */
  ignoreStderr?: RegExp;
  /** Resource limits and user for children that read uploads; the environment is minimal either way. */
  sandbox?: ProcessSandbox;
}

export interface RunProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string;
  /** First stderr lines: the root cause often comes first, the tail shows follow-on errors. */
  stderrHead: string;
  /** Every stderr line that is kept only as a count (all lines were read; only the tail is stored). */
  stderrLineCount: number;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

export class SpawnError extends Error {
  override readonly name = "SpawnError";
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<RunProcessResult> {
  const tailLines = options.tailLines ?? 50;
  const maxStdout = options.maxStdoutBytes ?? 64 * 1024 * 1024;
  const started = Date.now();

  return new Promise<RunProcessResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({
        exitCode: null, signal: null, stdout: "", stderrTail: "", stderrHead: "", stderrLineCount: 0,
        timedOut: false, aborted: true, durationMs: 0,
      });
      return;
    }
    // detached: the child leads a new process group, so kill(-pid) reaches FFmpeg's own children too.
    let commandLine: { file: string; args: string[] };
    try {
      commandLine = spawnCommandLine(command, args, options.sandbox);
    } catch (err) {
      reject(err);
      return;
    }
    const child = spawn(commandLine.file, commandLine.args, {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      // Next.js's types declare NODE_ENV required on every ProcessEnv; the child needs none of it.
      env: { ...CHILD_ENVIRONMENT } as NodeJS.ProcessEnv,
    });

    let stdout = "";
    let stdoutBytes = 0;
    let stdoutPartial = "";
    const tail: string[] = [];
    const head: string[] = [];
    let stderrPartial = "";
    let stderrLineCount = 0;
    let timedOut = false;
    let aborted = false;
    let settled = false;

    const pushStderrLine = (line: string): void => {
      stderrLineCount += 1;
      if (options.ignoreStderr?.test(line)) return;
      if (head.length < 20) head.push(line);
      tail.push(line);
      if (tail.length > tailLines) tail.shift();
    };

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);

    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (options.collectStdout && stdoutBytes < maxStdout) {
        stdout += chunk;
        stdoutBytes += chunk.length;
      }
      if (options.onStdoutLine) {
        const parts = (stdoutPartial + chunk).split(/\r?\n/);
        stdoutPartial = parts.pop() ?? "";
        for (const line of parts) options.onStdoutLine(line);
      }
    });

    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      // FFmpeg rewrites status lines with \r; treat it as a line break.
      const parts = (stderrPartial + chunk).split(/\r\n|\r|\n/);
      stderrPartial = parts.pop() ?? "";
      for (const line of parts) if (line.length > 0) pushStderrLine(line);
    });

    child.on("error", (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(new SpawnError(`could not start ${command}: ${err.message}`, { cause: err }));
    });

    child.on("close", (exitCode, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (stdoutPartial.length > 0 && options.onStdoutLine) options.onStdoutLine(stdoutPartial);
      if (stderrPartial.length > 0) pushStderrLine(stderrPartial);
      if ((exitCode === 126 || exitCode === 127) && SETPRIV_EXEC_FAILURE.test(head[0] ?? "")) {
        reject(new SpawnError(`could not start ${command}: ${head[0]}`));
        return;
      }
      resolve({
        exitCode,
        signal,
        stdout,
        stderrTail: tail.join("\n"),
        stderrHead: head.join("\n"),
        stderrLineCount,
        timedOut,
        aborted,
        durationMs: Date.now() - started,
      });
    });
  });
}
