import { apiRoute } from "@/lib/api/route";
import { setCommentResolved, setCommentResolvedInput } from "@/lib/comments/set-comment-resolved";
import { commentProject, commentRouteParams, toActor } from "@/lib/review/route-params";

/** Resolves (`{resolved: true}`) or reopens (`false`) a thread. */
export const POST = apiRoute(
  { permission: "comment.resolve", params: commentRouteParams, body: setCommentResolvedInput, project: commentProject },
  async ({ db, user, params, body }) => {
    const comment = await setCommentResolved(db, { actor: toActor(user), commentId: params.commentId, resolved: body.resolved });
    return Response.json({ comment });
  },
);
