import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { listUploadedParts } from "@/lib/uploads/list-uploaded-parts";
import { presignUploadParts } from "@/lib/uploads/presign-upload-parts";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Parts already stored (to resume without sending them again). */
export const GET = apiRoute({ ...v1RouteConfig(V1.listUploadedParts), project: projectOfVersionParams }, async ({ db, actor, params }) => {
  const { storage, limits } = uploadContext();
  const parts = await listUploadedParts(db, storage, { versionId: params.versionId, actor, limits });
  return Response.json(parts, { headers: { "Cache-Control": "no-store" } });
});

/** Presigned URLs for a batch of parts. */
export const POST = apiRoute({ ...v1RouteConfig(V1.presignParts), project: projectOfVersionParams }, async ({ db, actor, params, body }) => {
  const { storage, limits } = uploadContext();
  const parts = await presignUploadParts(db, storage, { ...body, versionId: params.versionId, actor, limits });
  return Response.json(parts, { headers: { "Cache-Control": "no-store" } });
});
