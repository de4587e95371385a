import { apiRoute } from "@/lib/api/route";
import { getReviewRoom } from "@/lib/review/get-review-room";
import { toActor, versionProject, versionRouteParams } from "@/lib/review/route-params";

/** The review room's payload for one version (docs/review-api.md). */
export const GET = apiRoute(
  { permission: "project.view", params: versionRouteParams, project: versionProject },
  async ({ db, user, params }) => {
    const room = await getReviewRoom(db, { actor: toActor(user), versionId: params.versionId });
    return Response.json(room, { headers: { "Cache-Control": "no-store" } });
  },
);
