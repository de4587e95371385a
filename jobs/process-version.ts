import type { JobHelpers } from "graphile-worker";
import type { JobPayload } from "@/lib/jobs/definitions";
import { processVersion } from "@/lib/processing/process-version";
import type { WorkerContext } from "./worker-context";

/**
 * `process-version`: the thin edge between graphile-worker and lib/processing. The payload arrives
 * validated (jobs/registry.ts). Throws (so graphile retries with its backoff) when the attempt was
 * handed back: a transient failure (RetryLaterError) or a shutdown (InterruptedError).
 */
export async function runProcessVersion(
  ctx: WorkerContext,
  payload: JobPayload<"process-version">,
  helpers: JobHelpers,
): Promise<void> {
  // The graphile worker id holding the job lock: stored on the version, so the sweeper can release
  // exactly this lock (force_unlock_workers) if this process dies.
  const workerId = helpers.job.locked_by ?? `${ctx.instanceId}-unlocked`;
  const signals = [ctx.shutdownSignal, helpers.abortSignal].filter((s): s is AbortSignal => s !== undefined);
  const result = await processVersion(
    { db: ctx.db, storage: ctx.storage, config: ctx.config, scratch: ctx.scratch, log: ctx.log },
    { versionId: payload.versionId, workerId, signal: AbortSignal.any(signals) },
  );
  ctx.log(`process-version ${payload.versionId}: ${result.outcome}`, { ...result, jobId: helpers.job.id });
}
