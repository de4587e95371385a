import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { listProjectsPage } from "@/lib/projects/list-projects-page";

/** The caller's projects; `?code=DEMO` finds one by its code. */
export const GET = apiRoute(v1RouteConfig(V1.listProjects), async ({ db, actor, filters }) => {
  const { code, cursor, limit } = filters;
  const page = await listProjectsPage(db, { actor, filters: { code }, page: { cursor, limit } });
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});
