import { apiRoute } from "@/lib/api/route";
import { playlistParams, projectOfPlaylistParams } from "@/lib/api/params";
import { streamPlaylistProxiesZip } from "@/lib/downloads/stream-playlist-proxies-zip";
import { attachmentContentDisposition } from "@/lib/storage/content-disposition";
import { getStorage } from "@/lib/storage";

/** Every proxy of the playlist as one zip, streamed as it is read (docs/playlists.md, "Downloads"). */
export const GET = apiRoute(
  { permission: "version.download_proxy", params: playlistParams, project: projectOfPlaylistParams },
  async ({ req, db, actor, params }) => {
    const zip = await streamPlaylistProxiesZip(db, getStorage(), {
      actor,
      playlistId: params.playlistId,
      signal: req.signal,
    });
    return new Response(zip.stream, {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": attachmentContentDisposition(zip.fileName),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
