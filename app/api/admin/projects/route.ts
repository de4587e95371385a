import { apiRoute } from "@/lib/api/route";
import { createProject, createProjectInput } from "@/lib/projects/create-project";
import { listAllProjects } from "@/lib/projects/list-all-projects";

/** Every project, archived ones included, with member counts (admins only). */
export const GET = apiRoute({ permission: "admin.projects" }, async ({ db }) => {
  return Response.json({ projects: await listAllProjects(db) });
});

/** Creates a project: `{ name, code }` → 201 `{ project }`. A taken code is a 409 naming `code`. */
export const POST = apiRoute(
  { permission: "admin.projects", body: createProjectInput },
  async ({ db, actor, body }) => {
    const project = await createProject(db, { ...body, actor });
    return Response.json({ project }, { status: 201, headers: { Location: `/api/admin/projects/${project.id}` } });
  },
);
