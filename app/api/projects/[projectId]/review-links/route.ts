import { apiRoute } from "@/lib/api/route";
import { projectOfProjectParams, projectParams } from "@/lib/api/params";
import { createReviewLink, createReviewLinkInput } from "@/lib/review-links/create-review-link";
import { listReviewLinks } from "@/lib/review-links/list-review-links";
import { reviewLinkUrl } from "@/lib/review-links/review-link-url";

/** The project's review links, newest first (producers). */
export const GET = apiRoute(
  { permission: "review_link.manage", params: projectParams, project: projectOfProjectParams },
  async ({ db, actor, params }) => Response.json({ links: await listReviewLinks(db, { actor, projectId: params.projectId }) }),
);

/** A new review link of a version or a playlist; the answer's `url` carries the token, once. */
export const POST = apiRoute(
  { permission: "review_link.manage", params: projectParams, body: createReviewLinkInput, project: projectOfProjectParams },
  async ({ req, db, actor, params, body, publicUrl }) => {
    const { link, token } = await createReviewLink(db, { actor, projectId: params.projectId, link: body });
    return Response.json({ link, url: reviewLinkUrl(publicUrl ?? new URL(req.url).origin, token) }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
);
