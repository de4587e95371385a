import path from "node:path";
import type { Db } from "@/db/client";
import { probeMedia, type MediaFacts } from "@/lib/media/ffprobe";
import { planRenditions, type RenditionPlan } from "@/lib/media/rendition-plan";
import type { Storage } from "@/lib/storage";
import { claimVersion } from "./claim-version";
import type { DownloadedMaster } from "./download-master";
import { handBackVersion } from "./hand-back-version";
import { markPreviewPublished } from "./mark-preview-published";
import { markVersionError } from "./mark-version-error";
import { markVersionReady } from "./mark-version-ready";
import { openMasterFeed, type MasterFeed } from "./master-feed";
import { removeFinishedVersionLeftovers } from "./remove-unrecorded-outputs";
import type { AttemptOwner } from "./owned-version";
import { attemptTimeoutMs, isRetryAllowed, type ProcessingConfig } from "./processing-config";
import { InterruptedError, LostClaimError, ProcessingError, toProcessingError } from "./processing-error";
import { recordHeartbeat, recordProgress } from "./record-heartbeat";
import type { ProcessScratch } from "./scratch-space";
import { storeMasterChecksum, storeProbeFacts } from "./store-source-facts";
import { streamHlsWhileEncoding, type HlsStreaming } from "./stream-hls-segments";
import { transcodeSource } from "./transcode-source";
import { uploadRenditions } from "./upload-renditions";

export type ProcessVersionDeps = {
  db: Db;
  storage: Storage;
  config: ProcessingConfig;
  scratch: ProcessScratch;
  log?: (message: string, data?: Record<string, unknown>) => void;
};

export type ProcessVersionParams = {
  versionId: string;
  /** Who claims the version: the graphile worker id running the job (what the sweeper unlocks). */
  workerId: string;
  /** Aborted when the worker shuts down: the attempt stops and hands the version back. */
  signal?: AbortSignal;
};

export type ProcessVersionOutcome =
  | { outcome: "ready"; attempt: number }
  | { outcome: "failed"; attempt: number; code: ProcessingError["code"]; message: string }
  | { outcome: "skipped"; reason: string }
  | { outcome: "lost_claim" };

/**
 * A processing attempt failed transiently and the version was handed back (PROCESSING -> PENDING):
 * the job must fail so graphile-worker runs it again after its exponential backoff.
 */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
  constructor(readonly cause: ProcessingError) {
    super(`${cause.code}: ${cause.message}`, { cause });
  }
}

// Download budget: the base timeout plus the master's size at a pessimistic 5 MiB/s.
const DOWNLOAD_BYTES_PER_SECOND = 5 * 1024 * 1024;
// Share of the progress bar the transcode (incl. QC) covers; the upload takes the rest.
const TRANSCODE_SHARE = 95;

/**
 * The `process-version` job's domain function. Re-runnable from the start, whatever happened before:
 *
 * claim (PENDING -> PROCESSING) -> stream the master once into scratch, hashing it, while ffprobe and
 * FFmpeg already read it (master-feed.ts) -> probe, plan (limits) and store the facts -> one FFmpeg run +
 * QC (lib/media) -> the whole master's size and SHA-256 compared with the declared ones -> upload
 * renditions -> READY + IN_REVIEW with the rendition rows, in one transaction.
 *
 * Input errors end in ERROR (returns "failed"; the job succeeds: retrying cannot help). Transient errors
 * hand the version back and throw RetryLaterError until `config.maxAttempts` claims, then ERROR. A
 * shutdown hands back and throws InterruptedError. When the version stops being ours (the sweeper gave it
 * to another worker), the attempt returns "lost_claim" without writing anything.
 */
export async function processVersion(deps: ProcessVersionDeps, params: ProcessVersionParams): Promise<ProcessVersionOutcome> {
  const { db, storage, config, scratch } = deps;
  const log = deps.log ?? (() => {});
  const claim = await claimVersion(db, {
    versionId: params.versionId,
    workerId: params.workerId,
    staleAfterSeconds: config.staleAfterSeconds,
  });
  if (!claim.isClaimed) {
    log("nothing to do", { versionId: params.versionId, state: claim.state, reason: claim.reason });
    // A leftover job of a finished version: its worker may have died before tidying (sweep-stale-versions.ts).
    if (claim.reason === "not_pending") await removeLeftovers(deps, params.versionId);
    return { outcome: "skipped", reason: claim.reason };
  }

  const { version, projectId } = claim;
  const attempt = version.attempts;
  const owner: AttemptOwner = { versionId: version.id, workerId: params.workerId };
  log("claimed", { versionId: version.id, attempt, takenOverFrom: claim.takenOverFrom });

  // One controller stops everything this attempt runs (download, FFmpeg, uploads); `stopCause` says why.
  const stop = new AbortController();
  let stopCause: "shutdown" | "timeout" | "lost_claim" | null = null;
  const stopFor = (cause: NonNullable<typeof stopCause>) => {
    if (stopCause) return;
    stopCause = cause;
    stop.abort(new Error(`attempt stopped: ${cause}`));
  };
  const onShutdown = () => stopFor("shutdown");
  if (params.signal?.aborted) onShutdown();
  params.signal?.addEventListener("abort", onShutdown, { once: true });

  const heartbeat = setInterval(() => {
    recordHeartbeat(db, owner).catch((err: unknown) => {
      if (err instanceof LostClaimError) stopFor("lost_claim");
      // A database hiccup: keep working; the sweeper only acts after `staleAfterSeconds`.
      else log("heartbeat failed", { versionId: version.id, error: String(err) });
    });
  }, config.heartbeatIntervalMs);
  heartbeat.unref();

  let deadline: NodeJS.Timeout | undefined;
  let budgetMs = 0;
  const armDeadline = (ms: number) => {
    clearTimeout(deadline);
    budgetMs = ms;
    deadline = setTimeout(() => stopFor("timeout"), ms);
    deadline.unref();
  };

  // Created inside the try: a full or unwritable scratch disk must end in settleFailure (retry, then
  // ERROR) with the heartbeat stopped, not leave the version PROCESSING with fresh heartbeats forever.
  let jobDir: { dir: string; outDir: string } | null = null;
  let streaming: HlsStreaming | null = null;
  let feed: MasterFeed | null = null;
  // Wall time of each phase, logged with the outcome (docs/processing.md, "Benchmark").
  const phases: Record<string, number> = {};
  const attemptStart = Date.now();
  let phaseStart = attemptStart;
  const endPhase = (name: string) => {
    const now = Date.now();
    phases[name] = now - phaseStart;
    phaseStart = now;
  };
  try {
    jobDir = await scratch.createJobDir(version.id, params.workerId);
    // 1. The master, once, hashed on the way — and readable by FFmpeg while it arrives.
    const downloadBudgetMs = (config.timeoutBaseSeconds + version.sizeBytes / DOWNLOAD_BYTES_PER_SECOND) * 1000;
    armDeadline(downloadBudgetMs);
    feed = await openMasterFeed(storage, {
      key: version.storageKey,
      destination: path.join(jobDir.dir, "master"),
      sizeBytes: version.sizeBytes,
      signal: stop.signal,
      // Held back to FFmpeg's reading until the live preview is out: the first segment gets the cores.
      isPaced: true,
    });
    const openedFeed = feed;
    // Logged with the outcome: the download now overlaps probe and transcode instead of preceding them.
    openedFeed.downloaded.then(() => (phases.downloadMs = Date.now() - attemptStart), () => {});
    let verified: Promise<DownloadedMaster> | null = null;
    // The whole master, checked once against what the upload declared (and what an earlier attempt read).
    const verifiedMaster = (): Promise<DownloadedMaster> => {
      openedFeed.release();
      verified ??= openedFeed.downloaded.then(async (master) => {
        checkMaster(master, version);
        await storeMasterChecksum(db, owner, master.sha256);
        return master;
      });
      return verified;
    };
    // A read of the master failed: if the download failed or the master is not what was declared, that is
    // the cause to report (storage_unavailable, checksum_mismatch) — never the file's content.
    const blameDownloadFirst = async (err: unknown): Promise<never> => {
      await verifiedMaster();
      throw err;
    };

    // 2. Probe, plan (validates limits) and store the facts — also when the plan refuses the file, so
    //    the user sees what the file is. A probe that fails over the feed is repeated on the whole local
    //    file before it is believed.
    const probeOptions = { signal: stop.signal, sandbox: config.media.sandbox };
    const facts: MediaFacts = await probeMedia(feed.url, probeOptions).catch(async () => probeMedia((await verifiedMaster()).path, probeOptions));
    let plan: RenditionPlan;
    try {
      plan = planRenditions(facts, config.media);
    } catch (err) {
      await storeProbeFacts(db, owner, facts, null);
      // A master that is not what was uploaded fails as such, before its facts are held against it.
      await verifiedMaster();
      throw err;
    }
    await storeProbeFacts(db, owner, facts, plan);
    endPhase("probeMs");

    // 3. One FFmpeg run + QC, with a wall-clock budget scaled to the media's duration. Meanwhile each
    //    closed HLS segment goes to the store and the live preview grows (stream-hls-segments.ts).
    armDeadline(attemptTimeoutMs(config, plan.durationSeconds) + downloadBudgetMs);
    streaming = streamHlsWhileEncoding(storage, {
      versionId: version.id,
      workDir: jobDir.outDir,
      plan,
      signal: stop.signal,
      log,
      onPreviewPublished: () => {
        phases.firstPreviewMs = Date.now() - attemptStart;
        openedFeed.release();
        markPreviewPublished(db, owner, { projectId, attempt }).catch((err: unknown) => {
          if (err instanceof LostClaimError) stopFor("lost_claim");
          // The preview is a convenience: without the mark the room simply waits for READY.
          else log("preview mark failed", { versionId: version.id, error: String(err) });
        });
      },
    });
    let lastWrite = 0;
    let isWriting = false;
    const { produced, ffmpegMs, warnings } = await transcodeSource({
      inputPath: feed.url,
      // A failed step is judged by decoding the whole local file: only once it is all there.
      localSourcePath: async () => (await verifiedMaster()).path,
      workDir: jobDir.outDir,
      facts,
      config: config.media,
      plan,
      timeoutMs: budgetMs,
      maxOutputBytes: config.maxOutputBytes,
      signal: stop.signal,
      onProgress: (fraction) => {
        const now = Date.now();
        // At most one progress UPDATE per interval and never two in flight.
        if (isWriting || now - lastWrite < config.progressIntervalMs) return;
        lastWrite = now;
        isWriting = true;
        recordProgress(db, owner, { percent: fraction * TRANSCODE_SHARE, projectId, attempt })
          .catch((err: unknown) => {
            if (err instanceof LostClaimError) stopFor("lost_claim");
          })
          .finally(() => {
            isWriting = false;
          });
      },
    }).catch(blameDownloadFirst);
    if (stopCause) throw new Error(`attempt stopped: ${stopCause}`);
    // The master FFmpeg read is the one the uploader declared, whole (FFmpeg may finish a moov-first
    // file's last frames before the download's last bytes are hashed).
    await verifiedMaster();
    endPhase("transcodeAndQcMs");
    phases.ffmpegMs = ffmpegMs;

    // 4. Upload what is left (the ladder's segments are mostly in the store already), then READY with
    //    the rendition rows in one transaction.
    const alreadyUploaded = await streaming.finish();
    const records = await uploadRenditions(storage, {
      versionId: version.id,
      workDir: jobDir.outDir,
      produced,
      maxOutputBytes: config.maxOutputBytes,
      signal: stop.signal,
      alreadyUploaded,
    });
    if (stopCause) throw new Error(`attempt stopped: ${stopCause}`);
    endPhase("uploadMs");
    await markVersionReady(db, owner, { projectId, renditions: records, attempt, warnings });
    // The live preview's playlists are not renditions: nothing reads them once READY (it ended with ENDLIST).
    await removeLeftovers(deps, version.id);
    endPhase("readyMs");
    log("ready", { versionId: version.id, attempt, ...phases });
    return { outcome: "ready", attempt };
  } catch (err) {
    // No more segments or preview writes once the attempt has failed.
    await streaming?.stop();
    const settled = await settleFailure(deps, { owner, projectId, attempt, err, stopCause, budgetMs });
    // Segments streamed before the failure are no rendition: an ERROR version keeps no derived media.
    // After a lost claim this removes them only if the version ended (an admin's cancel), not if
    // another worker took it over.
    await removeLeftovers(deps, owner.versionId);
    return settled;
  } finally {
    await streaming?.stop();
    await feed?.close();
    clearInterval(heartbeat);
    clearTimeout(deadline);
    params.signal?.removeEventListener("abort", onShutdown);
    if (jobDir !== null) await scratch.removeJobDir(jobDir.dir).catch(() => {});
  }
}

/** removeFinishedVersionLeftovers, best effort: a failure leaves objects behind, never a wrong state. */
async function removeLeftovers(deps: ProcessVersionDeps, versionId: string): Promise<void> {
  try {
    const removed = await removeFinishedVersionLeftovers(deps.db, deps.storage, versionId);
    if (removed) deps.log?.("removed the worker's leftover objects", { versionId, removed });
  } catch (err) {
    deps.log?.("could not remove the worker's leftover objects", { versionId, error: String(err) });
  }
}

/** Size and SHA-256 of the whole master against the upload's declaration and an earlier attempt's reading. */
function checkMaster(master: DownloadedMaster, version: { sizeBytes: number; sha256Declared: string | null; sha256Computed: string | null }): void {
  if (master.sizeBytes !== version.sizeBytes) {
    throw new ProcessingError("checksum_mismatch", `The stored master has ${master.sizeBytes} bytes; the upload declared ${version.sizeBytes}.`);
  }
  if (version.sha256Declared && master.sha256 !== version.sha256Declared) {
    throw new ProcessingError(
      "checksum_mismatch",
      `The stored master's SHA-256 (${master.sha256}) differs from the one computed by the uploader (${version.sha256Declared}).`,
    );
  }
  if (version.sha256Computed && master.sha256 !== version.sha256Computed) {
    throw new ProcessingError("checksum_mismatch", "The stored master changed since an earlier attempt read it.");
  }
}

async function settleFailure(
  deps: ProcessVersionDeps,
  input: {
    owner: AttemptOwner;
    projectId: string;
    attempt: number;
    err: unknown;
    stopCause: "shutdown" | "timeout" | "lost_claim" | null;
    budgetMs: number;
  },
): Promise<ProcessVersionOutcome> {
  const { db, config } = deps;
  const log = deps.log ?? (() => {});
  const { owner, projectId, attempt, err, stopCause } = input;

  if (stopCause === "lost_claim" || err instanceof LostClaimError) {
    log("lost the claim; stopping without writing", { versionId: owner.versionId });
    return { outcome: "lost_claim" };
  }
  if (stopCause === "shutdown") {
    await handBackVersion(db, owner, { projectId, reason: "shutdown" });
    log("interrupted by shutdown; handed back", { versionId: owner.versionId });
    throw new InterruptedError(`processing of ${owner.versionId} interrupted by shutdown`);
  }

  const cause = toProcessingError(err);
  const failure =
    stopCause === "timeout"
      ? new ProcessingError("timeout", `Processing took longer than its ${Math.round(input.budgetMs / 1000)} s budget.`, {
          logTail: cause.logTail,
          cause: err,
        })
      : cause;

  if (isRetryAllowed(config, failure, attempt)) {
    const isHandedBack = await handBackVersion(db, owner, {
      projectId,
      reason: "transient_error",
      code: failure.code,
      message: failure.message,
    });
    if (!isHandedBack) return { outcome: "lost_claim" };
    log("transient failure; handed back for retry", { versionId: owner.versionId, attempt, code: failure.code, error: failure.message });
    throw new RetryLaterError(failure);
  }

  try {
    await markVersionError(db, owner, {
      projectId,
      code: failure.code,
      message: failure.isRetryable ? `${failure.message} (gave up after ${attempt} attempts)` : failure.message,
      logTail: failure.logTail,
      attempt,
    });
  } catch (markErr) {
    if (markErr instanceof LostClaimError) return { outcome: "lost_claim" };
    throw markErr;
  }
  log("failed", { versionId: owner.versionId, attempt, code: failure.code, error: failure.message });
  return { outcome: "failed", attempt, code: failure.code, message: failure.message };
}
