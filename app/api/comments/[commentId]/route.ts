import { apiRoute } from "@/lib/api/route";
import { commentParams, projectOfCommentParams } from "@/lib/api/params";
import { deleteComment } from "@/lib/comments/delete-comment";
import { editComment, editCommentInput } from "@/lib/comments/edit-comment";

/** Edits a comment's text and/or drawing (its author only). */
export const PATCH = apiRoute(
  { permission: "comment.create", params: commentParams, body: editCommentInput, project: projectOfCommentParams },
  async ({ db, actor, params, body }) => {
    const comment = await editComment(db, { actor, commentId: params.commentId, ...body });
    return Response.json({ comment });
  },
);

/** Soft-deletes a comment (its author or an admin). */
export const DELETE = apiRoute(
  { permission: "comment.create", params: commentParams, project: projectOfCommentParams },
  async ({ db, actor, params }) => {
    const comment = await deleteComment(db, { actor, commentId: params.commentId });
    return Response.json({ comment });
  },
);
