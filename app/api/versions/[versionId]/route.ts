import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { getVersionStatusOrThrow } from "@/lib/versions/get-version-status";

/** A version's processing state, progress and error: what the UI polls. */
export const GET = apiRoute(
  { permission: "project.view", params: versionParams, project: projectOfVersionParams },
  async ({ db, params }) => {
    const status = await getVersionStatusOrThrow(db, params);
    return Response.json({ version: status }, { headers: { "Cache-Control": "no-store" } });
  },
);
