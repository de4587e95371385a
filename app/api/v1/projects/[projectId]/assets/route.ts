import { projectOfProjectParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { listAssetsPage } from "@/lib/assets/list-assets-page";

/** A project's assets with their latest version, searched, filtered, sorted, one keyset page at a time. */
export const GET = apiRoute({ ...v1RouteConfig(V1.listAssets), project: projectOfProjectParams }, async ({ db, params, filters }) => {
  const page = await listAssetsPage(db, { projectId: params.projectId, query: filters });
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});
