import { apiRoute } from "@/lib/api/route";
import { completeUpload, completeUploadBody } from "@/lib/uploads/complete-upload";
import { rawBody, uploadContext, versionParams, versionProject } from "@/lib/uploads/upload-routes";

/** Completes an upload and queues processing: 202 with the status URL, the same on repeat. */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, body: rawBody, project: versionProject },
  async ({ db, user, params, body }) => {
    const { sha256 } = completeUploadBody.parse(body);
    const { storage, limits } = uploadContext();
    const done = await completeUpload(db, storage, { versionId: params.versionId, actor: user, sha256, limits });
    return Response.json(
      { version: done.version, statusUrl: done.statusUrl },
      { status: 202, headers: { Location: done.statusUrl } },
    );
  },
);
