import { count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, playlists, reviewLinkGuests, reviewLinks, users, versions } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow } from "@/lib/projects/authorize-project";
import type { ReviewLinkSummary } from "./review-link.types";

/** A project's review links, newest first (permission `review_link.manage`). */
export async function listReviewLinks(db: DbOrTx, params: { actor: Actor; projectId: string; now?: Date }): Promise<ReviewLinkSummary[]> {
  await authorizeProjectOrThrow(db, params.actor, params.projectId, "review_link.manage");
  return selectReviewLinkSummaries(db, eq(reviewLinks.projectId, params.projectId), params.now ?? new Date());
}

export async function getReviewLinkSummaryOrThrow(db: DbOrTx, linkId: string, now: Date): Promise<ReviewLinkSummary> {
  const [summary] = await selectReviewLinkSummaries(db, eq(reviewLinks.id, linkId), now);
  if (!summary) throw new Error(`review link ${linkId} vanished`);
  return summary;
}

async function selectReviewLinkSummaries(db: DbOrTx, where: SQL, now: Date): Promise<ReviewLinkSummary[]> {
  const guestCount = db
    .select({ linkId: reviewLinkGuests.reviewLinkId, n: count().as("n") })
    .from(reviewLinkGuests)
    .groupBy(reviewLinkGuests.reviewLinkId)
    .as("guest_count");
  const rows = await db
    .select({
      link: reviewLinks,
      creator: users.name,
      assetName: assets.name,
      versionNumber: versions.number,
      playlistName: playlists.name,
      guests: sql<number>`coalesce(${guestCount.n}, 0)::int`,
    })
    .from(reviewLinks)
    .innerJoin(users, eq(users.id, reviewLinks.createdBy))
    .leftJoin(versions, eq(versions.id, reviewLinks.versionId))
    .leftJoin(assets, eq(assets.id, versions.assetId))
    .leftJoin(playlists, eq(playlists.id, reviewLinks.playlistId))
    .leftJoin(guestCount, eq(guestCount.linkId, reviewLinks.id))
    .where(where)
    .orderBy(desc(reviewLinks.createdAt), desc(reviewLinks.id));
  return rows.map(({ link, ...r }): ReviewLinkSummary => ({
    id: link.id,
    name: link.name,
    target: link.versionId
      ? { kind: "version", versionId: link.versionId, label: `${r.assetName ?? "?"} v${String(r.versionNumber ?? 0).padStart(3, "0")}` }
      : { kind: "playlist", playlistId: link.playlistId!, label: r.playlistName ?? "?" },
    hasPassphrase: link.passphraseHash !== null,
    allowComments: link.allowComments,
    allowDownload: link.allowDownload,
    watermark: link.watermark,
    expiresAt: link.expiresAt.toISOString(),
    createdAt: link.createdAt.toISOString(),
    createdBy: r.creator,
    revokedAt: link.revokedAt?.toISOString() ?? null,
    status: link.revokedAt ? "revoked" : link.expiresAt.getTime() <= now.getTime() ? "expired" : "live",
    guestCount: r.guests,
  }));
}
