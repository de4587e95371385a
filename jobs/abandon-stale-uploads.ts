import type { JobHelpers } from "graphile-worker";
import { getEnv } from "@/lib/env";
import type { JobPayload } from "@/lib/jobs/definitions";
import { abandonStaleUploads } from "@/lib/uploads/abandon-stale-uploads";
import { sweepStagingObjects } from "@/lib/uploads/sweep-staging-objects";
import type { WorkerContext } from "./worker-context";

/**
 * `abandon-stale-uploads` (crontab, hourly): uploads left AWAITING_UPLOAD longer than
 * UPLOAD_ABANDON_AFTER_HOURS (default 24) become ABANDONED and their multipart uploads are
 * aborted. 24 h because a browser may upload a 200 GB master over a slow link overnight; the
 * sweeper also spares any upload that received a part within the window, and any whose parts
 * the store cannot list right now (logged; asked again next hour). Each run pages through every
 * candidate, 100 at a time. Then it deletes staging objects no version will read any more (a
 * presigned URL re-used after completion writes one). Logic: lib/uploads/abandon-stale-uploads.ts,
 * lib/uploads/sweep-staging-objects.ts.
 */
export async function runAbandonStaleUploads(
  ctx: Pick<WorkerContext, "db" | "storage" | "log">,
  _payload: JobPayload<"abandon-stale-uploads">,
  helpers: Pick<JobHelpers, "job">,
  options: { abandonAfterHours?: number; now?: Date } = {},
): Promise<void> {
  const hours = options.abandonAfterHours ?? getEnv().UPLOAD_ABANDON_AFTER_HOURS;
  const olderThan = new Date((options.now ?? new Date()).getTime() - hours * 3600 * 1000);
  const result = await abandonStaleUploads(ctx.db, ctx.storage, {
    olderThan,
    log: (message, data) => ctx.log(message, { jobId: helpers.job.id, ...data }),
  });
  // Unreachable uploads are logged by abandonStaleUploads itself, with their ids.
  if (result.abandoned.length || result.storageNotReleased.length) {
    ctx.log("abandon-stale-uploads", { jobId: helpers.job.id, olderThan: olderThan.toISOString(), ...result });
  }
  // Leftovers only: an unreachable store is logged and the next hourly run tries again.
  const swept = await sweepStagingObjects(ctx.db, ctx.storage, {
    log: (message, data) => ctx.log(message, { jobId: helpers.job.id, ...data }),
  }).catch((err: unknown) => {
    ctx.log("sweep-staging-objects: object storage unreachable", { jobId: helpers.job.id, error: err instanceof Error ? err.message : String(err) });
    return null;
  });
  if (swept?.deleted.length) ctx.log("sweep-staging-objects", { jobId: helpers.job.id, deleted: swept.deleted });
}

