import { guestRoute, guestLinkParams } from "@/lib/api/guest-route";
import { uuidParam } from "@/lib/api/params";
import { createGuestComment, createGuestCommentInput, listGuestComments } from "@/lib/review-links/guest-comments";

const params = guestLinkParams.extend({ versionId: uuidParam });

/** The shared version's comments (names only). */
export const GET = guestRoute({ params }, async ({ db, session, params }) =>
  Response.json({ comments: await listGuestComments(db, session, params.versionId.toLowerCase()) }, { headers: { "Cache-Control": "no-store" } }),
);

/** A guest's note at a frame or a range, when the link allows comments (403 otherwise). */
export const POST = guestRoute({ params, body: createGuestCommentInput }, async ({ db, session, params, body }) =>
  Response.json({ comment: await createGuestComment(db, { session, versionId: params.versionId.toLowerCase(), comment: body }) }, { status: 201 }),
);
