import { projectOfProjectParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { v1VersionUrl } from "@/lib/api/v1/urls";
import { assertMayMarkUrgent, createUpload } from "@/lib/uploads/create-upload";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Starts an upload, exactly as `POST /api/projects/:id/uploads` (docs/ingest.md), polled over /api/v1. */
export const POST = apiRoute({ ...v1RouteConfig(V1.createUpload), project: projectOfProjectParams }, async ({ db, actor, params, body, access }) => {
  const { storage, limits } = uploadContext();
  assertMayMarkUrgent(body, actor, access?.role ?? null);
  const upload = await createUpload(db, storage, { ...body, projectId: params.projectId, actor, limits });
  const statusUrl = v1VersionUrl(upload.versionId);
  return Response.json({ ...upload, statusUrl }, { status: 201, headers: { Location: statusUrl } });
});
