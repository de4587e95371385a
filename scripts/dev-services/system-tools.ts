import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Makes sure `ffmpeg` and `ffprobe` are on PATH. As root on a Debian-like system it installs the
 * `ffmpeg` package with apt-get; otherwise throws saying what to install.
 */
export async function ensureFfmpeg(options: { log?: (message: string) => void } = {}): Promise<void> {
  const missing = ["ffmpeg", "ffprobe"].filter((tool) => !isCommandAvailable(tool, ["-version"]));
  if (missing.length === 0) return;
  await installDebianPackage("ffmpeg", `${missing.join(" and ")} not found on PATH`, options.log);
  const stillMissing = ["ffmpeg", "ffprobe"].filter((tool) => !isCommandAvailable(tool, ["-version"]));
  if (stillMissing.length > 0) throw new Error(`${stillMissing.join(" and ")} still missing after installing ffmpeg`);
}

/**
 * Makes sure Debian's Chromium is at /usr/bin/chromium (the browser the end-to-end tests drive)
 * and returns that path. As root it installs the `chromium` package with apt-get; otherwise throws
 * saying what to install. Never downloads a browser any other way.
 */
export async function ensureChromium(options: { log?: (message: string) => void } = {}): Promise<string> {
  if (isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  await installDebianPackage("chromium", `${CHROMIUM_PATH} not found`, options.log);
  if (!isExecutable(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} still missing after installing chromium`);
  return CHROMIUM_PATH;
}

function isCommandAvailable(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: "ignore" });
  return !result.error && result.status === 0;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let aptUpdated: Promise<void> | undefined;

async function installDebianPackage(pkg: string, reason: string, log: (message: string) => void = console.log): Promise<void> {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = isCommandAvailable("apt-get", ["--version"]);
  if (!isRoot || !hasApt) {
    const how = hasApt ? `sudo apt-get install -y ${pkg}` : `your system's package manager (Debian: apt-get install -y ${pkg})`;
    throw new Error(`${reason}. Install the "${pkg}" package with ${how}, then run this again.`);
  }
  log(`${reason}: installing the Debian package "${pkg}" with apt-get`);
  // One `apt-get update` per process: the second install reuses the fresh lists.
  aptUpdated ??= run("apt-get", ["update"]);
  await aptUpdated;
  await run("apt-get", ["install", "-y", "--no-install-recommends", pkg]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
