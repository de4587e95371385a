import { projectOfVersionParams } from "@/lib/api/params";
import { pageOf } from "@/lib/api/pagination";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { decideVersion } from "@/lib/decisions/decide-version";
import { listDecisions } from "@/lib/decisions/decision-view";

/** A version's decisions, oldest first. */
export const GET = apiRoute({ ...v1RouteConfig(V1.listDecisions), project: projectOfVersionParams }, async ({ db, params, filters }) => {
  const decisions = await listDecisions(db, params.versionId);
  const page = pageOf(decisions, filters, (d) => [d.createdAt, d.id]);
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});

/** A supervisor's decision on a READY version. */
export const POST = apiRoute({ ...v1RouteConfig(V1.createDecision), project: projectOfVersionParams }, async ({ db, actor, params, body }) => {
  const result = await decideVersion(db, { actor, versionId: params.versionId, ...body });
  return Response.json(result, { status: 201 });
});
