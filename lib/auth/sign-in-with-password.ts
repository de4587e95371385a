import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { User } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getSignInLimit, reserveSignInAttempt, settleSignInAttempt, type SignInLimit } from "./sign-in-rate-limit";
import { verifyCredentials } from "./verify-credentials";

export const signInInput = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
  /** The client's network (lib/auth/client-ip.ts). */
  network: z.string().min(1).max(64),
});
export type SignInInput = z.input<typeof signInInput>;

export type SignInOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; limit: SignInLimit };

/**
 * One sign-in attempt, the whole of it: the rate limit (checked and the attempt recorded
 * atomically before the password is looked at), the password check, and the audit trail.
 * Called by next-auth's `authorize()`, so no way into next-auth's credentials callback skips
 * the limit, whatever the URL or the gate in front of it did.
 *
 * Audited (entity `user`, so only for emails that name an account — an unknown email has no
 * entity to hang an event on and stays in `sign_in_attempts` only):
 * - `user.signed_in` (actor: the user),
 * - `user.sign_in_failed` (wrong password or disabled account; actor: nobody),
 * - `user.sign_in_locked` when this failure makes one of the limits refuse the next attempt.
 * Refused attempts are not audited one by one: a flood would grow the trail without telling more.
 */
export async function signInWithPassword(db: DbOrTx, params: SignInInput, now?: Date): Promise<SignInOutcome> {
  const input = signInInput.parse(params);
  const reservation = await reserveSignInAttempt(db, { email: input.email, network: input.network, now });
  if (!reservation.allowed) return { ok: false, reason: "rate_limited", limit: reservation.limit };

  const result = await verifyCredentials(db, input.email, input.password);
  return db.transaction(async (tx) => {
    await settleSignInAttempt(tx, reservation.attemptIds, result.ok);
    const data = { network: input.network };
    if (result.ok) {
      await recordAuditEvent(tx, { actorId: result.user.id, action: "user.signed_in", entityType: "user", entityId: result.user.id, data });
      return { ok: true, user: result.user };
    }
    if (result.userId) {
      await recordAuditEvent(tx, { actorId: null, action: "user.sign_in_failed", entityType: "user", entityId: result.userId, data });
      const limit = await getSignInLimit(tx, { email: input.email, network: input.network, now });
      if (limit) {
        await recordAuditEvent(tx, {
          actorId: null,
          action: "user.sign_in_locked",
          entityType: "user",
          entityId: result.userId,
          data: { ...data, scope: limit.scope, retryAfterSeconds: limit.retryAfterSeconds },
        });
      }
    }
    return { ok: false, reason: "invalid_credentials" };
  });
}
