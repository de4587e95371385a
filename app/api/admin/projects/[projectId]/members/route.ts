import { apiRoute } from "@/lib/api/route";
import { projectParams } from "@/lib/api/params";
import { addProjectMember, addProjectMemberInput } from "@/lib/members/add-project-member";
import { listProjectMembers } from "@/lib/members/list-project-members";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";

/** Members of a project (404 for an unknown project). */
export const GET = apiRoute({ permission: "admin.projects", params: projectParams }, async ({ db, params }) => {
  const project = await getProjectOrThrow(db, params.projectId);
  return Response.json({ members: await listProjectMembers(db, { projectId: project.id }) });
});

/** Adds a member: `{ userId | email, role }` → 201 `{ member }`. */
export const POST = apiRoute({ permission: "admin.projects", params: projectParams, body: addProjectMemberInput }, async ({ db, actor, params, body }) => {
  const member = await addProjectMember(db, { ...body, actor, projectId: params.projectId });
  return Response.json({ member }, { status: 201 });
});
