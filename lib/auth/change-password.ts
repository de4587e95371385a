import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import type { Actor } from "./permissions";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords";

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1000),
});

/**
 * A signed-in user changes their own password: the current one is checked (a session left open
 * on a shared screen is not enough), the new one hashed with argon2id, `user.password_changed`
 * audited. Wrong current password: 422 on `currentPassword`. Unused set-password links stay
 * valid only until they expire (they are the user's own).
 */
export async function changePassword(
  db: DbOrTx,
  params: { actor: Actor; input: z.output<typeof changePasswordInput> },
): Promise<void> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, params.actor.id));
  if (!user || !(await verifyPassword(user.passwordHash, params.input.currentPassword))) {
    throw new AppError("validation_failed", "currentPassword: not your current password", { field: "currentPassword" });
  }
  const passwordHash = await hashPassword(params.input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, params.actor.id));
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "user.password_changed",
      entityType: "user",
      entityId: params.actor.id,
      data: {},
    });
  });
}
