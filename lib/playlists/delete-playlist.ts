import { count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { playlistItems, playlists, reviewLinks } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { appendEvent } from "@/lib/events/append-event";
import { conflict } from "@/lib/errors";
import { authorizePlaylistOrThrow } from "./playlist-access";

/**
 * Deletes a playlist and its items (permission `playlist.edit`). Only the list goes: its versions,
 * their comments and decisions stay. The audit row keeps the name and what it held. A playlist
 * that was ever shared as a review link is kept (`conflict`): the link's row and its audit trail
 * name it (docs/review-links.md).
 */
export async function deletePlaylist(db: DbOrTx, params: { actor: Actor; playlistId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const { playlist, access } = await authorizePlaylistOrThrow(tx, {
      ...params,
      permission: "playlist.edit",
      lock: true,
    });
    const [shared] = await tx.select({ id: reviewLinks.id }).from(reviewLinks).where(eq(reviewLinks.playlistId, playlist.id)).limit(1);
    if (shared) throw conflict("This playlist was shared as a review link, so it is kept. Revoke the link to stop sharing it.");
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(playlistItems)
      .where(eq(playlistItems.playlistId, playlist.id));
    await tx.delete(playlists).where(eq(playlists.id, playlist.id));
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "playlist.deleted",
      entityType: "playlist",
      entityId: playlist.id,
      projectId: access.project.id,
      data: { name: playlist.name, itemCount: n },
    });
    await appendEvent(tx, {
      type: "playlist.deleted",
      projectId: access.project.id,
      actorId: params.actor.id,
      payload: { playlistId: playlist.id, name: playlist.name },
    });
  });
}
