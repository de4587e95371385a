import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { playlistItems } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { appendEvent } from "@/lib/events/append-event";
import { readPlaylistView } from "./get-playlist";
import { authorizePlaylistOrThrow } from "./playlist-access";
import { moveInOrder, readItemOrder, writeItemOrder } from "./playlist-order";
import type { PlaylistView } from "./playlist-view.types";

/** The request body: the item's new 0-based place (beyond the end: last). Drag and drop and the up/down buttons both send it. */
export const movePlaylistItemInput = z.object({ position: z.number().int().nonnegative() });

/** Moves one item of a playlist (permission `playlist.edit`); the others close up around it. */
export async function movePlaylistItem(
  db: DbOrTx,
  params: z.output<typeof movePlaylistItemInput> & { actor: Actor; playlistId: string; itemId: string },
): Promise<PlaylistView> {
  return db.transaction(async (tx) => {
    const { playlist, access } = await authorizePlaylistOrThrow(tx, {
      ...params,
      permission: "playlist.edit",
      lock: true,
    });
    const [item] = await tx
      .select({ versionId: playlistItems.versionId })
      .from(playlistItems)
      .where(and(eq(playlistItems.id, params.itemId), eq(playlistItems.playlistId, playlist.id)));
    if (!item) throw notFound("Playlist item not found");
    const order = await readItemOrder(tx, playlist.id);
    const from = order.indexOf(params.itemId);
    const newOrder = moveInOrder(order, params.itemId, params.position);
    const position = newOrder.indexOf(params.itemId);
    if (position !== from) {
      await writeItemOrder(tx, playlist.id, newOrder);
      await recordAuditEvent(tx, {
        actorId: params.actor.id,
        action: "playlist.item_moved",
        entityType: "playlist",
        entityId: playlist.id,
        projectId: access.project.id,
        data: { itemId: params.itemId, versionId: item.versionId, from, to: position },
      });
      await appendEvent(tx, {
        type: "playlist.items_changed",
        projectId: access.project.id,
        actorId: params.actor.id,
        payload: {
          playlistId: playlist.id,
          change: "moved",
          versionId: item.versionId,
          position,
          itemCount: newOrder.length,
        },
      });
    }
    return readPlaylistView(tx, { playlist, access, actor: params.actor });
  });
}
