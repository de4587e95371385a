import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { playlistItems, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, conflict, notFound } from "@/lib/errors";
import { appendEvent } from "@/lib/events/append-event";
import { findProjectIdOfVersion } from "@/lib/projects/authorize-project";
import { readPlaylistView } from "./get-playlist";
import { authorizePlaylistOrThrow } from "./playlist-access";
import { moveInOrder, readItemOrder, writeItemOrder } from "./playlist-order";
import type { PlaylistView } from "./playlist-view.types";

/** The longest playlist: a day's dailies is a few hundred shots; the answer lists them all. */
export const MAX_PLAYLIST_ITEMS = 1000;

/** The request body: the version, and where to put it (0-based; left out: at the end). */
export const addPlaylistItemInput = z.object({
  versionId: z.uuid(),
  position: z.number().int().nonnegative().optional(),
});

/**
 * Adds a version to a playlist (permission `playlist.edit`). The version must be one of the
 * playlist's project (another project's is `not_found`, whether it exists or not; the database
 * refuses it too) and uploaded; a version already in the playlist is a `conflict`.
 */
export async function addPlaylistItem(
  db: DbOrTx,
  params: z.output<typeof addPlaylistItemInput> & { actor: Actor; playlistId: string },
): Promise<PlaylistView> {
  return db.transaction(async (tx) => {
    const { playlist, access } = await authorizePlaylistOrThrow(tx, {
      ...params,
      permission: "playlist.edit",
      lock: true,
    });
    if ((await findProjectIdOfVersion(tx, params.versionId)) !== playlist.projectId)
      throw notFound("Version not found");
    const [version] = await tx
      .select({ number: versions.number })
      .from(versions)
      .where(eq(versions.id, params.versionId));
    if (version?.number == null) throw conflict("Only an uploaded version can go in a playlist.");
    const order = await readItemOrder(tx, playlist.id);
    if (order.length >= MAX_PLAYLIST_ITEMS) throw conflict(`A playlist holds at most ${MAX_PLAYLIST_ITEMS} versions.`);
    const [item] = await tx
      .insert(playlistItems)
      .values({
        playlistId: playlist.id,
        versionId: params.versionId,
        position: order.length,
        addedBy: params.actor.id,
      })
      .onConflictDoNothing({ target: [playlistItems.playlistId, playlistItems.versionId] })
      .returning({ id: playlistItems.id });
    if (!item) throw new AppError("conflict", "This version is already in the playlist.");
    const newOrder = moveInOrder([...order, item.id], item.id, params.position ?? order.length);
    await writeItemOrder(tx, playlist.id, newOrder);
    const position = newOrder.indexOf(item.id);
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "playlist.item_added",
      entityType: "playlist",
      entityId: playlist.id,
      projectId: access.project.id,
      data: { itemId: item.id, versionId: params.versionId, position },
    });
    await appendEvent(tx, {
      type: "playlist.items_changed",
      projectId: access.project.id,
      actorId: params.actor.id,
      payload: {
        playlistId: playlist.id,
        change: "added",
        versionId: params.versionId,
        position,
        itemCount: newOrder.length,
      },
    });
    return readPlaylistView(tx, { playlist, access, actor: params.actor });
  });
}
