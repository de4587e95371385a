import { apiRoute } from "@/lib/api/route";
import { requestNotesPdf } from "@/lib/exports/notes-pdf-export";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";
import { getStorage } from "@/lib/storage";

/**
 * Asks for the notes PDF of the version's notes as they are now: 200 with `status: "ready"` when it
 * exists, else 202 `rendering` (a worker renders it; poll the export). docs/exports.md.
 */
export const POST = apiRoute(
  { permission: "project.view", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const pdf = await requestNotesPdf(db, getStorage(), { actor, versionId: params.versionId });
    return Response.json({ export: pdf }, { status: pdf.status === "ready" ? 200 : 202 });
  },
);
