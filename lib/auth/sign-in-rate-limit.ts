import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { signInAttempts } from "@/db/schema";

export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * After SIGN_IN_MAX_FAILURES failed attempts for one email inside the window, every attempt
 * is refused (429) until the window has passed the failures — even with the right password.
 */
export async function isSignInRateLimited(db: DbOrTx, email: string, now = new Date()): Promise<boolean> {
  return (await getSignInRetryAfterSeconds(db, email, now)) !== null;
}

/**
 * Seconds until an email may try again, or null when it is not limited. The limit lifts when
 * the SIGN_IN_MAX_FAILURES-th most recent failure leaves the window.
 */
export async function getSignInRetryAfterSeconds(db: DbOrTx, email: string, now = new Date()): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const recentFailures = await db
    .select({ attemptedAt: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, normalizeEmail(email)),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.attemptedAt, since),
      ),
    )
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(SIGN_IN_MAX_FAILURES);
  const oldestThatCounts = recentFailures[SIGN_IN_MAX_FAILURES - 1];
  if (!oldestThatCounts) return null;
  const liftsAt = oldestThatCounts.attemptedAt.getTime() + SIGN_IN_WINDOW_MS;
  return Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000));
}

export async function recordSignInAttempt(db: DbOrTx, email: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email: normalizeEmail(email), succeeded });
  // Keep the table small: attempts older than the window no longer matter.
  await db.delete(signInAttempts).where(lt(signInAttempts.attemptedAt, new Date(Date.now() - 2 * SIGN_IN_WINDOW_MS)));
}
