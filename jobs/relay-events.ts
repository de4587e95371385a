import type { JobHelpers } from "graphile-worker";
import type { JobPayload } from "@/lib/jobs/definitions";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { deliverEvents } from "@/lib/events/deliver-events";
import type { WorkerContext } from "./worker-context";

/**
 * `relay-events` (queued by every transaction that appends an event): fans the wake-up out to one
 * `deliver-events` job per registered consumer, each in a graphile queue of its own, so consumers
 * advance independently (docs/events.md, "Relay"). Reads no event itself.
 */
export async function runRelayEvents(
  ctx: Pick<WorkerContext, "db" | "eventConsumers">,
  _payload: JobPayload<"relay-events">,
  _helpers: JobHelpers,
): Promise<void> {
  for (const consumer of ctx.eventConsumers) await enqueueJob(ctx.db, "deliver-events", { consumer: consumer.name });
}

/**
 * `deliver-events`: one consumer catches up from its cursor (lib/events/deliver-events.ts). A
 * throw from the consumer fails the job: graphile retries it with backoff, and the next event
 * queues it again anyway. A run that stopped with events left queues the next one.
 */
export async function runDeliverEvents(
  ctx: Pick<WorkerContext, "db" | "eventConsumers" | "log">,
  payload: JobPayload<"deliver-events">,
  helpers: JobHelpers,
): Promise<void> {
  const consumer = ctx.eventConsumers.find((c) => c.name === payload.consumer);
  if (!consumer) {
    // Queued by a worker that knew this consumer (an older deploy): nothing here can deliver to it.
    ctx.log("deliver-events: no such consumer in this worker, job dropped", {
      consumer: payload.consumer,
      jobId: helpers.job.id,
    });
    return;
  }
  const result = await deliverEvents(ctx.db, consumer, { log: ctx.log });
  if (!result.isCaughtUp) await enqueueJob(ctx.db, "deliver-events", { consumer: consumer.name });
}
