import { apiRoute } from "@/lib/api/route";
import { playlistParams, projectOfPlaylistParams } from "@/lib/api/params";
import { addPlaylistItem, addPlaylistItemInput } from "@/lib/playlists/add-playlist-item";

/** Adds a version of the project to the playlist (at the end, or at `position`). */
export const POST = apiRoute(
  { permission: "playlist.edit", params: playlistParams, body: addPlaylistItemInput, project: projectOfPlaylistParams },
  async ({ db, actor, params, body }) =>
    Response.json(await addPlaylistItem(db, { actor, playlistId: params.playlistId, ...body }), { status: 201 }),
);
