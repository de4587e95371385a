import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type PasswordTokenPurpose, passwordTokens, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords";

/** How long a link works: an invitation may wait for a weekend; a reset is asked for and used at once. */
export const PASSWORD_TOKEN_TTL_MS: Record<PasswordTokenPurpose, number> = {
  invitation: 72 * 3600 * 1000,
  reset: 3600 * 1000,
};

/** 32 random bytes (256 bits), base64url: 43 characters. */
const TOKEN_BYTES = 32;
export const passwordTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "malformed link");

export const setPasswordInput = z.strictObject({
  token: passwordTokenSchema,
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1000),
});

/** Only this is stored: whoever reads the table (a backup) cannot use a link still valid. */
export function hashPasswordToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * A new set-password link's token for `userId`, stored hashed, on the caller's transaction (the
 * e-mail carrying it is queued in the same one). Returns the token itself: it exists only in that e-mail.
 */
export async function issuePasswordToken(
  tx: DbOrTx,
  params: { userId: string; purpose: PasswordTokenPurpose; now?: Date },
): Promise<string> {
  const now = params.now ?? new Date();
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  await tx.insert(passwordTokens).values({
    userId: params.userId,
    tokenHash: hashPasswordToken(token),
    purpose: params.purpose,
    expiresAt: new Date(now.getTime() + PASSWORD_TOKEN_TTL_MS[params.purpose]),
  });
  return token;
}

const invalidLink = () =>
  new AppError("not_found", "This link is invalid, expired or already used. Ask for a new one.", { field: "token" });

/**
 * Sets a password from a link: consumes the token (single use, race-safe: one UPDATE … WHERE
 * used_at IS NULL … RETURNING, so of two concurrent uses exactly one gets the row), sets the
 * password, voids the user's other unused links and audits `user.password_set`. A disabled user's
 * link is refused. Unknown, expired and used tokens get the same answer.
 */
export async function setPasswordWithToken(db: DbOrTx, input: z.output<typeof setPasswordInput>): Promise<{ email: string }> {
  // Hashed before the transaction: ~30 ms of CPU should not hold the audit chain's lock.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [token] = await tx
      .update(passwordTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordTokens.tokenHash, hashPasswordToken(input.token)),
          isNull(passwordTokens.usedAt),
          gt(passwordTokens.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: passwordTokens.id, userId: passwordTokens.userId, purpose: passwordTokens.purpose });
    if (!token) throw invalidLink();
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, token.userId), isNull(users.disabledAt)))
      .returning({ id: users.id, email: users.email });
    if (!user) throw invalidLink();
    await tx
      .update(passwordTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordTokens.userId, user.id), isNull(passwordTokens.usedAt), ne(passwordTokens.id, token.id)));
    await recordAuditEvent(tx, {
      actorId: user.id,
      action: "user.password_set",
      entityType: "user",
      entityId: user.id,
      data: { via: token.purpose },
    });
    return { email: user.email };
  });
}
