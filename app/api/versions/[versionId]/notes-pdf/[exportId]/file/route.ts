import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { exportIdSchema, getNotesPdfDownloadUrl } from "@/lib/exports/notes-pdf-export";
import { projectOfVersionParams } from "@/lib/api/params";
import { getStorage } from "@/lib/storage";

/** The notes PDF itself: a 302 to a short-lived presigned URL that downloads it under its file name. */
export const GET = apiRoute(
  {
    permission: "project.view",
    params: z.object({ versionId: z.uuid(), exportId: exportIdSchema }),
    project: projectOfVersionParams,
  },
  async ({ db, actor, params }) => {
    const url = await getNotesPdfDownloadUrl(db, getStorage(), { actor, ...params });
    return new Response(null, { status: 302, headers: { Location: url, "Cache-Control": "no-store" } });
  },
);
