import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { listRenditionDownloads } from "@/lib/review/list-rendition-downloads";
import { getStorage } from "@/lib/storage";

/** A version's renditions with short-lived download URLs. */
export const GET = apiRoute({ ...v1RouteConfig(V1.listRenditions), project: projectOfVersionParams }, async ({ db, params }) => {
  const items = await listRenditionDownloads(db, getStorage(), { versionId: params.versionId });
  return Response.json({ items }, { headers: { "Cache-Control": "no-store" } });
});
