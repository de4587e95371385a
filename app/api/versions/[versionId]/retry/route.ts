import { z } from "zod";
import { apiRoute, uuidParam } from "@/lib/api/route";
import { retryVersion } from "@/lib/processing/retry-version";
import { findProjectIdOfVersion } from "@/lib/projects/authorize-project";

const params = z.object({ versionId: uuidParam });

/**
 * Retry a version whose processing failed: ERROR -> PENDING and a new job, in one transaction.
 * 202 `{ version: { id, processingState }, statusUrl }`; 409 when the version is not in ERROR;
 * 404 for an unknown version or one outside the caller's projects; 403 without `version.retry`.
 */
export const POST = apiRoute(
  { permission: "version.retry", params, project: ({ db, params }) => findProjectIdOfVersion(db, params.versionId) },
  async ({ db, user, params }) => {
    const result = await retryVersion(db, { versionId: params.versionId, actorId: user.id });
    const statusUrl = `/api/versions/${result.versionId}`;
    return Response.json(
      { version: { id: result.versionId, processingState: result.processingState }, statusUrl },
      { status: 202, headers: { Location: statusUrl } },
    );
  },
);
