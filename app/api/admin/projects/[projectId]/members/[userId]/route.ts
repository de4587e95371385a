import { apiRoute } from "@/lib/api/route";
import { memberParams } from "@/lib/api/params";
import { changeMemberRole, changeMemberRoleInput } from "@/lib/members/change-member-role";
import { removeProjectMember } from "@/lib/members/remove-project-member";

/** `{ role }`: changes a member's role. */
export const PATCH = apiRoute(
  { permission: "admin.projects", params: memberParams, body: changeMemberRoleInput },
  async ({ db, actor, params, body }) => {
    const member = await changeMemberRole(db, { actor, ...params, role: body.role });
    return Response.json({ member });
  },
);

/** Removes a member → 204. */
export const DELETE = apiRoute({ permission: "admin.projects", params: memberParams }, async ({ db, actor, params }) => {
  await removeProjectMember(db, { actor, ...params });
  return new Response(null, { status: 204 });
});
