import { createHash } from "node:crypto";
import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { signInAttempts } from "@/db/schema";

/**
 * The sign-in rate limit, shared by every web instance through PostgreSQL (`sign_in_attempts`).
 *
 * Failures are counted under three keys, each with its own limit per SIGN_IN_WINDOW_MS:
 *
 * | key | limit | stops |
 * |---|---|---|
 * | (email, client network) | 10 | guessing one account's password from one place |
 * | client network | 50 | one place spraying many accounts |
 * | email | 100 | many places (or forged addresses) guessing one account |
 *
 * An attacker elsewhere can exhaust the email's and their own keys, never the (email, network)
 * key of the real user's network: so the per-email backstop does not apply to a network the
 * email signed in from successfully in the last KNOWN_NETWORK_DAYS, and nor does the per-network
 * limit (an office NAT shared with a careless colleague). The user keeps signing in from where
 * they usually do while someone hammers the account from outside; a lock lifts when the window
 * has passed the failures that caused it, and nobody's lock is permanent unless the attacker
 * sits on the user's own network.
 *
 * Atomicity: `reserveSignInAttempt` takes a transaction-scoped advisory lock per key, counts, and
 * records the attempt as a failure *before* the password is checked; `settleSignInAttempt` turns
 * it into a success afterwards. Parallel requests for one key therefore queue on the lock and each
 * sees the ones before it: ten bad guesses in parallel cannot become a hundred.
 *
 * The keys live in the `email` column (`pair:<network> <email>`, `net:<network>`,
 * `email:<email>`): the table has no address column and this change ships without a migration
 * (docs/security.md). A network never contains a space, so the pair key splits one way only.
 */

export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_MAX_FAILURES_PER_NETWORK = 50;
export const SIGN_IN_MAX_FAILURES_PER_EMAIL = 100;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** How long a successful sign-in vouches for its network (the exemptions above). */
export const KNOWN_NETWORK_DAYS = 30;
const KNOWN_NETWORK_MS = KNOWN_NETWORK_DAYS * 24 * 3600 * 1000;

/** First key of pg_advisory_xact_lock(int, int): keeps these locks apart from any other use. */
const ADVISORY_LOCK_CLASS = 0x5349_474e; // "SIGN"

export type LimitScope = "pair" | "network" | "email";

export type SignInKeys = { pair: string; network: string; email: string };

export type SignInLimit = { retryAfterSeconds: number; scope: LimitScope };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function signInKeys(email: string, network: string): SignInKeys {
  const normalized = normalizeEmail(email);
  return { pair: `pair:${network} ${normalized}`, network: `net:${network}`, email: `email:${normalized}` };
}

const LIMITS: Record<LimitScope, number> = {
  pair: SIGN_IN_MAX_FAILURES,
  network: SIGN_IN_MAX_FAILURES_PER_NETWORK,
  email: SIGN_IN_MAX_FAILURES_PER_EMAIL,
};

/**
 * Whether an attempt for this email from this network would be refused now, and for how long
 * (the longest of the limits it is over). Read-only: the sign-in gate uses it to answer 429
 * early; `reserveSignInAttempt` repeats it under the locks.
 */
export async function getSignInLimit(
  db: DbOrTx,
  params: { email: string; network: string; now?: Date },
): Promise<SignInLimit | null> {
  const now = params.now ?? new Date();
  const keys = signInKeys(params.email, params.network);
  const isKnownNetwork = await hasRecentSuccess(db, keys.pair, now);
  const scopes: LimitScope[] = isKnownNetwork ? ["pair"] : ["pair", "network", "email"];
  let worst: SignInLimit | null = null;
  for (const scope of scopes) {
    const retryAfterSeconds = await retryAfterFor(db, keys[scope], LIMITS[scope], now);
    if (retryAfterSeconds !== null && (!worst || retryAfterSeconds > worst.retryAfterSeconds)) {
      worst = { retryAfterSeconds, scope };
    }
  }
  return worst;
}

/** Seconds until `key` may try again, or null: the limit lifts when its `limit`-th most recent failure leaves the window. */
async function retryAfterFor(db: DbOrTx, key: string, limit: number, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [oldestThatCounts] = await db
    .select({ attemptedAt: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, key), eq(signInAttempts.succeeded, false), gt(signInAttempts.attemptedAt, since)))
    .orderBy(desc(signInAttempts.attemptedAt))
    .offset(limit - 1)
    .limit(1);
  if (!oldestThatCounts) return null;
  const liftsAt = oldestThatCounts.attemptedAt.getTime() + SIGN_IN_WINDOW_MS;
  return Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000));
}

async function hasRecentSuccess(db: DbOrTx, pairKey: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: signInAttempts.id })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, pairKey),
        eq(signInAttempts.succeeded, true),
        gt(signInAttempts.attemptedAt, new Date(now.getTime() - KNOWN_NETWORK_MS)),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export type SignInReservation =
  | { allowed: true; attemptIds: number[]; keys: SignInKeys }
  | { allowed: false; limit: SignInLimit };

/**
 * Checks the limits and, when none is reached, records the attempt as a failure — atomically
 * (see the module comment). Call `settleSignInAttempt` once the password has been checked.
 */
export async function reserveSignInAttempt(
  db: DbOrTx,
  params: { email: string; network: string; now?: Date },
): Promise<SignInReservation> {
  const keys = signInKeys(params.email, params.network);
  return db.transaction(async (tx) => {
    // One lock per key, always in the same order (by lock id), so two attempts sharing keys
    // cannot deadlock. Held until commit: the next attempt counts after this one is recorded.
    const lockIds = [...new Set(Object.values(keys).map(lockIdOf))].sort((a, b) => a - b);
    for (const id of lockIds) await tx.execute(sql`select pg_advisory_xact_lock(${ADVISORY_LOCK_CLASS}::int, ${id}::int)`);
    // "now" is read after the locks: a waiter must not judge the window by when it started waiting.
    const now = params.now ?? new Date();
    const limit = await getSignInLimit(tx, { ...params, now });
    if (limit) return { allowed: false, limit };
    const rows = await tx
      .insert(signInAttempts)
      .values(Object.values(keys).map((key) => ({ email: key, succeeded: false, attemptedAt: now })))
      .returning({ id: signInAttempts.id });
    return { allowed: true, attemptIds: rows.map((r) => r.id), keys };
  });
}

/**
 * Records how a reserved attempt ended: a success stops counting as a failure (and vouches for
 * its network, see KNOWN_NETWORK_DAYS); a failure stays as reserved. Also forgets what no longer
 * matters: failures older than two windows, successes older than KNOWN_NETWORK_DAYS.
 */
export async function settleSignInAttempt(db: DbOrTx, attemptIds: number[], succeeded: boolean, now = new Date()): Promise<void> {
  if (succeeded && attemptIds.length > 0) {
    await db.update(signInAttempts).set({ succeeded: true }).where(inArray(signInAttempts.id, attemptIds));
  }
  await db
    .delete(signInAttempts)
    .where(
      or(
        and(eq(signInAttempts.succeeded, false), lt(signInAttempts.attemptedAt, new Date(now.getTime() - 2 * SIGN_IN_WINDOW_MS))),
        lt(signInAttempts.attemptedAt, new Date(now.getTime() - KNOWN_NETWORK_MS)),
      ),
    );
}

/** A stable int4 for a key (pg_advisory_xact_lock's second argument). */
function lockIdOf(key: string): number {
  return createHash("sha256").update(key).digest().readInt32BE(0);
}
