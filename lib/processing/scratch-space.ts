import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Scratch space on the worker's local disk. Layout:
 *
 *   <root>/<instanceId>/owner.json          which process owns this directory
 *   <root>/<instanceId>/<versionId>-<jobWorkerId>/   one attempt: the master and FFmpeg's outputs
 *
 * Every worker process has its own directory, so several processes on one host never touch each
 * other's files; a process that starts removes the directories of processes that are gone (killed,
 * host rebooted into the same disk), which is where a SIGKILL leaves its half-written outputs.
 */
export type ProcessScratch = {
  instanceId: string;
  dir: string;
  /** Fresh, empty directory for one attempt (an earlier attempt's leftovers are removed). */
  /** A fresh directory for one attempt, with `out/` for the renditions (see `childOwner`). */
  createJobDir(versionId: string, jobWorkerId: string): Promise<{ dir: string; outDir: string }>;
  removeJobDir(jobDir: string): Promise<void>;
};

type Owner = { pid: number; hostname: string; instanceId: string; startedAt: string };

export function newInstanceId(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 40);
  return `${host}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/**
 * `childOwner`: the user FFmpeg runs as (MediaConfig.sandbox.runAs) when the worker is root. Each job
 * directory and its `out` directory are then owned by that user (0700), so FFmpeg can read the master
 * and write renditions there and nowhere else of ours; the instance directory is 0711 (traversable, not
 * listable) so it can reach them. The worker, as root, still reads, uploads and removes everything.
 */
export async function createProcessScratch(
  root: string,
  instanceId = newInstanceId(),
  childOwner: { uid: number; gid: number } | null = null,
): Promise<ProcessScratch> {
  const dir = path.join(root, instanceId);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (childOwner) {
    await fs.chmod(dir, 0o711);
    // The root itself may have been made 0700 by an earlier, unsandboxed run.
    await fs.chmod(root, 0o711);
  }
  const owner: Owner = { pid: process.pid, hostname: os.hostname(), instanceId, startedAt: new Date().toISOString() };
  await fs.writeFile(path.join(dir, "owner.json"), JSON.stringify(owner));
  return {
    instanceId,
    dir,
    async createJobDir(versionId, jobWorkerId) {
      const jobDir = path.join(dir, `${versionId}-${jobWorkerId.replace(/[^A-Za-z0-9_-]/g, "_")}`);
      await fs.rm(jobDir, { recursive: true, force: true });
      const outDir = path.join(jobDir, "out");
      await fs.mkdir(outDir, { recursive: true, mode: 0o700 });
      if (childOwner) {
        await fs.chown(jobDir, childOwner.uid, childOwner.gid);
        await fs.chown(outDir, childOwner.uid, childOwner.gid);
      }
      return { dir: jobDir, outDir };
    },
    async removeJobDir(jobDir) {
      await fs.rm(jobDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the scratch directories of worker processes on this host that no longer run. Directories
 * of other hosts (a shared disk, unusual) are left alone unless older than `orphanAfterMs`.
 * Returns the removed directories.
 */
export async function removeDeadScratchDirs(
  root: string,
  options: { keepInstanceId?: string; orphanAfterMs?: number } = {},
): Promise<string[]> {
  const orphanAfterMs = options.orphanAfterMs ?? 24 * 3600 * 1000;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === options.keepInstanceId) continue;
    const dir = path.join(root, entry.name);
    if (await isDeadScratchDir(dir, orphanAfterMs)) {
      await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
      removed.push(dir);
    }
  }
  return removed;
}

async function isDeadScratchDir(dir: string, orphanAfterMs: number): Promise<boolean> {
  let owner: Owner | null = null;
  try {
    owner = JSON.parse(await fs.readFile(path.join(dir, "owner.json"), "utf8")) as Owner;
  } catch {
    owner = null;
  }
  if (owner && typeof owner.pid === "number" && owner.hostname === os.hostname()) {
    // Same pid as ours but another instance: our predecessor in the same container (pid 1 again).
    if (owner.pid === process.pid) return true;
    return !isPidAlive(owner.pid);
  }
  const stat = await fs.stat(dir).catch(() => null);
  return stat !== null && Date.now() - stat.mtimeMs > orphanAfterMs;
}
