import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { User } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getAuditKeys } from "@/lib/env";
import { getSignInLimit, reserveSignInAttempt, settleSignInAttempt, type SignInLimit } from "./sign-in-rate-limit";
import { signInSubjectId } from "./sign-in-subject";
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
 * Audited, with the client's network in `data.network`:
 * - `user.signed_in` (actor: the user),
 * - a failure (actor: nobody): `user.sign_in_failed` on the account when the email names one
 *   (wrong password or disabled account), else `sign_in.failed` on entity `sign_in`, whose id is
 *   a keyed hash of the email, never the email itself (lib/auth/sign-in-subject.ts),
 * - the failure that makes one of the limits refuse the next attempt is followed by
 *   `user.sign_in_locked` or `sign_in.locked` on the same entity (`data.scope`, `data.retryAfterSeconds`).
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
    // Both kinds of failure read the same to the client ("wrong email or password"); only the trail tells them apart.
    const subject = result.userId
      ? { entityType: "user" as const, entityId: result.userId, failed: "user.sign_in_failed", locked: "user.sign_in_locked" }
      : {
          entityType: "sign_in" as const,
          entityId: signInSubjectId(input.email, getAuditKeys().current),
          failed: "sign_in.failed",
          locked: "sign_in.locked",
        };
    const { entityType, entityId } = subject;
    await recordAuditEvent(tx, { actorId: null, action: subject.failed, entityType, entityId, data });
    const limit = await getSignInLimit(tx, { email: input.email, network: input.network, now });
    if (limit) {
      await recordAuditEvent(tx, {
        actorId: null,
        action: subject.locked,
        entityType,
        entityId,
        data: { ...data, scope: limit.scope, retryAfterSeconds: limit.retryAfterSeconds },
      });
    }
    return { ok: false, reason: "invalid_credentials" };
  });
}
