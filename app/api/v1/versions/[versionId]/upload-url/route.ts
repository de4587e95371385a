import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { presignUploadUrl } from "@/lib/uploads/presign-upload-url";
import { uploadContext } from "@/lib/uploads/upload-context";

/** A fresh presigned PUT URL for an open single-PUT upload. */
export const POST = apiRoute({ ...v1RouteConfig(V1.presignUploadUrl), project: projectOfVersionParams }, async ({ db, actor, params }) => {
  const { storage, limits } = uploadContext();
  const answer = await presignUploadUrl(db, storage, { versionId: params.versionId, actor, limits });
  return Response.json(answer, { headers: { "Cache-Control": "no-store" } });
});
