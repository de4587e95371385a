import { apiRoute } from "@/lib/api/route";
import { createComment, createCommentInput } from "@/lib/comments/create-comment";
import { listComments } from "@/lib/comments/list-comments";
import { toActor, versionProject, versionRouteParams } from "@/lib/review/route-params";

/** The version's comments; `?since=<ISO>` for polling (only those created or changed since). */
export const GET = apiRoute(
  { permission: "project.view", params: versionRouteParams, project: versionProject },
  async ({ req, db, user, params }) => {
    const since = new URL(req.url).searchParams.get("since") ?? undefined;
    const result = await listComments(db, { actor: toActor(user), versionId: params.versionId, since });
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  },
);

/** A comment at a frame or range, or a reply to a thread. */
export const POST = apiRoute(
  { permission: "comment.create", params: versionRouteParams, body: createCommentInput, project: versionProject },
  async ({ db, user, params, body }) => {
    const comment = await createComment(db, { actor: toActor(user), versionId: params.versionId, comment: body });
    return Response.json({ comment }, { status: 201 });
  },
);
