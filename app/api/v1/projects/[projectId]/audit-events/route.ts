import { projectOfProjectParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { listProjectAuditEvents } from "@/lib/audit/list-project-audit-events";

/** A project's audit trail in chain order (producers and admins). */
export const GET = apiRoute({ ...v1RouteConfig(V1.listAuditEvents), project: projectOfProjectParams }, async ({ db, params, filters }) => {
  const { cursor, limit, ...eventFilters } = filters;
  const page = await listProjectAuditEvents(db, { projectId: params.projectId, filters: eventFilters, page: { cursor, limit } });
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});
