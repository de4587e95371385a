import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, playlistItems, renditions, versions, type Playlist } from "@/db/schema";
import { actorSchema, can, type Actor } from "@/lib/auth/permissions";
import type { ProjectAccess } from "@/lib/projects/authorize-project";
import { authorizePlaylistOrThrow } from "./playlist-access";
import type { PlaylistItemView, PlaylistSummary, PlaylistView } from "./playlist-view.types";

export const getPlaylistParams = z.object({ actor: actorSchema, playlistId: z.uuid() });

/** A playlist in order with each item's version and decision (permission `project.view`). */
export async function getPlaylist(db: DbOrTx, params: z.input<typeof getPlaylistParams>): Promise<PlaylistView> {
  const input = getPlaylistParams.parse(params);
  const { playlist, access } = await authorizePlaylistOrThrow(db, { ...input, permission: "project.view" });
  return readPlaylistView(db, { playlist, access, actor: input.actor });
}

/** The answer every playlist route sends: read inside the caller's transaction after a change. */
export async function readPlaylistView(
  db: DbOrTx,
  params: { playlist: Playlist; access: ProjectAccess; actor: Actor },
): Promise<PlaylistView> {
  const items = await listPlaylistItemViews(db, params.playlist.id);
  const { role } = params.access;
  return {
    playlist: toPlaylistSummary(params.playlist, items.length),
    items,
    permissions: {
      canEdit: can(params.actor, role, "playlist.edit") && !params.access.project.archivedAt,
      canDownloadProxies: can(params.actor, role, "version.download_proxy"),
    },
  };
}

/**
 * A playlist's items in order with their versions' standing. No authorisation: the caller has
 * decided who may see this playlist (`getPlaylist` for members; a review link's own check for guests).
 */
export async function listPlaylistItemViews(db: DbOrTx, playlistId: string): Promise<PlaylistItemView[]> {
  const rows = await db
    .select({
      id: playlistItems.id,
      position: playlistItems.position,
      versionId: versions.id,
      versionNumber: versions.number,
      assetId: assets.id,
      assetName: assets.name,
      processingState: versions.processingState,
      reviewState: versions.reviewState,
      durationSeconds: versions.durationSeconds,
    })
    .from(playlistItems)
    .innerJoin(versions, eq(versions.id, playlistItems.versionId))
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(eq(playlistItems.playlistId, playlistId))
    .orderBy(asc(playlistItems.position));
  const versionIds = rows.map((r) => r.versionId);
  const proxies = versionIds.length
    ? await db
        .select({ versionId: renditions.versionId })
        .from(renditions)
        .where(and(inArray(renditions.versionId, versionIds), eq(renditions.kind, "proxy_mp4")))
    : [];
  const withProxy = new Set(proxies.map((p) => p.versionId));
  return rows.map((r) => ({ ...r, hasProxy: withProxy.has(r.versionId) }));
}

export function toPlaylistSummary(playlist: Playlist, itemCount: number): PlaylistSummary {
  return {
    id: playlist.id,
    projectId: playlist.projectId,
    name: playlist.name,
    itemCount,
    createdAt: playlist.createdAt.toISOString(),
    updatedAt: playlist.updatedAt.toISOString(),
  };
}
