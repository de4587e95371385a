import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { MediaFile } from "./find-media-files";
import type { CliEnv } from "./ingest-args";

/**
 * What lets an interrupted `axiom ingest` resume: per file, the version its upload created. The
 * file is keyed by AXIOM's address, the project and the file's path, size and modification time,
 * so an edited file (new size or mtime) starts a fresh upload instead of mixing parts of two
 * files. The bytes themselves are never kept here: a rerun asks the server which parts it holds.
 *
 * Kept in `$AXIOM_STATE_DIR`, else `$XDG_CACHE_HOME/axiom/uploads`, else `~/.cache/axiom/uploads`;
 * removed once the upload is complete.
 */

const uploadStateSchema = z.object({
  versionId: z.string(),
  sha256: z.string(),
  maxPartsPerRequest: z.int().positive(),
});
export type UploadState = z.infer<typeof uploadStateSchema>;

export function uploadStateDir(env: CliEnv): string {
  if (env["AXIOM_STATE_DIR"]) return env["AXIOM_STATE_DIR"];
  return path.join(env["XDG_CACHE_HOME"] || path.join(os.homedir(), ".cache"), "axiom", "uploads");
}

export function uploadStateFile(dir: string, baseUrl: string, projectId: string, file: MediaFile): string {
  const key = JSON.stringify([baseUrl, projectId, file.path, file.size, file.mtimeMs]);
  return path.join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
}

/** The saved state, or null when there is none or it is unreadable (then the upload starts over). */
export async function readUploadState(stateFile: string): Promise<UploadState | null> {
  try {
    const parsed = uploadStateSchema.safeParse(JSON.parse(await readFile(stateFile, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeUploadState(stateFile: string, state: UploadState): Promise<void> {
  await mkdir(path.dirname(stateFile), { recursive: true });
  await writeFile(stateFile, JSON.stringify(state));
}

export async function removeUploadState(stateFile: string): Promise<void> {
  await rm(stateFile, { force: true });
}
