import { apiRoute } from "@/lib/api/route";
import { projectOfReviewLinkParams, reviewLinkParams } from "@/lib/api/params";
import { revokeReviewLink } from "@/lib/review-links/revoke-review-link";

/** Revokes the link at once; the row stays (audit). Answers the link as it now stands. */
export const DELETE = apiRoute(
  { permission: "review_link.manage", params: reviewLinkParams, project: projectOfReviewLinkParams },
  async ({ db, actor, params }) => Response.json({ link: await revokeReviewLink(db, { actor, linkId: params.linkId }) }),
);
