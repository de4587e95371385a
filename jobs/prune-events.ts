import type { JobHelpers } from "graphile-worker";
import type { JobPayload } from "@/lib/jobs/definitions";
import { pruneEvents } from "@/lib/events/prune-events";
import type { WorkerContext } from "./worker-context";

/** `prune-events` (crontab, daily): the outbox keeps EVENTS_RETENTION_DAYS of events (docs/events.md, "Retention"). */
export async function runPruneEvents(
  ctx: Pick<WorkerContext, "db" | "log" | "eventsRetentionDays">,
  _payload: JobPayload<"prune-events">,
  helpers: JobHelpers,
): Promise<void> {
  const deleted = await pruneEvents(ctx.db, { olderThanDays: ctx.eventsRetentionDays });
  ctx.log("prune-events", { jobId: helpers.job.id, deleted, retentionDays: ctx.eventsRetentionDays });
}
