import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { eventConsumers } from "@/db/schema";
import type { EventConsumer } from "./event-consumer";
import { getLatestEventSeq, listEventRowsAfter, type EventRecord } from "./event-record";

const DEFAULT_BATCH_SIZE = 100;

export type DeliveryResult = {
  /** Events handed to `deliver` (rows this code cannot read are skipped, not counted). */
  delivered: number;
  /** The cursor after the run. */
  lastSeq: number;
  /** False when the run stopped at `maxBatches` with events left: queue another. */
  isCaughtUp: boolean;
};

/**
 * Creates the cursor rows of consumers seen for the first time, at the newest event (a new
 * consumer gets no history). The worker calls it at start, before it relays anything.
 */
export async function registerEventConsumers(db: DbOrTx, consumers: readonly EventConsumer[]): Promise<void> {
  if (consumers.length === 0) return;
  const latest = await getLatestEventSeq(db);
  await db
    .insert(eventConsumers)
    .values(consumers.map((c) => ({ name: c.name, lastSeq: latest })))
    .onConflictDoNothing();
}

/**
 * Hands `consumer` every event after its cursor, batch by batch (the contract: lib/events/event-consumer.ts).
 * Each batch is one transaction: lock the cursor row, read the batch, `deliver`, move the cursor,
 * COMMIT. A throw from `deliver` (or a crash) rolls the batch back: it comes again next time.
 * The lock also makes a second run for the same consumer wait rather than deliver twice.
 * Stops after `maxBatches` (so one consumer cannot keep a worker slot forever) or when caught up.
 */
export async function deliverEvents(
  db: Db,
  consumer: EventConsumer,
  options: { maxBatches?: number; log?: (message: string, data?: Record<string, unknown>) => void } = {},
): Promise<DeliveryResult> {
  const batchSize = consumer.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? 50;
  let delivered = 0;
  for (let batch = 0; ; batch++) {
    const step = await db.transaction(async (tx) => {
      // A cursor lost or never registered starts at 0: it replays what is retained rather than skip
      // the very events that woke it (registerEventConsumers starts new consumers at the newest).
      await tx.insert(eventConsumers).values({ name: consumer.name, lastSeq: 0 }).onConflictDoNothing();
      const [cursor] = await tx
        .select({ lastSeq: eventConsumers.lastSeq })
        .from(eventConsumers)
        .where(eq(eventConsumers.name, consumer.name))
        .for("update");
      const from = cursor!.lastSeq;
      const rows = await listEventRowsAfter(tx, { afterSeq: from, limit: batchSize });
      if (rows.length === 0) return { count: 0, lastSeq: from, isFull: false };
      const readable = rows.map((r) => r.event).filter((e): e is EventRecord => e !== null);
      if (readable.length < rows.length) {
        const skipped = rows.filter((r) => r.event === null).map((r) => r.seq);
        options.log?.("events: skipped rows this code cannot read", { consumer: consumer.name, seqs: skipped });
      }
      if (readable.length > 0) await consumer.deliver(readable, tx);
      const lastSeq = rows[rows.length - 1]!.seq;
      await tx
        .update(eventConsumers)
        .set({ lastSeq, updatedAt: sql`now()` })
        .where(eq(eventConsumers.name, consumer.name));
      return { count: readable.length, lastSeq, isFull: rows.length === batchSize };
    });
    delivered += step.count;
    if (!step.isFull) return { delivered, lastSeq: step.lastSeq, isCaughtUp: true };
    if (batch + 1 >= maxBatches) return { delivered, lastSeq: step.lastSeq, isCaughtUp: false };
  }
}
