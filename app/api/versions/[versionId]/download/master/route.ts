import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { presignVersionDownload } from "@/lib/downloads/presign-version-download";
import { getStorage } from "@/lib/storage";

/** A 302 to a short-lived presigned GET of the version's master, under its original file name, audited. */
export const GET = apiRoute(
  { permission: "version.download_master", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const download = await presignVersionDownload(db, getStorage(), {
      actor,
      versionId: params.versionId,
      kind: "master",
    });
    return new Response(null, { status: 302, headers: { Location: download.url, "Cache-Control": "no-store" } });
  },
);
