import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, playlistItems, renditions, versions } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { listPlaylistItemViews } from "@/lib/playlists/get-playlist";
import type { GuestSession } from "./guest-session";
import { guestMediaUrl } from "./guest-paths";
import type { GuestShare, GuestShot, GuestVersion } from "./review-link.types";

/** The shots of a share, in order: the one version, or the playlist's items. */
async function listSharedShots(db: DbOrTx, session: GuestSession): Promise<GuestShot[]> {
  const { link } = session;
  if (link.playlistId) {
    const items = await listPlaylistItemViews(db, link.playlistId);
    return items.map((item) => ({
      versionId: item.versionId,
      assetName: item.assetName,
      versionNumber: item.versionNumber,
      isPlayable: item.processingState === "READY",
    }));
  }
  const [row] = await db
    .select({ versionId: versions.id, assetName: assets.name, versionNumber: versions.number, state: versions.processingState })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(eq(versions.id, link.versionId!));
  return row ? [{ versionId: row.versionId, assetName: row.assetName, versionNumber: row.versionNumber, isPlayable: row.state === "READY" }] : [];
}

/** What a guest sees of their share (`GET /api/guest/session`). */
export async function getGuestShare(db: DbOrTx, session: GuestSession): Promise<GuestShare> {
  const { link, guest } = session;
  return {
    link: {
      name: link.name,
      kind: link.playlistId ? "playlist" : "version",
      allowComments: link.allowComments,
      allowDownload: link.allowDownload,
      watermark: link.watermark,
      expiresAt: link.expiresAt.toISOString(),
    },
    guest: { name: guest.name, email: guest.email },
    shots: await listSharedShots(db, session),
  };
}

/**
 * Throws `not_found` unless the version is inside the share: the link's version, or an item of
 * its playlist *now* (a shot removed from the playlist leaves the share at once). Every guest
 * route about a version calls this first; a version outside is answered exactly like none.
 */
export async function assertVersionSharedOrThrow(db: DbOrTx, session: GuestSession, versionId: string): Promise<void> {
  const { link } = session;
  if (link.versionId) {
    if (link.versionId !== versionId) throw notFound("Version not found");
    return;
  }
  const [item] = await db
    .select({ id: playlistItems.id })
    .from(playlistItems)
    .where(and(eq(playlistItems.playlistId, link.playlistId!), eq(playlistItems.versionId, versionId)));
  if (!item) throw notFound("Version not found");
}

/** The player's facts of a shared version, with its media under the guest route. */
export async function getGuestVersion(db: DbOrTx, session: GuestSession, versionId: string): Promise<GuestVersion> {
  await assertVersionSharedOrThrow(db, session, versionId);
  const [row] = await db
    .select({ v: versions, assetName: assets.name })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(eq(versions.id, versionId));
  if (!row) throw notFound("Version not found");
  const { v } = row;
  const rows =
    v.processingState === "READY"
      ? await db
          .select({ kind: renditions.kind, storageKey: renditions.storageKey })
          .from(renditions)
          .where(and(eq(renditions.versionId, versionId), inArray(renditions.kind, ["hls", "proxy_mp4", "poster", "thumbnails_vtt", "waveform"])))
      : [];
  const urlOf = (kind: string, test: (key: string) => boolean = () => true) => {
    const r = rows.find((x) => x.kind === kind && test(x.storageKey));
    return r ? guestMediaUrl(session.link.id, versionId, r.storageKey) : null;
  };
  return {
    id: v.id,
    assetName: row.assetName,
    number: v.number,
    frameRate: v.frameRateNum && v.frameRateDen ? { num: v.frameRateNum, den: v.frameRateDen } : null,
    frameCount: v.frameCount,
    durationSeconds: v.durationSeconds,
    startTimecode: v.startTimecode,
    dropFrame: v.dropFrame ?? false,
    renditions: {
      hlsUrl: urlOf("hls"),
      proxyUrl: urlOf("proxy_mp4"),
      posterUrl: urlOf("poster"),
      spriteVttUrl: urlOf("thumbnails_vtt"),
      waveformPeaksUrl: urlOf("waveform", (key) => key.endsWith(".json")),
    },
  };
}
