import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GuestReview } from "@/components/guest/guest-review";
import { LinkEnded } from "@/components/guest/guest-room";
import { Providers } from "@/components/providers";
import { getDb } from "@/db";
import { AppError } from "@/lib/errors";
import { findLiveReviewLinkOrThrow } from "@/lib/review-links/find-live-review-link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review", referrer: "no-referrer", robots: { index: false, follow: false } };

/**
 * The guest page of a review link (docs/review-links.md): outside the signed-in layout (no
 * AppShell, no session read). Unknown or revoked: the 404 page; expired: says so (the link itself,
 * `/r/<token>`, answers 410). The rest happens in the browser through /api/guest.
 */
export default async function GuestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let link: Awaited<ReturnType<typeof findLiveReviewLinkOrThrow>>;
  try {
    link = await findLiveReviewLinkOrThrow(getDb(), token);
  } catch (err) {
    if (err instanceof AppError && err.code === "gone") return <LinkEnded isExpired />;
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  return (
    <Providers>
      <GuestReview token={token} linkId={link.id} linkName={link.name} requiresPassphrase={link.passphraseHash !== null} />
    </Providers>
  );
}
