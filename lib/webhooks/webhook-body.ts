import type { EventRecord } from "@/lib/events/event-record";

/**
 * The JSON a webhook POSTs for an event (docs/webhooks.md, "Payload"), in the Standard Webhooks
 * shape `{ id, type, timestamp, data }`: `data` holds the event's subject ids and its documented
 * payload (docs/events.md, "Event types"), flattened — no payload field is named like a subject id.
 */
export function toWebhookBody(event: EventRecord): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt,
    data: {
      projectId: event.projectId,
      assetId: event.assetId,
      versionId: event.versionId,
      commentId: event.commentId,
      actorId: event.actorId,
      ...event.payload,
    },
  });
}
