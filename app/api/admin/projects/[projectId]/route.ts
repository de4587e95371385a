import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { projectParams } from "@/lib/api/params";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { projectNameSchema } from "@/lib/projects/schemas";
import { updateProject } from "@/lib/projects/update-project";

export const GET = apiRoute({ permission: "admin.projects", params: projectParams }, async ({ db, params }) => {
  return Response.json({ project: await getProjectOrThrow(db, params.projectId) });
});

// "give name or archived" is updateProject's rule: its own parse refuses an empty change with a 422.
const patchBody = z.object({ name: projectNameSchema.optional(), archived: z.boolean().optional() });

/** `{ name?, archived? }`: renames and/or archives (true) or unarchives (false) a project, in one transaction. */
export const PATCH = apiRoute({ permission: "admin.projects", params: projectParams, body: patchBody }, async ({ db, actor, params, body }) => {
  const project = await updateProject(db, { ...body, actor, projectId: params.projectId });
  return Response.json({ project });
});
