import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { countUnreadNotifications } from "./list-notifications";

/** The request body: some entries by id, or all of them. */
export const markNotificationsReadInput = z.union([
  z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkNotificationsReadInput = z.output<typeof markNotificationsReadInput>;

/**
 * Marks the caller's entries read (ids that are not theirs, or unknown, are ignored: nothing
 * tells one apart from the other). Already read ones keep their time. Returns the unread count.
 */
export async function markNotificationsRead(
  db: DbOrTx,
  params: { actor: Actor; input: MarkNotificationsReadInput },
): Promise<{ unreadCount: number }> {
  const mine = and(eq(notifications.userId, params.actor.id), isNull(notifications.readAt));
  const which = "ids" in params.input ? and(mine, inArray(notifications.id, params.input.ids)) : mine;
  await db.update(notifications).set({ readAt: sql`now()` }).where(which);
  return { unreadCount: await countUnreadNotifications(db, params) };
}
