import { notificationsConsumer } from "@/lib/notifications/notifications-consumer";
import { webhooksConsumer } from "@/lib/webhooks/webhooks-consumer";
import type { EventConsumer } from "./event-consumer";

/**
 * The consumers the worker's relay fans events out to (docs/events.md), each an EventConsumer with
 * its own cursor: webhooks (docs/webhooks.md) and notifications (docs/notifications.md). E-mail
 * (issue 12 #5) comes here too.
 * The live streams (SSE) are not a consumer: every web process reads the outbox itself.
 */
export const EVENT_CONSUMERS: readonly EventConsumer[] = [webhooksConsumer, notificationsConsumer];
