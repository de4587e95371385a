import { apiRoute } from "@/lib/api/route";
import { createUpload, createUploadBody } from "@/lib/uploads/create-upload";
import { projectParams, rawBody, uploadContext } from "@/lib/uploads/upload-routes";

/** Starts an upload: creates the version (AWAITING_UPLOAD) and says how to send the bytes. */
export const POST = apiRoute(
  { permission: "asset.upload", params: projectParams, body: rawBody, project: async ({ params }) => params.projectId },
  async ({ db, user, params, body }) => {
    const input = createUploadBody.parse(body);
    const { storage, limits } = uploadContext();
    const upload = await createUpload(db, storage, { ...input, projectId: params.projectId, actorId: user.id, limits });
    return Response.json(upload, { status: 201, headers: { Location: upload.statusUrl } });
  },
);
