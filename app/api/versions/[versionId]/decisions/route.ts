import { apiRoute } from "@/lib/api/route";
import { decideVersion, decideVersionInput } from "@/lib/decisions/decide-version";
import { toActor, versionProject, versionRouteParams } from "@/lib/review/route-params";

/** A supervisor's decision on a READY version: approve, reject or request changes. */
export const POST = apiRoute(
  { permission: "version.decide", params: versionRouteParams, body: decideVersionInput, project: versionProject },
  async ({ db, user, params, body }) => {
    const result = await decideVersion(db, { actor: toActor(user), versionId: params.versionId, ...body });
    return Response.json(result, { status: 201 });
  },
);
