import { z } from "zod";
import { EVENT_TYPES, type EventType } from "@/lib/events/event-types";

export const WEBHOOK_EVENT_TYPES = Object.keys(EVENT_TYPES) as EventType[];

export const webhookEndpointInput = z.object({
  url: z.string().trim().min(1, "Enter the endpoint's URL").max(2000),
  eventTypes: z
    .array(z.enum(WEBHOOK_EVENT_TYPES as [EventType, ...EventType[]]))
    .min(1, "Pick at least one event type")
    .transform((types) => [...new Set(types)]),
});
export type WebhookEndpointInput = z.infer<typeof webhookEndpointInput>;
