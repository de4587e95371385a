import { and, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import type { EventConsumer } from "@/lib/events/event-consumer";
import type { EventRecord } from "@/lib/events/event-record";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { toWebhookBody } from "./webhook-body";

/**
 * graphile-worker retries a failed job after exp(min(attempt, 10)) seconds: 3 s, 7 s, 20 s, 55 s,
 * 2.5 min, 6.7 min, 18 min, 50 min, 2.3 h, then 6.1 h each. 13 attempts put the last one ~21.9 h
 * after the first (14 would be ~28 h): retried for about a day, Standard Webhooks' usual window
 * (docs/webhooks.md, "Retries").
 */
export const WEBHOOK_MAX_ATTEMPTS = 13;

/**
 * Writes one `webhook_deliveries` row per event and enabled endpoint of its project that asked for
 * its type, and one `deliver-webhook` job per row, in the relay's batch transaction: they commit
 * with the cursor's move. The unique (endpoint, event) key makes a second hand-over a no-op. No
 * HTTP here: one slow receiver must not hold the cursor, it holds only its own jobs.
 */
export async function recordWebhookDeliveries(tx: DbOrTx, events: readonly EventRecord[]): Promise<number> {
  const projectIds = [...new Set(events.map((e) => e.projectId))];
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, projectId: webhookEndpoints.projectId, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.projectId, projectIds), isNull(webhookEndpoints.disabledAt)));
  if (endpoints.length === 0) return 0;
  const rows = events.flatMap((event) =>
    endpoints
      .filter((endpoint) => endpoint.projectId === event.projectId && endpoint.eventTypes.includes(event.type))
      .map((endpoint) => ({ endpointId: endpoint.id, eventId: event.id, eventType: event.type, body: toWebhookBody(event) })),
  );
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id });
  for (const { id } of inserted) {
    await enqueueJob(tx, "deliver-webhook", { deliveryId: id, manual: false }, { maxAttempts: WEBHOOK_MAX_ATTEMPTS });
  }
  return inserted.length;
}

export const webhooksConsumer: EventConsumer = {
  name: "webhooks",
  deliver: async (events, tx) => {
    await recordWebhookDeliveries(tx, events);
  },
};
