import { projectOfCommentParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { deleteComment } from "@/lib/comments/delete-comment";
import { editComment } from "@/lib/comments/edit-comment";

/** Edits a comment's text and/or drawing (its author only). */
export const PATCH = apiRoute(
  { ...v1RouteConfig(V1.editComment), project: projectOfCommentParams },
  async ({ db, actor, params, body }) => {
    const comment = await editComment(db, { actor, commentId: params.commentId, ...body });
    return Response.json({ comment });
  },
);

/** Soft-deletes a comment (its author or an admin). */
export const DELETE = apiRoute(
  { ...v1RouteConfig(V1.deleteComment), project: projectOfCommentParams },
  async ({ db, actor, params }) => {
    const comment = await deleteComment(db, { actor, commentId: params.commentId });
    return Response.json({ comment });
  },
);
