import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { loadVersionOmc } from "@/lib/omc/load-omc-document";
import { omcAppUrl, omcResponse } from "@/lib/omc/omc-response";

/** One version as MovieLabs OMC-JSON v2.8 (docs/omc.md): whoever can open the room may export it. */
export const GET = apiRoute(
  { permission: "project.view", params: versionParams, project: projectOfVersionParams },
  async ({ req, db, actor, params, publicUrl }) => {
    const appUrl = omcAppUrl(req, publicUrl);
    return omcResponse(await loadVersionOmc(db, { actor, appUrl, versionId: params.versionId }));
  },
);
