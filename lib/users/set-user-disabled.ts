import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import { assertAdminActorOrThrow } from "./assert-admin-actor";
import { toPublicUser, type PublicUser } from "./public-user";

/** What the admin sends (`PATCH /api/admin/users/:userId`); parsed at the edge. */
export const setUserDisabledInput = z.object({ disabled: z.boolean() });
export type SetUserDisabledParams = z.output<typeof setUserDisabledInput> & { actor: Actor | null; userId: string };

/**
 * Disables or re-enables a user. A disabled user cannot sign in and their open sessions stop
 * working at once (sessions reload the user on every request). Setting the state the user is
 * already in changes nothing and records nothing.
 * Throws `not_found` for an unknown user, `conflict` when admins try to disable themselves.
 */
export async function setUserDisabled(db: DbOrTx, input: SetUserDisabledParams): Promise<PublicUser> {
  if (input.disabled && input.actor?.id === input.userId) {
    throw new AppError("conflict", "You cannot disable your own account.");
  }
  return db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const [current] = await tx.select().from(users).where(eq(users.id, input.userId)).for("update").limit(1);
    if (!current) throw notFound("User not found");
    if (Boolean(current.disabledAt) === input.disabled) return toPublicUser(current);
    const [updated] = await tx
      .update(users)
      .set({ disabledAt: input.disabled ? new Date() : null })
      .where(eq(users.id, input.userId))
      .returning();
    if (!updated) throw notFound("User not found");
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: input.disabled ? "user.disabled" : "user.enabled",
      entityType: "user",
      entityId: updated.id,
      data: { email: updated.email },
    });
    return toPublicUser(updated);
  });
}
