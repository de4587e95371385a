import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { playlistItems } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { appendEvent } from "@/lib/events/append-event";
import { readPlaylistView } from "./get-playlist";
import { authorizePlaylistOrThrow } from "./playlist-access";
import { readItemOrder, writeItemOrder } from "./playlist-order";
import type { PlaylistView } from "./playlist-view.types";

/** Takes one item out of a playlist (permission `playlist.edit`); the version itself is untouched. */
export async function removePlaylistItem(
  db: DbOrTx,
  params: { actor: Actor; playlistId: string; itemId: string },
): Promise<PlaylistView> {
  return db.transaction(async (tx) => {
    const { playlist, access } = await authorizePlaylistOrThrow(tx, {
      ...params,
      permission: "playlist.edit",
      lock: true,
    });
    const [removed] = await tx
      .delete(playlistItems)
      .where(and(eq(playlistItems.id, params.itemId), eq(playlistItems.playlistId, playlist.id)))
      .returning({ versionId: playlistItems.versionId, position: playlistItems.position });
    if (!removed) throw notFound("Playlist item not found");
    const order = await readItemOrder(tx, playlist.id);
    await writeItemOrder(tx, playlist.id, order);
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "playlist.item_removed",
      entityType: "playlist",
      entityId: playlist.id,
      projectId: access.project.id,
      data: { itemId: params.itemId, versionId: removed.versionId, position: removed.position },
    });
    await appendEvent(tx, {
      type: "playlist.items_changed",
      projectId: access.project.id,
      actorId: params.actor.id,
      payload: {
        playlistId: playlist.id,
        change: "removed",
        versionId: removed.versionId,
        position: null,
        itemCount: order.length,
      },
    });
    return readPlaylistView(tx, { playlist, access, actor: params.actor });
  });
}
