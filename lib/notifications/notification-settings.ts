import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";

import type { NotificationSettings } from "./notification-settings.types";

export async function getNotificationSettings(db: DbOrTx, params: { actor: Actor }): Promise<NotificationSettings> {
  const [row] = await db.select({ email: users.emailNotifications }).from(users).where(eq(users.id, params.actor.id));
  return { email: row?.email ?? "immediate" };
}

/** Sets the caller's own preference: whether each new inbox entry is also e-mailed to them. */
export async function setNotificationSettings(
  db: DbOrTx,
  params: { actor: Actor; input: NotificationSettings },
): Promise<NotificationSettings> {
  await db.update(users).set({ emailNotifications: params.input.email }).where(eq(users.id, params.actor.id));
  return params.input;
}
