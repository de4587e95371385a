import type { z } from "zod";
import type { Tx } from "@/db/client";
import { events } from "@/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { EVENT_TYPES, type EventSubject, type EventType } from "./event-types";

export type AppendEventInput<T extends EventType> = {
  type: T;
  projectId: string;
  /** Who caused it; null: the system (worker, sweeper, scripts). */
  actorId: string | null;
  payload: z.input<(typeof EVENT_TYPES)[T]["payload"]>;
} & EventSubject<T>;

/**
 * Appends one domain event to the outbox (docs/events.md) in the caller's transaction, so the
 * event exists if and only if the change it announces commits. Writes rows only — never the
 * network: the relay job it queues (`relay-events`, woken through graphile-worker's LISTEN/NOTIFY)
 * and the live streams (the insert trigger's NOTIFY) hear of it at COMMIT.
 *
 * Call it LAST in the transaction, after every other write (the audit event included). The insert
 * trigger takes the outbox's advisory lock and holds it until COMMIT, so that seq order is commit
 * order; taken last, it is held only for the commit, and no transaction ever waits for a row lock
 * while holding it (no deadlock with the audit chain's lock, which is always taken before).
 *
 * The payload is parsed with the type's schema: a bad payload is a bug and fails the transaction.
 */
export async function appendEvent<T extends EventType>(tx: Tx, event: AppendEventInput<T>): Promise<void> {
  const payload = EVENT_TYPES[event.type].payload.parse(event.payload) as Record<string, unknown>;
  const subject = event as { versionId?: string; commentId?: string };
  await tx.insert(events).values({
    type: event.type,
    projectId: event.projectId,
    versionId: subject.versionId ?? null,
    commentId: subject.commentId ?? null,
    actorId: event.actorId,
    payload,
  });
  await enqueueJob(tx, "relay-events", {});
}
