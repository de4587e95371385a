import { apiRoute } from "@/lib/api/route";
import { playlistParams, projectOfPlaylistParams } from "@/lib/api/params";
import { deletePlaylist } from "@/lib/playlists/delete-playlist";
import { getPlaylist } from "@/lib/playlists/get-playlist";
import { renamePlaylist, renamePlaylistInput } from "@/lib/playlists/rename-playlist";

/** The playlist in order, each item with its version's decision. */
export const GET = apiRoute(
  { permission: "project.view", params: playlistParams, project: projectOfPlaylistParams },
  async ({ db, actor, params }) => Response.json(await getPlaylist(db, { actor, playlistId: params.playlistId })),
);

/** Renames the playlist. */
export const PATCH = apiRoute(
  { permission: "playlist.edit", params: playlistParams, body: renamePlaylistInput, project: projectOfPlaylistParams },
  async ({ db, actor, params, body }) =>
    Response.json({ playlist: await renamePlaylist(db, { actor, playlistId: params.playlistId, ...body }) }),
);

/** Deletes the playlist (its versions stay). */
export const DELETE = apiRoute(
  { permission: "playlist.edit", params: playlistParams, project: projectOfPlaylistParams },
  async ({ db, actor, params }) => {
    await deletePlaylist(db, { actor, playlistId: params.playlistId });
    return new Response(null, { status: 204 });
  },
);
