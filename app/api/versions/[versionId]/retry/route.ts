import { apiRoute } from "@/lib/api/route";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { retryVersion } from "@/lib/processing/retry-version";
import { versionStatusUrl } from "@/lib/versions/version-status";

/**
 * Retry a version whose processing failed: ERROR -> PENDING and a new job, in one transaction.
 * 202 `{ version: { id, processingState }, statusUrl }`; 409 when the version is not in ERROR;
 * 404 for an unknown version or one outside the caller's projects; 403 without `version.retry`.
 */
export const POST = apiRoute(
  { permission: "version.retry", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const result = await retryVersion(db, { versionId: params.versionId, actor });
    const statusUrl = versionStatusUrl(result.versionId);
    return Response.json(
      { version: { id: result.versionId, processingState: result.processingState }, statusUrl },
      { status: 202, headers: { Location: statusUrl } },
    );
  },
);
