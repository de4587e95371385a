import { apiRoute } from "@/lib/api/route";
import { playlistItemParams, projectOfPlaylistParams } from "@/lib/api/params";
import { movePlaylistItem, movePlaylistItemInput } from "@/lib/playlists/move-playlist-item";
import { removePlaylistItem } from "@/lib/playlists/remove-playlist-item";

/** Moves an item to another place (drag and drop, the up/down buttons). */
export const PATCH = apiRoute(
  {
    permission: "playlist.edit",
    params: playlistItemParams,
    body: movePlaylistItemInput,
    project: projectOfPlaylistParams,
  },
  async ({ db, actor, params, body }) => Response.json(await movePlaylistItem(db, { actor, ...params, ...body })),
);

/** Takes an item out of the playlist. */
export const DELETE = apiRoute(
  { permission: "playlist.edit", params: playlistItemParams, project: projectOfPlaylistParams },
  async ({ db, actor, params }) => Response.json(await removePlaylistItem(db, { actor, ...params })),
);
