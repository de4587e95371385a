import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { loadVersionOmc } from "@/lib/omc/load-omc-document";
import { omcAppUrl, omcResponse } from "@/lib/omc/omc-response";

/** One version as MovieLabs OMC-JSON v2.8: the same document as /api/versions/:id/omc.json. */
export const GET = apiRoute(
  { ...v1RouteConfig(V1.getVersionOmc), project: projectOfVersionParams },
  async ({ req, db, actor, params, publicUrl }) => {
    return omcResponse(
      await loadVersionOmc(db, { actor, appUrl: omcAppUrl(req, publicUrl), versionId: params.versionId }),
    );
  },
);
