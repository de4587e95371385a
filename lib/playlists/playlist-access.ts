import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { playlists, type Playlist } from "@/db/schema";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";

/** The project owning a playlist, or null when there is no such playlist (the routes' resolver). */
export async function findProjectIdOfPlaylist(db: DbOrTx, playlistId: string): Promise<string | null> {
  const [row] = await db.select({ projectId: playlists.projectId }).from(playlists).where(eq(playlists.id, playlistId));
  return row?.projectId ?? null;
}

/**
 * The playlist and the caller's access to its project for `permission`, or throws: `not_found`
 * for an unknown playlist or a non-member (alike), `forbidden` for a member without the
 * permission, `conflict` for a change on an archived project. `lock`: the playlist row is taken
 * FOR UPDATE, so edits of one playlist (adds, moves, removals) apply one after the other and each
 * renumbers from the order the previous one committed.
 */
export async function authorizePlaylistOrThrow(
  db: DbOrTx,
  params: { actor: Actor; playlistId: string; permission: Permission; lock?: boolean },
): Promise<{ playlist: Playlist; access: ProjectAccess }> {
  const query = db.select().from(playlists).where(eq(playlists.id, params.playlistId));
  const [playlist] = params.lock ? await query.for("update") : await query;
  // Same message as a non-member gets: whether the id exists must not show.
  if (!playlist) throw notFound("Project not found");
  const access = await authorizeProjectOrThrow(db, params.actor, playlist.projectId, params.permission);
  return { playlist, access };
}

/** Whether a playlist belongs to a project (the pages' check of the ids in their URL). */
export async function isPlaylistOfProject(
  db: DbOrTx,
  ids: { projectId: string; playlistId: string },
): Promise<boolean> {
  return (await findProjectIdOfPlaylist(db, ids.playlistId)) === ids.projectId;
}
