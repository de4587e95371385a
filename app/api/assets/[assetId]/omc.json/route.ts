import { assetParams, projectOfAssetParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { loadAssetOmc } from "@/lib/omc/load-omc-document";
import { omcAppUrl, omcResponse } from "@/lib/omc/omc-response";

/** An asset and all its numbered versions as MovieLabs OMC-JSON v2.8 (docs/omc.md). */
export const GET = apiRoute(
  { permission: "project.view", params: assetParams, project: projectOfAssetParams },
  async ({ req, db, actor, params, publicUrl }) => {
    const appUrl = omcAppUrl(req, publicUrl);
    return omcResponse(await loadAssetOmc(db, { actor, appUrl, assetId: params.assetId }));
  },
);
