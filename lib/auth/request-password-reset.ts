import { createHash } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { signInAttempts, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { passwordResetEmail, setPasswordUrl } from "@/lib/email/account-emails";
import { queueEmail } from "@/lib/email/queue-email";
import { AppError } from "@/lib/errors";
import { issuePasswordToken } from "./password-tokens";
import { normalizeEmail, SIGN_IN_WINDOW_MS } from "./sign-in-rate-limit";

export const requestPasswordResetInput = z.strictObject({ email: z.string().trim().min(3).max(320) });

/**
 * Reset requests per SIGN_IN_WINDOW_MS: a few per address (a person retrying), more per client
 * network (an office). Over either, 429 — decided by what was asked and from where, never by
 * whether the account exists.
 */
export const RESET_MAX_PER_EMAIL = 3;
export const RESET_MAX_PER_NETWORK = 20;
/** First key of pg_advisory_xact_lock(int, int), apart from the sign-in limit's "SIGN". */
const ADVISORY_LOCK_CLASS = 0x5253_4554; // "RSET"

/**
 * "Forgot password?" (docs/security.md, "Account e-mails"). The same design as the sign-in limit
 * (lib/auth/sign-in-rate-limit.ts): counted in `sign_in_attempts` under their own keys
 * (`reset-email:<email>`, `reset-net:<network>`), under transaction-scoped advisory locks so
 * parallel requests count one after the other, and forgotten by the same clean-up.
 *
 * Every accepted request answers the same whether the e-mail belongs to an account or not; only
 * an active account gets a reset link (1 h, single use) queued, with an audit event.
 */
export async function requestPasswordReset(
  db: DbOrTx,
  params: { email: string; network: string; appUrl: string; now?: Date },
): Promise<void> {
  const email = normalizeEmail(params.email);
  const keys = [
    { key: `reset-email:${email}`, limit: RESET_MAX_PER_EMAIL },
    { key: `reset-net:${params.network}`, limit: RESET_MAX_PER_NETWORK },
  ];
  await db.transaction(async (tx) => {
    const lockIds = keys.map((k) => lockIdOf(k.key)).sort((a, b) => a - b);
    for (const id of lockIds) await tx.execute(sql`select pg_advisory_xact_lock(${ADVISORY_LOCK_CLASS}::int, ${id}::int)`);
    const now = params.now ?? new Date();
    const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
    for (const { key, limit } of keys) {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(signInAttempts)
        .where(and(eq(signInAttempts.email, key), gt(signInAttempts.attemptedAt, since)));
      if ((row?.n ?? 0) >= limit) throw new AppError("rate_limited", "Too many reset requests. Try again in a few minutes.");
    }
    await tx.insert(signInAttempts).values(keys.map(({ key }) => ({ email: key, succeeded: false, attemptedAt: now })));
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.email, email), isNull(users.disabledAt)));
    if (!user) return;
    const token = await issuePasswordToken(tx, { userId: user.id, purpose: "reset", now });
    await queueEmail(tx, passwordResetEmail({ to: user.email, name: user.name, link: setPasswordUrl(params.appUrl, token) }));
    await recordAuditEvent(tx, {
      actorId: null,
      action: "user.password_reset_requested",
      entityType: "user",
      entityId: user.id,
      data: { network: params.network },
    });
  });
}

function lockIdOf(key: string): number {
  return createHash("sha256").update(key).digest().readInt32BE(0);
}
