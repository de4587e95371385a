import { getMailSettings } from "@/lib/env";
import type { EventConsumer } from "@/lib/events/event-consumer";
import { writeNotifications } from "./write-notifications";

/**
 * The relay's `notifications` consumer (docs/events.md, "Relay and consumers"): each batch becomes
 * inbox rows, written in the batch's own transaction — they commit with the cursor's move, and the
 * unique (user, event) key makes a replayed batch add nothing. Anything slow (e-mail) is queued
 * from those rows in the same transaction (a `send-email` job), never done here.
 */
export const notificationsConsumer: EventConsumer = {
  name: "notifications",
  batchSize: 100,
  deliver: async (events, tx) => {
    await writeNotifications(tx, events, { appUrl: getMailSettings().appUrl });
  },
};
