import { projectOfVersionParams } from "@/lib/api/params";
import { pageOf } from "@/lib/api/pagination";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { createComment } from "@/lib/comments/create-comment";
import { listComments } from "@/lib/comments/list-comments";

/** A version's comments by frame, then creation, a page at a time. */
export const GET = apiRoute({ ...v1RouteConfig(V1.listComments), project: projectOfVersionParams }, async ({ db, actor, params, filters }) => {
  const { comments } = await listComments(db, { actor, versionId: params.versionId });
  const page = pageOf(comments, filters, (c) => [c.frameIn, c.createdAt, c.id]);
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});

/** A comment at a frame or range, or a reply. */
export const POST = apiRoute({ ...v1RouteConfig(V1.createComment), project: projectOfVersionParams }, async ({ db, actor, params, body }) => {
  const comment = await createComment(db, { actor, versionId: params.versionId, comment: body });
  return Response.json({ comment }, { status: 201 });
});
