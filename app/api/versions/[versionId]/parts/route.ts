import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { listUploadedParts } from "@/lib/uploads/list-uploaded-parts";
import { presignPartsBody, presignUploadParts } from "@/lib/uploads/presign-upload-parts";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Parts already stored (to resume after a reload). */
export const GET = apiRoute(
  { permission: "asset.upload", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const { storage, limits } = uploadContext();
    const parts = await listUploadedParts(db, storage, { versionId: params.versionId, actor, limits });
    return Response.json(parts, { headers: { "Cache-Control": "no-store" } });
  },
);

/** Presigned URLs for a batch of parts: `{ partNumbers: [1, 2, ...] }` (at most 100). */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, body: presignPartsBody, project: projectOfVersionParams },
  async ({ db, actor, params, body }) => {
    const { storage, limits } = uploadContext();
    const parts = await presignUploadParts(db, storage, { ...body, versionId: params.versionId, actor, limits });
    return Response.json(parts, { headers: { "Cache-Control": "no-store" } });
  },
);
