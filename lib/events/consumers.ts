import type { EventConsumer } from "./event-consumer";

/**
 * The consumers the worker's relay fans events out to (docs/events.md). None yet: notifications,
 * e-mail and webhooks (issue 12 #4–#6) register here, each an EventConsumer with its own cursor.
 * The live streams (SSE) are not a consumer: every web process reads the outbox itself.
 */
export const EVENT_CONSUMERS: readonly EventConsumer[] = [];
