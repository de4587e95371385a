import { apiRoute } from "@/lib/api/route";
import { mediaFileParams, projectOfVersionParams } from "@/lib/api/params";
import { getMediaFile } from "@/lib/review/get-media-file";
import { getStorage } from "@/lib/storage";

/**
 * A derived file of one version: playlists and VTTs as text, everything else as a 302 to a
 * short-lived presigned URL (docs/review-api.md). hls.js resolves the playlists' relative URIs
 * against this route, so the whole HLS tree is reachable through it and nothing else.
 */
export const GET = apiRoute(
  {
    permission: "project.view",
    params: mediaFileParams,
    project: projectOfVersionParams,
  },
  async ({ db, actor, params }) => {
    const file = await getMediaFile(db, getStorage(), { actor, versionId: params.versionId, path: params.path });
    if (file.kind === "text") {
      return new Response(file.body, {
        headers: {
          "Content-Type": file.contentType,
          "Cache-Control": file.maxAgeSeconds > 0 ? `private, max-age=${file.maxAgeSeconds}` : "no-store",
          "X-Content-Type-Options": "nosniff",
        },
      });
    }
    return new Response(null, {
      status: 302,
      headers: {
        Location: file.url,
        // Re-used for a while (segments are fetched again on every seek back), never past the URL's life.
        "Cache-Control": `private, max-age=${Math.min(120, Math.floor(file.expiresInSeconds / 2))}`,
      },
    });
  },
);
