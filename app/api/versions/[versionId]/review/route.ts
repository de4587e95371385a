import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { getReviewRoom } from "@/lib/review/get-review-room";

/** The review room's payload for one version (docs/review-api.md). */
export const GET = apiRoute(
  { permission: "project.view", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const room = await getReviewRoom(db, { actor, versionId: params.versionId });
    return Response.json(room, { headers: { "Cache-Control": "no-store" } });
  },
);
