import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { requestAttachmentUploadInput, requestCommentAttachmentUpload } from "@/lib/comments/comment-attachment";
import { getStorage } from "@/lib/storage";

/**
 * An upload slot for a frame grab to attach to a new comment (docs/review-api.md): a presigned PUT
 * of exactly `size` bytes of image/png to a key the server chose. The comment names it by `id`.
 */
export const POST = apiRoute(
  { permission: "comment.create", params: versionParams, body: requestAttachmentUploadInput, project: projectOfVersionParams },
  async ({ db, actor, params, body }) => {
    const attachment = await requestCommentAttachmentUpload(db, getStorage(), { actor, versionId: params.versionId, input: body });
    return Response.json({ attachment }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
);
