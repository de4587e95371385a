import { count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { playlistItems, playlists } from "@/db/schema";
import { actorSchema, can } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow } from "@/lib/projects/authorize-project";
import { toPlaylistSummary } from "./get-playlist";
import type { ProjectPlaylists } from "./playlist-view.types";

export const listProjectPlaylistsParams = z.object({ actor: actorSchema, projectId: z.uuid() });

/** A project's playlists, newest first, with their lengths (permission `project.view`). */
export async function listProjectPlaylists(
  db: DbOrTx,
  params: z.input<typeof listProjectPlaylistsParams>,
): Promise<ProjectPlaylists> {
  const input = listProjectPlaylistsParams.parse(params);
  const access = await authorizeProjectOrThrow(db, input.actor, input.projectId, "project.view");
  const rows = await db
    .select({ playlist: playlists, itemCount: count(playlistItems.id) })
    .from(playlists)
    .leftJoin(playlistItems, eq(playlistItems.playlistId, playlists.id))
    .where(eq(playlists.projectId, input.projectId))
    .groupBy(playlists.id)
    .orderBy(desc(playlists.createdAt), desc(playlists.id));
  return {
    playlists: rows.map((r) => toPlaylistSummary(r.playlist, r.itemCount)),
    canEdit: can(input.actor, access.role, "playlist.edit") && !access.project.archivedAt,
  };
}
