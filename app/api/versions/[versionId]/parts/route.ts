import { apiRoute } from "@/lib/api/route";
import { listUploadedParts } from "@/lib/uploads/list-uploaded-parts";
import { presignPartsBody, presignUploadParts } from "@/lib/uploads/presign-upload-parts";
import { rawBody, uploadContext, versionParams, versionProject } from "@/lib/uploads/upload-routes";

/** Parts already stored (to resume after a reload). */
export const GET = apiRoute(
  { permission: "asset.upload", params: versionParams, project: versionProject },
  async ({ db, user, params }) => {
    const { storage, limits } = uploadContext();
    const parts = await listUploadedParts(db, storage, { versionId: params.versionId, actor: user, limits });
    return Response.json(parts, { headers: { "Cache-Control": "no-store" } });
  },
);

/** Presigned URLs for a batch of parts: `{ partNumbers: [1, 2, ...] }` (at most 100). */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, body: rawBody, project: versionProject },
  async ({ db, user, params, body }) => {
    const { partNumbers } = presignPartsBody.parse(body);
    const { storage, limits } = uploadContext();
    const parts = await presignUploadParts(db, storage, { versionId: params.versionId, actor: user, partNumbers, limits });
    return Response.json(parts, { headers: { "Cache-Control": "no-store" } });
  },
);
