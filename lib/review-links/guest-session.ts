import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { reviewLinkGuests, reviewLinks, type ReviewLink, type ReviewLinkGuest } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { assertReviewLinkLive, findLiveReviewLinkOrThrow } from "./find-live-review-link";
import { verifyPassphraseOrThrow } from "./passphrase-limit";
import { generateReviewLinkSecret, hashReviewLinkSecret, isReviewLinkSecret } from "./review-link-secret";
import { countSessionOpenOrThrow } from "./session-open-limit";

/** The guest session cookie (docs/review-links.md, "Security"). */
export const GUEST_SESSION_COOKIE = "axiom_guest";

/** A guest's session: who they said they are, and the live link it is tied to. */
export type GuestSession = { guest: ReviewLinkGuest; link: ReviewLink };

/** `POST /api/guest/unlock`: a passphrase check alone, so the page can ask the name after it. */
export const unlockReviewLinkInput = z.strictObject({ token: z.string().max(100), passphrase: z.string().max(200) });

/** `POST /api/guest/sessions`. The passphrase is checked again here: the session is what it guards. */
export const startGuestSessionInput = z.strictObject({
  token: z.string().max(100),
  passphrase: z.string().max(200).optional(),
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254).optional(),
});
export type StartGuestSessionInput = z.output<typeof startGuestSessionInput>;

/** Checks a link's passphrase (rate-limited), or throws. Call with the pool: a failed attempt must stay counted. */
export async function unlockReviewLink(db: DbOrTx, params: { token: string; passphrase: string; clientKey: string; now?: Date }): Promise<void> {
  const link = await findLiveReviewLinkOrThrow(db, params.token, params.now);
  await verifyPassphraseOrThrow(db, { link, passphrase: params.passphrase, clientKey: params.clientKey, now: params.now });
}

/**
 * Opens a guest session on a live link: checks the passphrase (rate-limited) or, on a link without
 * one, the sessions opened from this client network (rate-limited too), records the guest
 * and audits the open (`review_link.opened`, with the link id and who the guest says they are).
 * Returns the session's secret for the cookie; only its SHA-256 is stored.
 */
export async function startGuestSession(
  db: DbOrTx,
  params: { input: StartGuestSessionInput; clientKey: string; now?: Date },
): Promise<{ secret: string; session: GuestSession }> {
  const { input, clientKey } = params;
  const link = await findLiveReviewLinkOrThrow(db, input.token, params.now);
  await verifyPassphraseOrThrow(db, { link, passphrase: input.passphrase, clientKey, now: params.now });
  const { secret, hash } = generateReviewLinkSecret();
  const guest = await db.transaction(async (tx) => {
    await countSessionOpenOrThrow(tx, { link, clientKey, now: params.now });
    const [row] = await tx
      .insert(reviewLinkGuests)
      .values({ reviewLinkId: link.id, name: input.name, email: input.email ?? null, sessionHash: hash })
      .returning();
    await recordAuditEvent(tx, {
      actorId: null,
      action: "review_link.opened",
      entityType: "review_link",
      entityId: link.id,
      projectId: link.projectId,
      data: { reviewLinkId: link.id, guestId: row!.id, guestName: input.name, guestEmail: input.email ?? null },
    });
    return row!;
  });
  return { secret, session: { guest, link } };
}

/**
 * The guest session a cookie names, with its link checked live, or throws: `unauthenticated`
 * without a (valid) cookie, `not_found` once the link is revoked, `gone` once it expired.
 */
export async function requireGuestSession(db: DbOrTx, secret: string | null | undefined, now = new Date()): Promise<GuestSession> {
  if (!secret || !isReviewLinkSecret(secret)) throw new AppError("unauthenticated", "Open the review link again.");
  const [row] = await db
    .select({ guest: reviewLinkGuests, link: reviewLinks })
    .from(reviewLinkGuests)
    .innerJoin(reviewLinks, eq(reviewLinks.id, reviewLinkGuests.reviewLinkId))
    .where(eq(reviewLinkGuests.sessionHash, hashReviewLinkSecret(secret)));
  if (!row) throw new AppError("unauthenticated", "Open the review link again.");
  return { guest: row.guest, link: assertReviewLinkLive(row.link, now) };
}
