import { projectOfCommentParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { setCommentResolved } from "@/lib/comments/set-comment-resolved";

/** Resolves (`{resolved: true}`) or reopens (`false`) a thread. */
export const POST = apiRoute(
  { ...v1RouteConfig(V1.resolveComment), project: projectOfCommentParams },
  async ({ db, actor, params, body }) => {
    const comment = await setCommentResolved(db, { actor, commentId: params.commentId, resolved: body.resolved });
    return Response.json({ comment });
  },
);
