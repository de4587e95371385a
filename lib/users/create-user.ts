import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { generatePassword, hashPassword } from "@/lib/auth/passwords";
import { issuePasswordToken } from "@/lib/auth/password-tokens";
import { invitationEmail, setPasswordUrl } from "@/lib/email/account-emails";
import { queueEmail } from "@/lib/email/queue-email";
import { AppError } from "@/lib/errors";
import { assertAdminActorOrThrow } from "./assert-admin-actor";
import { toPublicUser, type PublicUser } from "./public-user";
import { emailSchema, userNameSchema } from "./schemas";

/** What the admin sends (`POST /api/admin/users`, the create-user form); parsed at the edge. */
export const createUserInput = z.object({ email: emailSchema, name: userNameSchema, isAdmin: z.boolean().default(false) });
export type CreateUserParams = z.output<typeof createUserInput> & {
  actor: Actor | null;
  /**
   * The new user chooses their own password: an e-mail with a single-use set-password link (72 h)
   * is queued in this transaction. `appUrl` (NEXTAUTH_URL) makes the link absolute.
   */
  invitation: { appUrl: string };
};

export type CreatedUser = { user: PublicUser };

/**
 * Creates a user and invites them — the one way a user comes to be (the admin screen and
 * `POST /api/admin/users` alike): no password is ever handed to the admin. Until the link is used,
 * the account holds a random password known to nobody. Throws `conflict` (field `email`) for a taken email.
 */
export async function createUser(db: DbOrTx, input: CreateUserParams): Promise<CreatedUser> {
  // Hash outside the transaction: ~30 ms of CPU should not hold the audit chain's lock.
  const passwordHash = await hashPassword(generatePassword());
  return db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (taken) throw emailTaken();
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, isAdmin: input.isAdmin, passwordHash })
      .onConflictDoNothing({ target: users.email }) // a concurrent create of the same email
      .returning();
    if (!user) throw emailTaken();
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      data: { email: user.email, name: user.name, isAdmin: user.isAdmin, invited: true },
    });
    const token = await issuePasswordToken(tx, { userId: user.id, purpose: "invitation" });
    const [inviter] = input.actor
      ? await tx.select({ name: users.name }).from(users).where(eq(users.id, input.actor.id))
      : [];
    await queueEmail(
      tx,
      invitationEmail({
        to: user.email,
        name: user.name,
        invitedBy: inviter?.name ?? null,
        link: setPasswordUrl(input.invitation.appUrl, token),
      }),
    );
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "user.invited",
      entityType: "user",
      entityId: user.id,
      data: { email: user.email },
    });
    return { user: toPublicUser(user) };
  });
}

const emailTaken = () => new AppError("conflict", "email: a user with this email already exists", { field: "email" });
