import { z } from "zod";
import { apiRoute, uuidParam } from "@/lib/api/route";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeProjectMember } from "@/lib/members/remove-project-member";
import { memberRoleSchema } from "@/lib/members/schemas";

const params = z.object({ projectId: uuidParam, userId: uuidParam });

/** `{ role }`: changes a member's role. */
export const PATCH = apiRoute(
  { permission: "admin.projects", params, body: z.object({ role: memberRoleSchema }) },
  async ({ db, user, params, body }) => {
    const member = await changeMemberRole(db, { actorId: user.id, ...params, role: body.role });
    return Response.json({ member });
  },
);

/** Removes a member → 204. */
export const DELETE = apiRoute({ permission: "admin.projects", params }, async ({ db, user, params }) => {
  await removeProjectMember(db, { actorId: user.id, ...params });
  return new Response(null, { status: 204 });
});
