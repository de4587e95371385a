import { ApiError } from "@/lib/api-client/api-error";
import type { ProgressMeter } from "./upload-progress";

/**
 * How an upload survives failures: the store's error codes, one fresh URL after a 403, backoff
 * with retries, and pausing (not failing) while storage or AXIOM does not answer at all.
 */

/**
 * `ApiError` codes of the object store's own answers to a presigned PUT (AXIOM's API answers with
 * the codes of its error body): one it refused or failed with a status, and none at all.
 */
export const STORE_ANSWERED = "storage_answered";
export const STORE_DID_NOT_ANSWER = "storage_no_answer";

/**
 * The store answers 403 to an expired (or otherwise refused) presigned URL. Sends once with the
 * URL at hand and, on 403, once more with a freshly presigned one; a second 403 fails with a
 * message that says what happened instead of a bare status.
 */
export async function withFreshUrlOnce<U>(
  getUrl: (isFresh: boolean) => Promise<U>,
  send: (url: U) => Promise<void>,
): Promise<void> {
  try {
    return await send(await getUrl(false));
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 403)) throw err;
  }
  try {
    return await send(await getUrl(true));
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      throw new ApiError(
        403,
        "upload_link_expired",
        "upload link expired — storage refused it (403) even with a freshly signed one. Check this computer's clock, then press Retry",
      );
    }
    throw err;
  }
}

export type RetryContext = { maxAttempts: number; maxOutageMs: number; signal: AbortSignal; meter: ProgressMeter };

/**
 * Retries `fn` with exponential backoff and jitter: 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 15 s.
 *
 * - **Nothing answers** (`outageOf`: storage unreachable or answering 502/503/504): the
 *   upload *pauses*. It keeps trying for as long as the outage lasts, up to `maxOutageMs`, and these
 *   tries use up none of `maxAttempts`: an S3 restart must not fail an upload that only has to wait.
 *   The meter shows the pause (`UploadProgress.paused`) until an attempt succeeds or sends bytes.
 *   Nothing is lost meanwhile: stored parts stay stored, and the part in flight is sent again.
 * - **An answer that is a failure**: up to `maxAttempts` tries. Client errors other than 408/429
 *   are not retried: they will not heal (a 403, an expired URL, was already retried once with a
 *   fresh URL by `withFreshUrlOnce`).
 *
 * (Before, every failure counted against `maxAttempts`, so an outage longer than ~15 s failed
 * the upload; scenario c of `npm run reliability` and e2e/upload-outage.spec.ts.)
 */
export async function withRetries<T>(ctx: RetryContext, fn: () => Promise<T>): Promise<T> {
  let answeredFailures = 0;
  let unansweredSince: number | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await fn();
      ctx.meter.resume();
      return result;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const outage = outageOf(err);
      if (outage) {
        unansweredSince ??= Date.now();
        if (Date.now() - unansweredSince > ctx.maxOutageMs) {
          const minutes = Math.round(ctx.maxOutageMs / 60_000);
          throw new ApiError(0, "storage_unreachable", `${outage} (waited ${minutes} min)`);
        }
        ctx.meter.pause(outage);
      } else {
        unansweredSince = null;
        const status = err instanceof ApiError ? err.status : undefined;
        const isPermanent = status !== undefined && status >= 400 && status < 500 && ![408, 429].includes(status);
        if (isPermanent || ++answeredFailures >= ctx.maxAttempts) throw err;
      }
      const delay = Math.min(15_000, 500 * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
      await sleep(delay, ctx.signal);
    }
  }
}

/**
 * What does not answer, in words, when `err` means "down, not wrong": a PUT that got no HTTP answer
 * at all (connection refused or reset: `putBlob`'s status-0 error), a 502/503/504 from the store
 * or a gateway, or AXIOM's own 503 `storage_unavailable` (completion, listing parts) or
 * `database_unavailable`. Null for every other failure, which counts against `maxAttempts`.
 */
export function outageOf(err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === STORE_DID_NOT_ANSWER) return "storage is not answering";
  if (err.code === "storage_unavailable") return "storage is not answering";
  if (err.code === "database_unavailable") return "AXIOM's database is not answering";
  if (err.status === 502 || err.status === 503 || err.status === 504) {
    return `${err.code === STORE_ANSWERED ? "storage" : "AXIOM"} answered ${err.status}`;
  }
  return null;
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
