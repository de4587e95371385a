import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { playlists } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { appendEvent } from "@/lib/events/append-event";
import { authorizeProjectOrThrow } from "@/lib/projects/authorize-project";
import { toPlaylistSummary } from "./get-playlist";
import { playlistNameSchema } from "./playlist-name";
import type { PlaylistSummary } from "./playlist-view.types";

/** The request body (the route parses it). */
export const createPlaylistInput = z.object({ name: playlistNameSchema });

/** A new, empty playlist in a project (permission `playlist.edit`), audited and announced. */
export async function createPlaylist(
  db: DbOrTx,
  params: z.output<typeof createPlaylistInput> & { actor: Actor; projectId: string },
): Promise<PlaylistSummary> {
  return db.transaction(async (tx) => {
    const access = await authorizeProjectOrThrow(tx, params.actor, params.projectId, "playlist.edit");
    const [playlist] = await tx
      .insert(playlists)
      .values({ projectId: access.project.id, name: params.name, createdBy: params.actor.id })
      .returning();
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "playlist.created",
      entityType: "playlist",
      entityId: playlist!.id,
      projectId: access.project.id,
      data: { name: params.name },
    });
    await appendEvent(tx, {
      type: "playlist.created",
      projectId: access.project.id,
      actorId: params.actor.id,
      payload: { playlistId: playlist!.id, name: params.name },
    });
    return toPlaylistSummary(playlist!, 0);
  });
}
