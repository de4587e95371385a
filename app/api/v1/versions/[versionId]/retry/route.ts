import { projectOfVersionParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { v1VersionUrl } from "@/lib/api/v1/urls";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { retryVersion } from "@/lib/processing/retry-version";

/** ERROR → PENDING and a new job; 202 with the version's v1 status URL to poll. */
export const POST = apiRoute(
  { ...v1RouteConfig(V1.retryVersion), project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const result = await retryVersion(db, { versionId: params.versionId, actor });
    const statusUrl = v1VersionUrl(result.versionId);
    return Response.json(
      { version: { id: result.versionId, processingState: result.processingState }, statusUrl },
      { status: 202, headers: { Location: statusUrl } },
    );
  },
);
