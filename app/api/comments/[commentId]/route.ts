import { apiRoute } from "@/lib/api/route";
import { deleteComment } from "@/lib/comments/delete-comment";
import { editComment, editCommentInput } from "@/lib/comments/edit-comment";
import { commentProject, commentRouteParams, toActor } from "@/lib/review/route-params";

/** Edits a comment's text and/or drawing (its author only). */
export const PATCH = apiRoute(
  { permission: "comment.create", params: commentRouteParams, body: editCommentInput, project: commentProject },
  async ({ db, user, params, body }) => {
    const comment = await editComment(db, { actor: toActor(user), commentId: params.commentId, ...body });
    return Response.json({ comment });
  },
);

/** Soft-deletes a comment (its author or an admin). */
export const DELETE = apiRoute(
  { permission: "comment.create", params: commentRouteParams, project: commentProject },
  async ({ db, user, params }) => {
    const comment = await deleteComment(db, { actor: toActor(user), commentId: params.commentId });
    return Response.json({ comment });
  },
);
