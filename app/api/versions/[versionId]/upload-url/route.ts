import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { presignUploadUrl } from "@/lib/uploads/presign-upload-url";
import { uploadContext } from "@/lib/uploads/upload-context";

/** A fresh presigned PUT URL for an open single-PUT upload (expired URL, retry, resume). */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const { storage, limits } = uploadContext();
    const answer = await presignUploadUrl(db, storage, { versionId: params.versionId, actor, limits });
    return Response.json(answer, { headers: { "Cache-Control": "no-store" } });
  },
);
