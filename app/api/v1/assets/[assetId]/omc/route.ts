import { projectOfAssetParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { loadAssetOmc } from "@/lib/omc/load-omc-document";
import { omcAppUrl, omcResponse } from "@/lib/omc/omc-response";

/** An asset and its numbered versions as MovieLabs OMC-JSON v2.8: the same document as /api/assets/:id/omc.json. */
export const GET = apiRoute(
  { ...v1RouteConfig(V1.getAssetOmc), project: projectOfAssetParams },
  async ({ req, db, actor, params, publicUrl }) => {
    return omcResponse(await loadAssetOmc(db, { actor, appUrl: omcAppUrl(req, publicUrl), assetId: params.assetId }));
  },
);
