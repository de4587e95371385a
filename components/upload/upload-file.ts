import type { VersionStatus } from "@/lib/versions/version-status";
import { hashFileInWorker } from "./hash-file";
import { findResumeRecord, removeResumeRecord, saveResumeRecord } from "./resume-store";

/**
 * The browser side of the upload protocol (docs/ingest.md): ask the API for a version, send the
 * bytes straight to the object store with presigned URLs (one PUT, or parts in parallel with
 * retries), hash the file in a Web Worker meanwhile, and complete with the SHA-256.
 * The web server only ever sees small JSON requests.
 */

export type UploadTarget = { projectId: string } & ({ assetId: string } | { assetName: string });

export type UploadPhase = "hashing-only" | "starting" | "uploading" | "completing" | "done" | "failed" | "cancelled";

export type UploadProgress = {
  phase: UploadPhase;
  totalBytes: number;
  sentBytes: number;
  hashedBytes: number;
  /** Smoothed over the last few seconds. */
  bytesPerSecond: number;
  secondsLeft: number | null;
  /** Parts found in storage from an earlier attempt (resume). */
  resumedBytes: number;
  versionId?: string;
};

export type UploadOptions = {
  /** Parts in flight at once. 4 saturates a typical uplink without starving the page. */
  concurrency?: number;
  /** Attempts per part (or per single PUT) before the upload fails. */
  maxAttempts?: number;
  signal: AbortSignal;
  onProgress: (progress: UploadProgress) => void;
};

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

type CreateAnswer = { versionId: string; assetId: string; statusUrl: string; expiresAt: string } & (
  | { mode: "single"; url: string; headers: Record<string, string> }
  | { mode: "multipart"; partSize: number; partCount: number; maxPartsPerRequest: number }
);
type PartsAnswer = { versionId: string; size: number; partSize: number; partCount: number; parts: { partNumber: number; size: number }[] };

export async function uploadFile(file: File, target: UploadTarget, options: UploadOptions): Promise<VersionStatus> {
  const { signal } = options;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 6;
  const meter = createProgressMeter(file.size, options.onProgress);

  const hashing = hashFileInWorker(file, { signal, onProgress: (n) => meter.update({ hashedBytes: n }) });
  hashing.catch(() => {}); // observed below; avoid an unhandled rejection when we fail first

  let versionId: string | undefined;
  try {
    meter.update({ phase: "starting" });
    const resumed = await tryResume(file, target, signal);
    let plan: { mode: "single"; url: string; headers: Record<string, string> } | { mode: "multipart"; partSize: number; partCount: number; done: Set<number> };
    if (resumed) {
      versionId = resumed.versionId;
      plan = { mode: "multipart", partSize: resumed.partSize, partCount: resumed.partCount, done: new Set(resumed.parts.map((p) => p.partNumber)) };
      const resumedBytes = resumed.parts.reduce((sum, p) => sum + p.size, 0);
      meter.update({ resumedBytes, versionId });
      meter.addSent(resumedBytes, { countsForSpeed: false });
    } else {
      const created = await api<CreateAnswer>(`/api/projects/${target.projectId}/uploads`, {
        signal,
        body: {
          ...("assetId" in target ? { assetId: target.assetId } : { assetName: target.assetName }),
          fileName: file.name,
          size: file.size,
          contentType: file.type,
        },
      });
      versionId = created.versionId;
      meter.update({ versionId });
      if (created.mode === "multipart") {
        saveResumeRecord({
          versionId,
          projectId: target.projectId,
          assetId: created.assetId,
          assetLabel: "assetName" in target ? target.assetName : "",
          fileName: file.name,
          size: file.size,
          lastModified: file.lastModified,
          startedAt: new Date().toISOString(),
        });
        plan = { mode: "multipart", partSize: created.partSize, partCount: created.partCount, done: new Set() };
      } else {
        plan = { mode: "single", url: created.url, headers: created.headers };
      }
    }

    meter.update({ phase: "uploading" });
    if (plan.mode === "single") {
      const { url, headers } = plan;
      await withRetries(maxAttempts, signal, async () => {
        meter.setInFlight("single", 0);
        await putBlob(url, file, headers, signal, (loaded) => meter.setInFlight("single", loaded));
      });
      meter.finish("single", file.size);
    } else {
      await sendParts(file, versionId, plan, { concurrency, maxAttempts, signal, meter });
    }

    meter.update({ phase: "completing" });
    const sha256 = await hashing;
    const done = await api<{ version: VersionStatus }>(`/api/versions/${versionId}/complete`, { signal, body: { sha256 } });
    removeResumeRecord(versionId);
    meter.update({ phase: "done" });
    return done.version;
  } catch (err) {
    if (signal.aborted) {
      meter.update({ phase: "cancelled" });
      if (versionId) {
        removeResumeRecord(versionId);
        // Best effort: the stale-upload sweeper catches what this misses.
        await api(`/api/versions/${versionId}/abort`, { body: {} }).catch(() => {});
      }
      throw new DOMException("Upload cancelled", "AbortError");
    }
    meter.update({ phase: "failed" });
    throw err;
  } finally {
    meter.stop();
  }
}

/** An earlier, unfinished multipart upload of this very file, when the store still has it. */
async function tryResume(file: File, target: UploadTarget, signal: AbortSignal): Promise<PartsAnswer | null> {
  const record = findResumeRecord(target.projectId, file, "assetId" in target ? target.assetId : undefined);
  if (!record) return null;
  try {
    return await api<PartsAnswer>(`/api/versions/${record.versionId}/parts`, { signal, method: "GET" });
  } catch (err) {
    if (signal.aborted) throw err;
    removeResumeRecord(record.versionId); // completed, abandoned or gone: start afresh
    return null;
  }
}

async function sendParts(
  file: File,
  versionId: string,
  plan: { partSize: number; partCount: number; done: Set<number> },
  ctx: { concurrency: number; maxAttempts: number; signal: AbortSignal; meter: ProgressMeter },
) {
  const todo: number[] = [];
  for (let n = 1; n <= plan.partCount; n++) if (!plan.done.has(n)) todo.push(n);
  const urls = new Map<number, { url: string; expiresAt: number }>();
  let pendingBatch: Promise<void> | null = null;

  // URLs come in batches of up to 100, fetched when a worker reaches a part without one.
  const urlFor = async (partNumber: number): Promise<string> => {
    for (;;) {
      const cached = urls.get(partNumber);
      // A minute of margin: a URL must not expire while its part is in flight.
      if (cached && cached.expiresAt - Date.now() > 60_000) return cached.url;
      if (!pendingBatch) {
        const from = todo.indexOf(partNumber);
        const batch = [partNumber, ...todo.slice(from + 1).filter((n) => !urls.has(n))].slice(0, 100);
        pendingBatch = api<{ parts: { partNumber: number; url: string }[]; expiresAt: string }>(
          `/api/versions/${versionId}/parts`,
          { signal: ctx.signal, body: { partNumbers: batch } },
        )
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
      await withRetries(ctx.maxAttempts, ctx.signal, async () => {
        ctx.meter.setInFlight(partNumber, 0);
        const url = await urlFor(partNumber);
        try {
          const etag = await putBlob(url, blob, {}, ctx.signal, (loaded) => ctx.meter.setInFlight(partNumber, loaded));
          // The store's ETag proves the part landed; the server lists parts itself at completion.
          if (!etag) console.warn(`part ${partNumber}: no ETag readable (does the bucket's CORS expose ETag?)`);
        } catch (err) {
          if (err instanceof UploadError && err.status === 403) urls.delete(partNumber); // expired URL
          throw err;
        }
      });
      ctx.meter.finish(partNumber, blob.size);
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
      reject(new UploadError(xhr.status ? `Storage answered ${xhr.status}` : "Network error while sending to storage", xhr.status || undefined));
    };
    xhr.send(body);
  });
}

/**
 * Retries `fn` with exponential backoff and jitter: 0.5 s, 1 s, 2 s, 4 s, 8 s (capped at 15 s).
 * Client errors other than 403 (expired URL) and 408/429 are not retried: they will not heal.
 */
async function withRetries(maxAttempts: number, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) throw err;
      const status = err instanceof UploadError ? err.status : undefined;
      const isPermanent = status !== undefined && status >= 400 && status < 500 && ![403, 408, 429].includes(status);
      if (isPermanent || attempt >= maxAttempts) throw err;
      const delay = Math.min(15_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      await sleep(delay, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new DOMException("Upload cancelled", "AbortError"));
      },
      { once: true },
    );
  });
}

/** JSON call to AXIOM's API; errors carry the server's `{ error: { code, message } }`. */
export async function api<T = unknown>(
  path: string,
  options: { body?: unknown; method?: string; signal?: AbortSignal },
): Promise<T> {
  const res = await fetch(path, {
    method: options.method ?? "POST",
    headers: options.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    throw new UploadError(json?.error?.message ?? `Request failed (${res.status})`, res.status, json?.error?.code);
  }
  return json as T;
}

// ---------------------------------------------------------------------------------------
// Progress: bytes confirmed + bytes of requests in flight, speed over a sliding window.

type ProgressMeter = ReturnType<typeof createProgressMeter>;

// 5 s: long enough to smooth the sawtooth of parallel parts, short enough to follow a change of link.
const SPEED_WINDOW_MS = 5000;

function createProgressMeter(totalBytes: number, onProgress: (p: UploadProgress) => void) {
  const state: UploadProgress = {
    phase: "starting",
    totalBytes,
    sentBytes: 0,
    hashedBytes: 0,
    bytesPerSecond: 0,
    secondsLeft: null,
    resumedBytes: 0,
  };
  let confirmed = 0;
  let uncounted = 0; // resumed bytes: sent by an earlier page, not by this link now
  const inFlight = new Map<number | string, number>();
  const samples: { t: number; bytes: number }[] = [];

  const emit = () => {
    const sent = Math.min(totalBytes, confirmed + [...inFlight.values()].reduce((a, b) => a + b, 0));
    const now = performance.now();
    samples.push({ t: now, bytes: sent - uncounted });
    while (samples.length > 2 && now - samples[0]!.t > SPEED_WINDOW_MS) samples.shift();
    const first = samples[0]!;
    const dt = (now - first.t) / 1000;
    const speed = dt > 0.5 ? (sent - uncounted - first.bytes) / dt : state.bytesPerSecond;
    state.sentBytes = sent;
    state.bytesPerSecond = Math.max(0, speed);
    state.secondsLeft = speed > 0 ? (totalBytes - sent) / speed : null;
    onProgress({ ...state });
  };
  // Re-emit a few times a second so speed and time left decay while a part stalls.
  const timer = setInterval(emit, 500);

  return {
    update(patch: Partial<UploadProgress>) {
      Object.assign(state, patch);
      emit();
    },
    addSent(bytes: number, options: { countsForSpeed?: boolean } = {}) {
      confirmed += bytes;
      if (options.countsForSpeed === false) uncounted += bytes;
      emit();
    },
    /** A request confirmed by the store: its bytes move from in flight to confirmed. */
    finish(id: number | string, bytes: number) {
      inFlight.delete(id);
      confirmed += bytes;
      emit();
    },
    setInFlight(id: number | string, loaded: number) {
      if (loaded === 0) inFlight.delete(id);
      else inFlight.set(id, loaded);
      emit();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
