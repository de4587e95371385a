import { apiRoute } from "@/lib/api/route";
import { projectOfProjectParams, projectParams } from "@/lib/api/params";
import { assertMayMarkUrgent, createUpload, createUploadBody } from "@/lib/uploads/create-upload";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Starts an upload: creates the version (AWAITING_UPLOAD) and says how to send the bytes. */
export const POST = apiRoute(
  { permission: "asset.upload", params: projectParams, body: createUploadBody, project: projectOfProjectParams },
  async ({ db, actor, params, body, access }) => {
    const { storage, limits } = uploadContext();
    assertMayMarkUrgent(body, actor, access?.role ?? null);
    const upload = await createUpload(db, storage, { ...body, projectId: params.projectId, actor, limits });
    return Response.json(upload, { status: 201, headers: { Location: upload.statusUrl } });
  },
);
