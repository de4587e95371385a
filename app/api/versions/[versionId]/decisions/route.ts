import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { decideVersion, decideVersionInput } from "@/lib/decisions/decide-version";

/** A supervisor's decision on a READY version: approve, reject or request changes. */
export const POST = apiRoute(
  { permission: "version.decide", params: versionParams, body: decideVersionInput, project: projectOfVersionParams },
  async ({ db, actor, params, body }) => {
    const result = await decideVersion(db, { actor, versionId: params.versionId, ...body });
    return Response.json(result, { status: 201 });
  },
);
