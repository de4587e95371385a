import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { abortUpload } from "@/lib/uploads/abort-upload";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Cancels an upload (ABANDONED) and frees its parts in storage. */
export const POST = apiRoute({ ...v1RouteConfig(V1.abortUpload), project: projectOfVersionParams }, async ({ db, actor, params }) => {
  const { storage } = uploadContext();
  const version = await abortUpload(db, storage, { versionId: params.versionId, actor });
  return Response.json({ version });
});
