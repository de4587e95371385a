import { apiRoute } from "@/lib/api/route";
import { commentParams, projectOfCommentParams } from "@/lib/api/params";
import { setCommentResolved, setCommentResolvedInput } from "@/lib/comments/set-comment-resolved";

/** Resolves (`{resolved: true}`) or reopens (`false`) a thread. */
export const POST = apiRoute(
  { permission: "comment.resolve", params: commentParams, body: setCommentResolvedInput, project: projectOfCommentParams },
  async ({ db, actor, params, body }) => {
    const comment = await setCommentResolved(db, { actor, commentId: params.commentId, resolved: body.resolved });
    return Response.json({ comment });
  },
);
