/**
 * A relay process that dies mid-batch (tests/events-relay.int.test.ts): delivers to the consumer
 * named in EVENT_CONSUMER, whose `deliver` records each event in `test_received` (committed at once,
 * on a connection of its own, as a broker would have it) and, after HALF of them, prints "HALF" and
 * waits to be SIGKILLed — with the relay's cursor transaction still open.
 */
import postgres from "postgres";
import { createDb } from "@/db/client";
import { deliverEvents } from "@/lib/events/deliver-events";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const name = process.env.EVENT_CONSUMER!;
  const half = Number(process.env.HALF);
  const { db } = createDb(url, { max: 2 });
  const effects = postgres(url, { max: 1, onnotice: () => {} });

  await deliverEvents(db, {
    name,
    batchSize: 1000,
    deliver: async (events) => {
      for (const [i, event] of events.entries()) {
        if (i === half) {
          console.log("HALF");
          await new Promise(() => {}); // killed here
        }
        await effects`insert into test_received (event_id, seq) values (${event.id}, ${event.seq})
                    on conflict (event_id) do update set deliveries = test_received.deliveries + 1`;
      }
    },
  });
  console.log("DONE"); // never reached: the test kills us first
}

void main();
