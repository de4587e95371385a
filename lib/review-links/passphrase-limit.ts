import { and, count, eq, gte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reviewLinkAttempts, type ReviewLink } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/passwords";
import { AppError } from "@/lib/errors";

/**
 * Passphrase guessing limits (docs/review-links.md, "Security"), per 15 minutes: 5 failures from
 * one client network on one link, 30 on one link from anywhere (a distributed guesser; the
 * producer can revoke and share again). Counted in the database, so every web process shares them.
 */
export const PASSPHRASE_MAX_FAILURES_PER_CLIENT = 5;
export const PASSPHRASE_MAX_FAILURES_PER_LINK = 30;
export const PASSPHRASE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Checks a guest's passphrase against the link's argon2id hash, or throws: `rate_limited` (429)
 * past a limit — before any hashing — and `unauthenticated` (401) for a wrong one. The attempt is
 * written as a failure *before* verifying and turned into a success after, so attempts in flight
 * count against the limit too (a burst of parallel guesses cannot all slip under it).
 */
export async function verifyPassphraseOrThrow(
  db: DbOrTx,
  params: { link: ReviewLink; passphrase: string | undefined; clientKey: string; now?: Date },
): Promise<void> {
  const { link, clientKey } = params;
  if (!link.passphraseHash) return;
  const since = new Date((params.now ?? new Date()).getTime() - PASSPHRASE_WINDOW_MS);
  const failuresOf = async (onlyThisClient: boolean) => {
    const [row] = await db
      .select({ n: count() })
      .from(reviewLinkAttempts)
      .where(
        and(
          eq(reviewLinkAttempts.reviewLinkId, link.id),
          eq(reviewLinkAttempts.succeeded, false),
          gte(reviewLinkAttempts.attemptedAt, since),
          onlyThisClient ? eq(reviewLinkAttempts.clientKey, clientKey) : undefined,
        ),
      );
    return row?.n ?? 0;
  };
  if ((await failuresOf(true)) >= PASSPHRASE_MAX_FAILURES_PER_CLIENT || (await failuresOf(false)) >= PASSPHRASE_MAX_FAILURES_PER_LINK) {
    throw new AppError("rate_limited", "Too many wrong passphrases. Try again in 15 minutes.");
  }
  const [attempt] = await db
    .insert(reviewLinkAttempts)
    .values({ reviewLinkId: link.id, clientKey, succeeded: false })
    .returning({ id: reviewLinkAttempts.id });
  const isRight = params.passphrase !== undefined && (await verifyPassword(link.passphraseHash, params.passphrase));
  if (!isRight) throw new AppError("unauthenticated", "That passphrase is not right.");
  await db.update(reviewLinkAttempts).set({ succeeded: true }).where(eq(reviewLinkAttempts.id, attempt!.id));
}
