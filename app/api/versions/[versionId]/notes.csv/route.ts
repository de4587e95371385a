import { apiRoute } from "@/lib/api/route";
import { attachmentDisposition, notesFileName } from "@/lib/exports/export-file-name";
import { writeNotesCsv } from "@/lib/exports/notes-csv";
import { loadNotesReport } from "@/lib/exports/notes-report";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";

/** The version's notes as CSV (docs/exports.md): anyone who can see the comments may export them. */
export const GET = apiRoute(
  { permission: "project.view", params: versionParams, project: projectOfVersionParams },
  async ({ db, actor, params }) => {
    const report = await loadNotesReport(db, { actor, versionId: params.versionId });
    return new Response(writeNotesCsv(report), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": attachmentDisposition(notesFileName(report, "csv")),
        "Cache-Control": "no-store",
      },
    });
  },
);
