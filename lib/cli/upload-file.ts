import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { ApiError } from "@/lib/api-client/api-error";
import type { VersionStatus } from "@/lib/versions/version-status.types";
import { type AxiomApi, causeOf } from "./axiom-api";
import type { MediaFile } from "./find-media-files";
import { readUploadState, removeUploadState, type UploadState, writeUploadState } from "./upload-state";

/**
 * One file through the browser's upload protocol (docs/ingest.md), from a terminal: SHA-256 by
 * streaming the file, create the version, PUT the bytes (one presigned PUT, or parts four at a
 * time, each retried with backoff), complete with the SHA-256. An interrupted run leaves a state
 * file (upload-state.ts); the next run lists the parts the store holds and sends only the rest.
 */

export const PART_CONCURRENCY = 4;
const MAX_ATTEMPTS = 5;
/** Part URLs asked for at once: enough to keep four PUTs busy, few enough that none expires waiting. */
const PRESIGN_BATCH = 16;

/** `urgent`: ask for the version to be queued urgent (a resumed upload keeps what it was created with). */
export type UploadProgress = { onBytes: (sent: number) => void; urgent?: boolean };

export type UploadOutcome = { version: VersionStatus; sentBytes: number; resumed: boolean };

/** Streams the file through SHA-256 (hex): constant memory, whatever the file's size. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function uploadFile(
  api: AxiomApi,
  projectId: string,
  file: MediaFile,
  assetName: string,
  stateFile: string,
  progress: UploadProgress,
): Promise<UploadOutcome> {
  const saved = await readUploadState(stateFile);
  if (saved) {
    const resumed = await resume(api, file, saved, stateFile, progress);
    if (resumed) return resumed;
  }

  const sha256 = await sha256OfFile(file.path);
  const created = await api.createUpload(projectId, {
    assetName,
    fileName: path.basename(file.path),
    contentType: file.contentType,
    size: file.size,
    sha256,
    ...(progress.urgent ? { urgent: true } : {}),
  });
  const maxPartsPerRequest = created.mode === "multipart" ? created.maxPartsPerRequest : 1;
  await writeUploadState(stateFile, { versionId: created.versionId, sha256, maxPartsPerRequest });
  let sentBytes: number;
  if (created.mode === "single") {
    sentBytes = await sendSingle(
      api,
      created.versionId,
      file,
      { url: created.url, headers: created.headers },
      progress,
    );
  } else {
    const all = Array.from({ length: created.partCount }, (_, i) => i + 1);
    sentBytes = await sendParts(api, created.versionId, file, created.partSize, all, maxPartsPerRequest, progress);
  }
  const { version } = await api.complete(created.versionId, sha256);
  await removeUploadState(stateFile);
  return { version, sentBytes, resumed: false };
}

/**
 * Continues the saved upload, or answers null when there is nothing to continue (the version was
 * abandoned or is gone: start over). A version that already left AWAITING_UPLOAD was completed by
 * the interrupted run after all.
 */
async function resume(api: AxiomApi, file: MediaFile, saved: UploadState, stateFile: string, progress: UploadProgress) {
  let current: VersionStatus;
  try {
    current = (await api.getVersion(saved.versionId)).version;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      await removeUploadState(stateFile);
      return null;
    }
    throw err;
  }
  if (current.processingState === "ABANDONED") {
    await removeUploadState(stateFile);
    return null;
  }
  if (current.processingState !== "AWAITING_UPLOAD") {
    await removeUploadState(stateFile);
    progress.onBytes(file.size);
    return { version: current, sentBytes: 0, resumed: true };
  }

  let sentBytes: number;
  const stored = await api.listStoredParts(saved.versionId).catch((err: unknown) => {
    // A single-PUT upload has no parts to list: send it again whole.
    if (err instanceof ApiError && (err.status === 409 || err.status === 422)) return null;
    throw err;
  });
  if (!stored) {
    sentBytes = await sendSingle(api, saved.versionId, file, await api.freshUploadUrl(saved.versionId), progress);
  } else {
    const complete = new Set(
      stored.parts
        .filter((p) => p.size === partLength(file.size, stored.partSize, p.partNumber))
        .map((p) => p.partNumber),
    );
    const missing = Array.from({ length: stored.partCount }, (_, i) => i + 1).filter((n) => !complete.has(n));
    progress.onBytes(file.size - missing.reduce((sum, n) => sum + partLength(file.size, stored.partSize, n), 0));
    sentBytes = await sendParts(
      api,
      saved.versionId,
      file,
      stored.partSize,
      missing,
      saved.maxPartsPerRequest,
      progress,
    );
  }
  const { version } = await api.complete(saved.versionId, saved.sha256);
  await removeUploadState(stateFile);
  return { version, sentBytes, resumed: true };
}

function partLength(size: number, partSize: number, partNumber: number): number {
  return Math.min(partSize, size - (partNumber - 1) * partSize);
}

async function sendSingle(
  api: AxiomApi,
  versionId: string,
  file: MediaFile,
  first: { url: string; headers: Record<string, string> },
  progress: UploadProgress,
): Promise<number> {
  const bytes = await readSlice(file.path, 0, file.size);
  let target = first;
  await withRetries(async (attempt) => {
    // An expired URL (403) gets a fresh one; so does every retry after the first.
    if (attempt > 1) target = await api.freshUploadUrl(versionId);
    await put(target.url, bytes, target.headers);
  });
  progress.onBytes(file.size);
  return file.size;
}

async function sendParts(
  api: AxiomApi,
  versionId: string,
  file: MediaFile,
  partSize: number,
  partNumbers: number[],
  maxPartsPerRequest: number,
  progress: UploadProgress,
): Promise<number> {
  let sent = 0;
  const batchSize = Math.min(PRESIGN_BATCH, maxPartsPerRequest);
  for (let i = 0; i < partNumbers.length; i += batchSize) {
    const batch = partNumbers.slice(i, i + batchSize);
    const urls = new Map((await api.presignParts(versionId, batch)).parts.map((p) => [p.partNumber, p.url]));
    const queue = [...batch];
    const worker = async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
        const partNumber = n;
        const start = (partNumber - 1) * partSize;
        const bytes = await readSlice(file.path, start, partLength(file.size, partSize, partNumber));
        await withRetries(async (attempt) => {
          if (attempt > 1) {
            const [fresh] = (await api.presignParts(versionId, [partNumber])).parts;
            if (fresh) urls.set(partNumber, fresh.url);
          }
          await put(urls.get(partNumber)!, bytes);
        });
        sent += bytes.length;
        progress.onBytes(bytes.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, batch.length) }, worker));
  }
  return sent;
}

async function readSlice(file: string, start: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const handle = await open(file, "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    if (bytesRead !== length) throw new Error(`${file} changed while uploading (short read)`);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** A presigned PUT to the object store: no Authorization header (the URL carries its signature). */
async function put(url: string, bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: "PUT", headers, body: bytes });
  } catch (err) {
    throw new ApiError(0, "storage_no_answer", `storage did not answer (${causeOf(err)})`);
  }
  await res.arrayBuffer();
  if (!res.ok) throw new ApiError(res.status, "storage_answered", `storage answered ${res.status} to a part upload`);
}

/**
 * Up to MAX_ATTEMPTS tries with exponential backoff and jitter (0.5 s, 1 s, 2 s, 4 s). Retried:
 * no answer, 403 (an expired URL; the next try presigns a fresh one), 408, 429 and 5xx. Other
 * client errors will not heal and fail at once.
 */
export async function withRetries(send: (attempt: number) => Promise<void>, sleep = defaultSleep): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(attempt);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : -1;
      const retryable = status === 0 || status === 403 || status === 408 || status === 429 || status >= 500;
      if (!retryable || attempt >= MAX_ATTEMPTS) throw err;
      await sleep(500 * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
