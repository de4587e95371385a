import { projectOfAssetParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { listAssetVersionsPage } from "@/lib/versions/list-asset-versions-page";

/** An asset's versions, newest first, a page at a time. */
export const GET = apiRoute(
  { ...v1RouteConfig(V1.listAssetVersions), project: projectOfAssetParams },
  async ({ db, params, filters, access }) => {
    // `access` is set: the route resolves a project; the asset must be that project's.
    const page = await listAssetVersionsPage(db, {
      projectId: access!.project.id,
      assetId: params.assetId,
      page: filters,
    });
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  },
);
