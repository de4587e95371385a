import { apiRoute } from "@/lib/api/route";
import { requestNotesPdf } from "@/lib/exports/notes-pdf-export";
import { toActor, versionProject, versionRouteParams } from "@/lib/review/route-params";
import { getStorage } from "@/lib/storage";

/**
 * Asks for the notes PDF of the version's notes as they are now: 200 with `status: "ready"` when it
 * exists, else 202 `rendering` (a worker renders it; poll the export). docs/exports.md.
 */
export const POST = apiRoute(
  { permission: "project.view", params: versionRouteParams, project: versionProject },
  async ({ db, user, params }) => {
    const pdf = await requestNotesPdf(db, getStorage(), { actor: toActor(user), versionId: params.versionId });
    return Response.json({ export: pdf }, { status: pdf.status === "ready" ? 200 : 202 });
  },
);
