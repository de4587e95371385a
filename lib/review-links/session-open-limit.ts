import { and, count, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reviewLinkAttempts, type ReviewLink } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { PASSPHRASE_WINDOW_MS } from "./passphrase-limit";

/**
 * Guest sessions one client network may open on one link without a passphrase, per window (the
 * passphrase's 15 minutes, so `Retry-After: 900` holds for both). Such a link's token is the only
 * credential, so this caps a script that holds it and floods the guests table and the audit trail.
 * 20 leaves room for a client's whole team behind one office NAT opening the link (a reload keeps
 * its session: the cookie lasts until the link expires), and still stops a flood within seconds.
 * A link with a passphrase is guarded by the passphrase limit instead (passphrase-limit.ts).
 */
export const SESSIONS_MAX_PER_CLIENT = 20;

/**
 * Counts a guest session being opened on a passphrase-less link by this client network, or throws
 * `rate_limited` (429) past `SESSIONS_MAX_PER_CLIENT` in the window. Call inside the transaction
 * that records the guest, so a refused open writes nothing. The same table as the passphrase
 * attempts: on a link without a passphrase, no passphrase attempt is ever written, so every row is
 * a session opened. A transaction-scoped advisory lock on (link, client) makes count-then-insert
 * exact under a parallel burst.
 */
export async function countSessionOpenOrThrow(tx: DbOrTx, params: { link: ReviewLink; clientKey: string; now?: Date }): Promise<void> {
  const { link, clientKey } = params;
  if (link.passphraseHash) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`review-link-session:${link.id}:${clientKey}`}, 0))`);
  const since = new Date((params.now ?? new Date()).getTime() - PASSPHRASE_WINDOW_MS);
  const [row] = await tx
    .select({ n: count() })
    .from(reviewLinkAttempts)
    .where(and(eq(reviewLinkAttempts.reviewLinkId, link.id), eq(reviewLinkAttempts.clientKey, clientKey), gte(reviewLinkAttempts.attemptedAt, since)));
  if ((row?.n ?? 0) >= SESSIONS_MAX_PER_CLIENT) {
    throw new AppError("rate_limited", "This review link was opened too often from your network. Try again in 15 minutes.");
  }
  await tx.insert(reviewLinkAttempts).values({ reviewLinkId: link.id, clientKey, succeeded: true });
}
