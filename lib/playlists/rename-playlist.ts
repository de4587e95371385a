import { count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { playlistItems, playlists } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { appendEvent } from "@/lib/events/append-event";
import { toPlaylistSummary } from "./get-playlist";
import { authorizePlaylistOrThrow } from "./playlist-access";
import { playlistNameSchema } from "./playlist-name";
import type { PlaylistSummary } from "./playlist-view.types";

/** The request body (the route parses it). */
export const renamePlaylistInput = z.object({ name: playlistNameSchema });

/** Renames a playlist (permission `playlist.edit`); the same name again changes nothing and records nothing. */
export async function renamePlaylist(
  db: DbOrTx,
  params: z.output<typeof renamePlaylistInput> & { actor: Actor; playlistId: string },
): Promise<PlaylistSummary> {
  return db.transaction(async (tx) => {
    const { playlist, access } = await authorizePlaylistOrThrow(tx, {
      ...params,
      permission: "playlist.edit",
      lock: true,
    });
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(playlistItems)
      .where(eq(playlistItems.playlistId, playlist.id));
    if (playlist.name === params.name) return toPlaylistSummary(playlist, n);
    const [renamed] = await tx
      .update(playlists)
      .set({ name: params.name, updatedAt: sql`clock_timestamp()` })
      .where(eq(playlists.id, playlist.id))
      .returning();
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "playlist.renamed",
      entityType: "playlist",
      entityId: playlist.id,
      projectId: access.project.id,
      data: { name: params.name, previousName: playlist.name },
    });
    await appendEvent(tx, {
      type: "playlist.renamed",
      projectId: access.project.id,
      actorId: params.actor.id,
      payload: { playlistId: playlist.id, name: params.name, previousName: playlist.name },
    });
    return toPlaylistSummary(renamed!, n);
  });
}
