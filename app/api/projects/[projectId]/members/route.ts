import { apiRoute } from "@/lib/api/route";
import { projectOfProjectParams, projectParams } from "@/lib/api/params";
import { listMentionableMembers } from "@/lib/mentions/list-mentionable-members";

/** The project's members the comment composer offers after `@` (names only). */
export const GET = apiRoute(
  { permission: "project.view", params: projectParams, project: projectOfProjectParams },
  async ({ db, params }) => {
    const answer = await listMentionableMembers(db, { projectId: params.projectId });
    return Response.json(answer, { headers: { "Cache-Control": "no-store" } });
  },
);
