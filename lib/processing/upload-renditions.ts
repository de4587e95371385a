import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { RenditionKind } from "@/db/schema";
import { derivedKey, type Storage } from "@/lib/storage";
import type { RenditionRecord } from "./mark-version-ready";
import { ProcessingError } from "./processing-error";
import type { UploadedFiles } from "./stream-hls-segments";

/** One output of the transcode as the handler sees it: a kind and a local file (HLS: its master playlist). */
export type ProducedRendition = {
  kind: RenditionKind;
  path: string;
  width: number | null;
  height: number | null;
  bitrate: number | null;
  details?: Record<string, unknown> | null;
};

type LocalFile = { absolutePath: string; relativePath: string; sizeBytes: number; mtimeMs: number };

// Players and browsers decide by Content-Type: hls.js wants the playlist type, Safari is strict too.
const CONTENT_TYPES: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".m4s": "video/iso.segment",
  ".m4a": "audio/mp4",
  ".ts": "video/mp2t",
  ".aac": "audio/aac",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".vtt": "text/vtt",
  ".json": "application/json",
};

export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? "application/octet-stream";
}

async function listFilesRecursively(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFilesRecursively(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files.sort();
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Runs `fn` over `items` with at most `limit` in flight. After a failure no new item starts, and it
 * rejects only once the ones in flight have settled: the caller removes the scratch directory next, and
 * an upload still opening a file there would die with an unhandled ENOENT on its read stream, taking
 * the whole worker with it (seen when s3rver dropped one PUT of four under load).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failure) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(runners);
  if (failure) throw (failure as { error: unknown }).error;
}

/** Every local file that belongs to each rendition (HLS: the whole ladder directory), relative to `workDir`. */
export async function collectRenditionFiles(
  workDir: string,
  produced: readonly ProducedRendition[],
): Promise<Map<ProducedRendition, LocalFile[]>> {
  const result = new Map<ProducedRendition, LocalFile[]>();
  for (const r of produced) {
    const absolutePaths = r.kind === "hls" ? await listFilesRecursively(path.dirname(r.path)) : [r.path];
    const files: LocalFile[] = [];
    for (const absolutePath of absolutePaths) {
      const relativePath = path.relative(workDir, absolutePath).split(path.sep).join("/");
      if (relativePath.startsWith("..")) throw new ProcessingError("internal", `rendition file outside the work dir: ${absolutePath}`);
      const { size, mtimeMs } = await fs.stat(absolutePath);
      files.push({ absolutePath, relativePath, sizeBytes: size, mtimeMs });
    }
    result.set(r, files);
  }
  return result;
}

/**
 * Uploads every rendition file under `derived/<versionId>/<path relative to workDir>` with its content
 * type, and returns one record per kind with size and SHA-256. For HLS the record's key, type and hash
 * are the master playlist's, its size the whole tree's, and `details.files` lists every file with its
 * own size and hash. Refuses (limit_exceeded) when the outputs together exceed `maxOutputBytes`.
 * Re-runs overwrite the same keys: names are deterministic. Files in `alreadyUploaded` (the HLS segments
 * sent while FFmpeg was still encoding, stream-hls-segments.ts) are not sent again when their size and
 * mtime are still those they were sent with; their recorded hash is used.
 */
export async function uploadRenditions(
  storage: Storage,
  params: {
    versionId: string;
    workDir: string;
    produced: readonly ProducedRendition[];
    maxOutputBytes: number;
    signal?: AbortSignal;
    concurrency?: number;
    alreadyUploaded?: UploadedFiles;
  },
): Promise<RenditionRecord[]> {
  const filesByRendition = await collectRenditionFiles(params.workDir, params.produced);
  const totalBytes = [...filesByRendition.values()].flat().reduce((sum, f) => sum + f.sizeBytes, 0);
  if (totalBytes > params.maxOutputBytes) {
    throw new ProcessingError(
      "limit_exceeded",
      `The renditions would take ${totalBytes} bytes; the limit is ${params.maxOutputBytes} (WORKER_MAX_OUTPUT_BYTES).`,
      { isRetryable: false },
    );
  }

  const hashes = new Map<string, string>();
  const allFiles = [...filesByRendition.values()].flat();
  // Four uploads in flight: HLS ladders are many small segments, where latency dominates.
  await forEachLimited(allFiles, params.concurrency ?? 4, async (file) => {
    params.signal?.throwIfAborted();
    const sent = params.alreadyUploaded?.get(file.relativePath);
    if (sent && sent.sizeBytes === file.sizeBytes && sent.mtimeMs === file.mtimeMs) {
      hashes.set(file.absolutePath, sent.sha256);
      return;
    }
    hashes.set(file.absolutePath, await sha256OfFile(file.absolutePath));
    await storage.putFile(derivedKey(params.versionId, file.relativePath), file.absolutePath, contentTypeFor(file.relativePath));
  });

  const records: RenditionRecord[] = [];
  for (const [r, files] of filesByRendition) {
    const main = files.find((f) => f.absolutePath === r.path) ?? files[0];
    if (!main) throw new ProcessingError("internal", `rendition ${r.kind} produced no files`);
    const fileDetails =
      r.kind === "hls"
        ? { files: files.map((f) => ({ path: f.relativePath, sizeBytes: f.sizeBytes, sha256: hashes.get(f.absolutePath) })) }
        : {};
    records.push({
      kind: r.kind,
      storageKey: derivedKey(params.versionId, main.relativePath),
      contentType: contentTypeFor(main.relativePath),
      width: r.width,
      height: r.height,
      bitrate: r.bitrate,
      sizeBytes: files.reduce((sum, f) => sum + f.sizeBytes, 0),
      sha256: hashes.get(main.absolutePath) ?? "",
      details: r.details || r.kind === "hls" ? { ...(r.details ?? {}), ...fileDetails } : null,
    });
  }
  return records;
}
