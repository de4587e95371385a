import { apiRoute } from "@/lib/api/route";
import { abortUpload } from "@/lib/uploads/abort-upload";
import { uploadContext, versionParams, versionProject } from "@/lib/uploads/upload-routes";

/** Cancels an upload (ABANDONED) and frees its parts in storage. */
export const POST = apiRoute(
  { permission: "asset.upload", params: versionParams, project: versionProject },
  async ({ db, user, params }) => {
    const { storage } = uploadContext();
    const version = await abortUpload(db, storage, { versionId: params.versionId, actor: user });
    return Response.json({ version });
  },
);
