import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { exportIdSchema, getNotesPdfExport } from "@/lib/exports/notes-pdf-export";
import { projectOfVersionParams } from "@/lib/api/params";
import { getStorage } from "@/lib/storage";

const notesPdfParams = z.object({ versionId: z.uuid(), exportId: exportIdSchema });

/** Where an asked-for notes PDF stands: `rendering`, `ready` (with its download URL) or `failed`. */
export const GET = apiRoute(
  { permission: "project.view", params: notesPdfParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const pdf = await getNotesPdfExport(db, getStorage(), { actor, ...params });
    return Response.json({ export: pdf }, { headers: { "Cache-Control": "no-store" } });
  },
);
