import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { v1VersionUrl } from "@/lib/api/v1/urls";
import { completeUpload } from "@/lib/uploads/complete-upload";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Completes an upload and queues processing: 202, the same on repeat. */
export const POST = apiRoute({ ...v1RouteConfig(V1.completeUpload), project: projectOfVersionParams }, async ({ db, actor, params, body }) => {
  const { storage, limits } = uploadContext();
  const done = await completeUpload(db, storage, { ...body, versionId: params.versionId, actor, limits });
  const statusUrl = v1VersionUrl(done.version.id);
  return Response.json({ version: done.version, statusUrl }, { status: 202, headers: { Location: statusUrl } });
});
