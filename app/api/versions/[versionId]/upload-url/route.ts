import { apiRoute } from "@/lib/api/route";
import { presignUploadUrl } from "@/lib/uploads/presign-upload-url";
import { uploadContext, versionParams, versionProject } from "@/lib/uploads/upload-routes";

/** A fresh presigned PUT URL for an open single-PUT upload (expired URL, retry, resume). */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, project: versionProject },
  async ({ db, user, params }) => {
    const { storage, limits } = uploadContext();
    const answer = await presignUploadUrl(db, storage, { versionId: params.versionId, actor: user, limits });
    return Response.json(answer, { headers: { "Cache-Control": "no-store" } });
  },
);
