import { apiRoute } from "@/lib/api/route";
import { projectParams } from "@/lib/api/params";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { updateProject, updateProjectInput } from "@/lib/projects/update-project";

export const GET = apiRoute({ permission: "admin.projects", params: projectParams }, async ({ db, params }) => {
  return Response.json({ project: await getProjectOrThrow(db, params.projectId) });
});

/** `{ name?, archived? }`: renames and/or archives (true) or unarchives (false) a project, in one transaction. */
export const PATCH = apiRoute({ permission: "admin.projects", params: projectParams, body: updateProjectInput }, async ({ db, actor, params, body }) => {
  const project = await updateProject(db, { ...body, actor, projectId: params.projectId });
  return Response.json({ project });
});
