import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { setVersionUrgency, setVersionUrgencyInput } from "@/lib/processing/set-version-urgency";

/**
 * Mark a version urgent in the processing queue, or not: `{ isUrgent: boolean }`. 200
 * `{ version: { id, isUrgent } }`; 409 when the version is READY or ABANDONED; 404 for an unknown
 * version or one outside the caller's projects; 403 without `version.prioritize`.
 */
export const POST = apiRoute(
  { permission: "version.prioritize", params: versionParams, body: setVersionUrgencyInput, project: projectOfVersionParams },
  async ({ db, actor, params, body }) => {
    const result = await setVersionUrgency(db, { versionId: params.versionId, isUrgent: body.isUrgent, actor });
    return Response.json({ version: { id: result.versionId, isUrgent: result.isUrgent } });
  },
);
