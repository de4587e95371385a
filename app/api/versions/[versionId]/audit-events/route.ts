import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { auditVersionTrailQuery } from "@/lib/audit/audit-trail.types";
import { listAuditTrail } from "@/lib/audit/list-audit-trail";

/** One version's audit trail in words, newest first (the room's Audit tab; producers and admins; docs/audit.md). */
export const GET = apiRoute(
  { permission: "audit.view", params: versionParams, project: projectOfVersionParams, filters: auditVersionTrailQuery },
  async ({ db, params, filters, access }) => {
    const { before, after, ...eventFilters } = filters;
    const page = await listAuditTrail(db, {
      scope: { projectId: access!.project.id, versionId: params.versionId },
      filters: eventFilters,
      before,
      after,
    });
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  },
);
