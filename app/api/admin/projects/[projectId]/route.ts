import { z } from "zod";
import { apiRoute, uuidParam } from "@/lib/api/route";
import { setProjectArchived } from "@/lib/projects/archive-project";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { renameProject } from "@/lib/projects/rename-project";
import { projectNameSchema } from "@/lib/projects/schemas";

const params = z.object({ projectId: uuidParam });

export const GET = apiRoute({ permission: "admin.projects", params }, async ({ db, params }) => {
  return Response.json({ project: await getProjectOrThrow(db, params.projectId) });
});

const patchBody = z
  .object({ name: projectNameSchema.optional(), archived: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.archived !== undefined, { message: "give name or archived", path: ["name"] });

/** `{ name?, archived? }`: renames and/or archives (true) or unarchives (false) a project. */
export const PATCH = apiRoute({ permission: "admin.projects", params, body: patchBody }, async ({ db, user, params, body }) => {
  let project = await getProjectOrThrow(db, params.projectId);
  if (body.name !== undefined) {
    project = await renameProject(db, { actorId: user.id, projectId: project.id, name: body.name });
  }
  if (body.archived !== undefined) {
    project = await setProjectArchived(db, { actorId: user.id, projectId: project.id, archived: body.archived });
  }
  return Response.json({ project });
});
