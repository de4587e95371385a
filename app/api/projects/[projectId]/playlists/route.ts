import { apiRoute } from "@/lib/api/route";
import { projectOfProjectParams, projectParams } from "@/lib/api/params";
import { createPlaylist, createPlaylistInput } from "@/lib/playlists/create-playlist";
import { listProjectPlaylists } from "@/lib/playlists/list-project-playlists";

/** The project's playlists (every member may watch them). */
export const GET = apiRoute(
  { permission: "project.view", params: projectParams, project: projectOfProjectParams },
  async ({ db, actor, params }) =>
    Response.json(await listProjectPlaylists(db, { actor, projectId: params.projectId })),
);

/** A new, empty playlist (producers and supervisors). */
export const POST = apiRoute(
  { permission: "playlist.edit", params: projectParams, body: createPlaylistInput, project: projectOfProjectParams },
  async ({ db, actor, params, body }) =>
    Response.json(
      { playlist: await createPlaylist(db, { actor, projectId: params.projectId, ...body }) },
      { status: 201 },
    ),
);
