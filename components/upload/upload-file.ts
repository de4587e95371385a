import { ApiError } from "@/lib/api-client/api-error";
import {
  abortUpload,
  completeUpload,
  createUpload,
  listUploadedParts,
  presignUploadParts,
  presignUploadUrl,
} from "@/lib/api-client/endpoints";
import type { VersionStatus } from "@/lib/versions/version-status.types";
import { hashFileInWorker } from "./hash-file";
import { findResumeRecord, removeResumeRecord, saveResumeRecord } from "./resume-store";
import { createProgressMeter, type UploadProgress } from "./upload-progress";
import { type RetryContext, STORE_ANSWERED, STORE_DID_NOT_ANSWER, withFreshUrlOnce, withRetries } from "./upload-retry";

/**
 * The browser side of the upload protocol (docs/ingest.md): ask the API for a version, send the
 * bytes straight to the object store with presigned URLs (one PUT, or parts in parallel with
 * retries), hash the file in a Web Worker meanwhile, and complete with the SHA-256.
 * The web server only ever sees small JSON requests.
 */

export type UploadTarget = { projectId: string } & ({ assetId: string } | { assetName: string });

export type UploadOptions = {
  /** Parts in flight at once (UPLOAD_PARALLEL_PARTS, default 4). */
  concurrency?: number;
  /** Attempts per part (or per single PUT) before the upload fails; an outage uses up none (see `maxOutageMs`). */
  maxAttempts?: number;
  /** How long storage may go without answering before the upload fails instead of waiting (default 30 min). */
  maxOutageMs?: number;
  /** Queue the version urgent (the caller holds `version.prioritize`); a resumed upload keeps what it had. */
  urgent?: boolean;
  /**
   * Stops sending. Aborted with `CANCELLED_BY_USER` as reason it also cancels the upload on the
   * server (ABANDONED, parts deleted); aborted for any other reason (the page is left) the upload
   * stays open and resumable: choosing the same file again continues it.
   */
  signal: AbortSignal;
  onProgress: (progress: UploadProgress) => void;
};

/** The abort reason of an explicit Cancel, the only stop that abandons the upload. */
export const CANCELLED_BY_USER = "cancelled-by-user";

type Plan =
  | { mode: "single"; url: string; headers: Record<string, string> }
  | { mode: "multipart"; partSize: number; partCount: number; done: Set<number> };

export async function uploadFile(file: File, target: UploadTarget, options: UploadOptions): Promise<VersionStatus> {
  const { signal } = options;
  const concurrency = options.concurrency ?? 4;
  const meter = createProgressMeter(file.size, options.onProgress);
  const retry: RetryContext = { maxAttempts: options.maxAttempts ?? 6, maxOutageMs: options.maxOutageMs ?? 30 * 60_000, signal, meter };

  const hashing = hashFileInWorker(file, { signal, onProgress: (n) => meter.update({ hashedBytes: n }) });
  hashing.catch(() => {}); // observed below; avoid an unhandled rejection when we fail first

  let versionId: string | undefined;
  try {
    meter.update({ phase: "starting" });
    const resumed = await tryResume(file, target, signal);
    let plan: Plan;
    if (resumed) {
      ({ versionId, plan } = resumed);
      const { resumedBytes } = resumed;
      meter.update({ resumedBytes, versionId, mode: plan.mode });
      if (plan.mode === "multipart") meter.addSent(resumedBytes, { countsForSpeed: false });
    } else {
      const created = await createUpload(
        target.projectId,
        {
          ...("assetId" in target ? { assetId: target.assetId } : { assetName: target.assetName }),
          fileName: file.name,
          size: file.size,
          contentType: file.type,
          ...(options.urgent ? { urgent: true } : {}),
        },
        signal,
      );
      versionId = created.versionId;
      meter.update({ versionId, mode: created.mode });
      // Kept until completion or an explicit cancel, so Retry, a reload or coming back to the page
      // continues this version instead of starting another one.
      saveResumeRecord({
        versionId,
        projectId: target.projectId,
        assetId: created.assetId,
        assetLabel: "assetName" in target ? target.assetName : "",
        fileName: file.name,
        size: file.size,
        lastModified: file.lastModified,
        startedAt: new Date().toISOString(),
        mode: created.mode,
      });
      plan =
        created.mode === "multipart"
          ? { mode: "multipart", partSize: created.partSize, partCount: created.partCount, done: new Set() }
          : { mode: "single", url: created.url, headers: created.headers };
    }

    meter.update({ phase: "uploading" });
    if (plan.mode === "single") {
      const id = versionId;
      let current = { url: plan.url, headers: plan.headers };
      await withRetries(retry, () =>
        withFreshUrlOnce(
          async (isFresh) => {
            if (isFresh) current = await presignUploadUrl(id, signal);
            return current;
          },
          async ({ url, headers }) => {
            meter.setInFlight("single", 0);
            await putBlob(url, file, headers, signal, (loaded) => meter.setInFlight("single", loaded)).catch((err: unknown) => {
              meter.setInFlight("single", 0); // a failed PUT's bytes no longer count as sent
              throw err;
            });
          },
        ),
      );
      meter.finish("single", file.size);
    } else {
      await sendParts(file, versionId, plan, { concurrency, retry });
    }

    meter.update({ phase: "completing" });
    const sha256 = await hashing;
    const id = versionId;
    // Completion is idempotent (docs/ingest.md): while storage is down it answers 503 and queues
    // nothing, so it waits out an outage like the parts do.
    const done = await withRetries(retry, () => completeUpload(id, sha256, signal));
    removeResumeRecord(versionId);
    meter.update({ phase: "done" });
    return done.version;
  } catch (err) {
    if (signal.aborted) {
      // Any other reason (the page is left): stop sending, keep the version open and its resume record.
      if (signal.reason === CANCELLED_BY_USER) {
        meter.update({ phase: "cancelled" });
        if (versionId) {
          removeResumeRecord(versionId);
          // Best effort: the stale-upload sweeper catches what this misses.
          await abortUpload(versionId).catch(() => {});
        }
      }
      throw new DOMException("Upload stopped", "AbortError");
    }
    meter.update({ phase: "failed" });
    throw err;
  } finally {
    meter.stop();
  }
}

/** An earlier, unfinished upload of this very file to this target, when the server still has it open. */
async function tryResume(
  file: File,
  target: UploadTarget,
  signal: AbortSignal,
): Promise<{ versionId: string; plan: Plan; resumedBytes: number } | null> {
  const record = findResumeRecord(target, file);
  if (!record) return null;
  const { versionId } = record;
  try {
    if (record.mode === "single") {
      // The same version again with a fresh URL: a retry must not leave a second version behind.
      const { url, headers } = await presignUploadUrl(versionId, signal);
      return { versionId, plan: { mode: "single", url, headers }, resumedBytes: 0 };
    }
    const { partSize, partCount, parts } = await listUploadedParts(versionId, signal);
    return {
      versionId,
      plan: { mode: "multipart", partSize, partCount, done: new Set(parts.map((p) => p.partNumber)) },
      resumedBytes: parts.reduce((sum, p) => sum + p.size, 0),
    };
  } catch (err) {
    if (signal.aborted) throw err;
    removeResumeRecord(versionId); // completed, abandoned or gone: start afresh
    return null;
  }
}

async function sendParts(
  file: File,
  versionId: string,
  plan: { partSize: number; partCount: number; done: Set<number> },
  ctx: { concurrency: number; retry: RetryContext },
) {
  const { signal, meter } = ctx.retry;
  const todo: number[] = [];
  for (let n = 1; n <= plan.partCount; n++) if (!plan.done.has(n)) todo.push(n);
  const urls = new Map<number, { url: string; expiresAt: number }>();
  let pendingBatch: Promise<void> | null = null;

  // URLs come in batches of up to 100, fetched when a worker reaches a part without one.
  const urlFor = async (partNumber: number, isFresh: boolean): Promise<string> => {
    if (isFresh) urls.delete(partNumber);
    for (;;) {
      const cached = urls.get(partNumber);
      // A minute of margin: a URL must not expire while its part is in flight.
      if (cached && cached.expiresAt - Date.now() > 60_000) return cached.url;
      if (!pendingBatch) {
        const from = todo.indexOf(partNumber);
        const batch = [partNumber, ...todo.slice(from + 1).filter((n) => !urls.has(n))].slice(0, 100);
        pendingBatch = presignUploadParts(versionId, batch, signal)
          .then((answer) => {
            const expiresAt = Date.parse(answer.expiresAt);
            for (const p of answer.parts) urls.set(p.partNumber, { url: p.url, expiresAt });
          })
          .finally(() => {
            pendingBatch = null;
          });
      }
      await pendingBatch;
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const partNumber = todo[next++]!;
      const start = (partNumber - 1) * plan.partSize;
      const blob = file.slice(start, Math.min(start + plan.partSize, file.size));
      await withRetries(ctx.retry, () =>
        withFreshUrlOnce(
          (isFresh) => urlFor(partNumber, isFresh),
          async (url) => {
            meter.setInFlight(partNumber, 0);
            const etag = await putBlob(url, blob, {}, signal, (loaded) => meter.setInFlight(partNumber, loaded)).catch((err: unknown) => {
              meter.setInFlight(partNumber, 0); // a failed part's bytes no longer count as sent
              throw err;
            });
            // The store's ETag proves the part landed; the server lists parts itself at completion.
            if (!etag) console.warn(`part ${partNumber}: no ETag readable (does the bucket's CORS expose ETag?)`);
          },
        ),
      );
      meter.finish(partNumber, blob.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.concurrency, todo.length) }, worker));
}

/** PUT with upload progress (fetch has none for request bodies). Resolves with the ETag header. */
function putBlob(
  url: string,
  body: Blob,
  headers: Record<string, string>,
  signal: AbortSignal,
  onProgress: (loaded: number) => void,
): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    const onAbort = () => xhr.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    xhr.onloadend = () => {
      signal.removeEventListener("abort", onAbort);
      if (signal.aborted) return reject(new DOMException("Upload cancelled", "AbortError"));
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.getResponseHeader("ETag"));
      reject(
        xhr.status
          ? new ApiError(xhr.status, STORE_ANSWERED, `Storage answered ${xhr.status}`)
          : new ApiError(0, STORE_DID_NOT_ANSWER, "Network error while sending to storage"),
      );
    };
    xhr.send(body);
  });
}
