import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { completeUpload, completeUploadBody } from "@/lib/uploads/complete-upload";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Completes an upload and queues processing: 202 with the status URL, the same on repeat. */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, body: completeUploadBody, project: projectOfVersionParams },
  async ({ db, actor, params, body }) => {
    const { storage, limits } = uploadContext();
    const done = await completeUpload(db, storage, { ...body, versionId: params.versionId, actor, limits });
    return Response.json(
      { version: done.version, statusUrl: done.statusUrl },
      { status: 202, headers: { Location: done.statusUrl } },
    );
  },
);
