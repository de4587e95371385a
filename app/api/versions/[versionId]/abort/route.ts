import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { abortUpload } from "@/lib/uploads/abort-upload";
import { uploadContext } from "@/lib/uploads/upload-context";

/** Cancels an upload (ABANDONED) and frees its parts in storage. */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const { storage } = uploadContext();
    const version = await abortUpload(db, storage, { versionId: params.versionId, actor });
    return Response.json({ version });
  },
);
