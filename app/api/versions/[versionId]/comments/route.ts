import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { createComment, createCommentInput } from "@/lib/comments/create-comment";
import { listComments } from "@/lib/comments/list-comments";
import { getStorage } from "@/lib/storage";

/** The version's comments; `?since=<ISO>` for polling (only those created or changed since). */
export const GET = apiRoute(
  { permission: "project.view", params: versionParams, project: projectOfVersionParams },
  async ({ req, db, actor, params }) => {
    const since = new URL(req.url).searchParams.get("since") ?? undefined;
    const result = await listComments(db, { actor, versionId: params.versionId, since });
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  },
);

/** A comment at a frame or range, or a reply to a thread; with `attachmentId`, a frame grab uploaded for it. */
export const POST = apiRoute(
  { permission: "comment.create", params: versionParams, body: createCommentInput, project: projectOfVersionParams },
  async ({ db, actor, params, body }) => {
    // Storage only to check an attachment: a plain comment needs no bucket configured (or reachable).
    const storage = body.attachmentId ? getStorage() : undefined;
    const comment = await createComment(db, { actor, versionId: params.versionId, comment: body, storage });
    return Response.json({ comment }, { status: 201 });
  },
);
