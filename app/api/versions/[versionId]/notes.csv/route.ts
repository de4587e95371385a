import { apiRoute } from "@/lib/api/route";
import { attachmentDisposition, notesFileName } from "@/lib/exports/export-file-name";
import { writeNotesCsv } from "@/lib/exports/notes-csv";
import { loadNotesReport } from "@/lib/exports/notes-report";
import { toActor, versionProject, versionRouteParams } from "@/lib/review/route-params";

/** The version's notes as CSV (docs/exports.md): anyone who can see the comments may export them. */
export const GET = apiRoute(
  { permission: "project.view", params: versionRouteParams, project: versionProject },
  async ({ db, user, params }) => {
    const report = await loadNotesReport(db, { actor: toActor(user), versionId: params.versionId });
    return new Response(writeNotesCsv(report), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": attachmentDisposition(notesFileName(report, "csv")),
        "Cache-Control": "no-store",
      },
    });
  },
);
