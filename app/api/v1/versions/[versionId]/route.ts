import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { getVersionStatusOrThrow } from "@/lib/versions/get-version-status";

/** A version's processing and review state. */
export const GET = apiRoute({ ...v1RouteConfig(V1.getVersion), project: projectOfVersionParams }, async ({ db, params }) => {
  const version = await getVersionStatusOrThrow(db, params);
  return Response.json({ version }, { headers: { "Cache-Control": "no-store" } });
});
