import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { attachmentDisposition, notesFileName } from "@/lib/exports/export-file-name";
import { EDL_DIALECTS, writeNotesEdl, type EdlDialect } from "@/lib/exports/notes-edl";
import { loadNotesReport } from "@/lib/exports/notes-report";
import { projectOfVersionParams, versionParams } from "@/lib/api/params";

const dialectQuery = z.enum(EDL_DIALECTS as [EdlDialect, ...EdlDialect[]]).default("resolve");

/** The version's notes as a CMX 3600 marker EDL; `?dialect=resolve` (default) or `avid` (docs/exports.md). */
export const GET = apiRoute(
  { permission: "project.view", params: versionParams, project: projectOfVersionParams },
  async ({ req, db, actor, params }) => {
    const parsed = dialectQuery.safeParse(new URL(req.url).searchParams.get("dialect") ?? undefined);
    if (!parsed.success) throw new AppError("validation_failed", `dialect: one of ${EDL_DIALECTS.join(", ")}`, { field: "dialect" });
    const report = await loadNotesReport(db, { actor, versionId: params.versionId });
    return new Response(writeNotesEdl(report, parsed.data), {
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Disposition": attachmentDisposition(notesFileName(report, "edl")),
        "Cache-Control": "no-store",
      },
    });
  },
);
