import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { generatePassword, hashPassword } from "@/lib/auth/passwords";
import { AppError } from "@/lib/errors";
import { assertAdminActorOrThrow } from "./assert-admin-actor";
import { toPublicUser, type PublicUser } from "./public-user";
import { emailSchema, userNameSchema } from "./schemas";

/** What the admin sends (`POST /api/admin/users`, the create-user form); parsed at the edge. */
export const createUserInput = z.object({ email: emailSchema, name: userNameSchema, isAdmin: z.boolean().default(false) });
export type CreateUserParams = z.output<typeof createUserInput> & { actor: Actor | null };

export type CreatedUser = {
  user: PublicUser;
  /** Shown once to the admin; only its argon2id hash is stored. */
  initialPassword: string;
};

/** Creates a user with a generated password. Throws `conflict` (field `email`) for a taken email. */
export async function createUser(db: DbOrTx, input: CreateUserParams): Promise<CreatedUser> {
  const initialPassword = generatePassword();
  // Hash outside the transaction: ~30 ms of CPU should not hold the audit chain's lock.
  const passwordHash = await hashPassword(initialPassword);
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
      data: { email: user.email, name: user.name, isAdmin: user.isAdmin },
    });
    return { user: toPublicUser(user), initialPassword };
  });
}

const emailTaken = () => new AppError("conflict", "email: a user with this email already exists", { field: "email" });
