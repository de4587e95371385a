import type { DbOrTx } from "@/db/client";
import type { EventRecord } from "./event-record";

/**
 * Something the relay hands events to (docs/events.md, "Consumers"): notifications, e-mail,
 * webhooks — or a publisher to Kafka or NATS. This interface is that seam: such a publisher is a
 * consumer whose `deliver` sends the batch to the broker (keyed by `projectId`, so one project's
 * events stay in order in one partition, with `id` as the message id the broker deduplicates by)
 * and resolves once the broker has acknowledged it. Nothing else in AXIOM would change.
 *
 * The contract:
 * - Batches come in seq order, each at most `batchSize` events, one batch at a time per consumer
 *   (a graphile queue of its own), from the consumer's own cursor: a slow or failing consumer holds
 *   up only itself.
 * - At least once. The cursor moves past a batch only after `deliver` resolved, in the transaction
 *   that read it; a crash, a throw or a timeout before that hands the same events over again. So
 *   `deliver` must be idempotent by `event.id` (e.g. insert with ON CONFLICT DO NOTHING, or a
 *   broker's message id).
 * - A throw means "not delivered, retry later" (graphile's backoff): for an outage. An event the
 *   consumer can never handle must not throw forever — record it and resolve, or the consumer stalls.
 * - `deliver` runs while the cursor row is locked: keep it to seconds. Work that takes longer (an
 *   SMTP send with retries, a webhook with 24 h of backoff) belongs in the consumer's own jobs,
 *   which `deliver` only records — with `tx`, the batch's own transaction: what it writes there
 *   commits with the cursor's move, exactly once (a rolled-back batch takes its writes with it).
 * - A consumer seen for the first time starts at the newest event: it gets no history.
 */
export type EventConsumer = {
  /** Stable and unique: the name of its cursor row (`event_consumers.name`) and of its queue. */
  name: string;
  /** Events per `deliver` call (default 100). */
  batchSize?: number;
  /** `tx`: the transaction that holds the cursor row and moves it after `deliver` resolved. */
  deliver: (events: EventRecord[], tx: DbOrTx) => Promise<void>;
};
