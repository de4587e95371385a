import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { AppError, notFound } from "@/lib/errors";
import { JOBS } from "@/lib/jobs/definitions";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { actorSchema } from "@/lib/auth/permissions";
import { derivedKey, type Storage } from "@/lib/storage";
import { notesFileName } from "./export-file-name";
import type { NotesPdfExport } from "./notes-pdf-export.types";
import { NOTES_PDF_LAYOUT_VERSION } from "./notes-pdf-layout";
import { loadNotesReport, type NotesReport } from "./notes-report";

/**
 * The notes PDF, web side (docs/exports.md, "PDF"). Rendering needs FFmpeg, which runs on the
 * workers only (docs/architecture.md), so the PDF is a job: asking for it queues
 * `render-notes-pdf` with the notes as they are now; the worker grabs each noted frame from the
 * proxy, renders, and stores the PDF at `derived/<versionId>/exports/notes-<id>.pdf`; the room
 * polls the export's status and then downloads it through a short-lived presigned URL.
 *
 * The export id is a hash of the notes and the layout version, so asking twice for unchanged notes
 * finds the PDF already made (or the job already queued: same job key), and any change to a note,
 * a reply or a resolution makes a new one. State lives where it already is, with no table of its
 * own: the object in the bucket (ready), graphile-worker's job row (rendering; failed once its
 * attempts are used up, kept by graphile-worker until asked again).
 */

/** 100 pages. Each note costs one FFmpeg seek on the worker (~0.3–1 s); a longer list is a CSV's job. */
export const NOTES_PDF_MAX_NOTES = 600;
/** A failed render is tried this often in all (graphile-worker's backoff between tries: seconds). */
const RENDER_ATTEMPTS = 3;
/** Before queued transcodes (priority 0): someone is waiting on this, and it takes seconds. */
const RENDER_PRIORITY = -10;
/** Long enough to start a download, short enough to be useless once leaked. */
const DOWNLOAD_URL_SECONDS = 5 * 60;

export const exportIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

export type { NotesPdfExport } from "./notes-pdf-export.types";

export function notesPdfExportId(report: NotesReport): string {
  return createHash("sha256").update(JSON.stringify({ layout: NOTES_PDF_LAYOUT_VERSION, report })).digest("hex").slice(0, 32);
}

export function notesPdfKey(versionId: string, exportId: string): string {
  return derivedKey(versionId, `exports/notes-${exportIdSchema.parse(exportId)}.pdf`);
}

const downloadRoute = (versionId: string, exportId: string) => `/api/versions/${versionId}/notes-pdf/${exportId}/file`;

const exportParams = z.object({ actor: actorSchema, versionId: z.uuid() });

/**
 * Asks for the PDF of a version's notes as they are now (permission `project.view`): `ready` when
 * that very PDF exists, else `rendering` with its job queued (again, after a failure). Throws
 * `conflict` past NOTES_PDF_MAX_NOTES, `not_found` like every review read.
 */
export async function requestNotesPdf(db: DbOrTx, storage: Storage, params: z.input<typeof exportParams>): Promise<NotesPdfExport> {
  const { actor, versionId } = exportParams.parse(params);
  const report = await loadNotesReport(db, { actor, versionId });
  if (report.notes.length > NOTES_PDF_MAX_NOTES) {
    throw new AppError(
      "conflict",
      `This version has ${report.notes.length} notes; a PDF takes at most ${NOTES_PDF_MAX_NOTES}. Export the CSV instead.`,
    );
  }
  const id = notesPdfExportId(report);
  const base = { id, fileName: notesFileName(report, "pdf"), noteCount: report.notes.length };
  if (await storage.head(notesPdfKey(versionId, id))) return { ...base, status: "ready", downloadUrl: downloadRoute(versionId, id) };
  // Replaces a failed job of the same key (attempts start again) and leaves a queued or running one be.
  await enqueueJob(db, "render-notes-pdf", { versionId, exportId: id, report }, { maxAttempts: RENDER_ATTEMPTS, priority: RENDER_PRIORITY });
  return { ...base, status: "rendering" };
}

const statusParams = exportParams.extend({ exportId: exportIdSchema });

/**
 * Where an asked-for PDF stands (permission `project.view`). Throws `not_found` for an id that was
 * never asked for on this version (or whose failed job was cleared away): ask again.
 */
export async function getNotesPdfExport(db: DbOrTx, storage: Storage, params: z.input<typeof statusParams>): Promise<NotesPdfExport> {
  const { actor, versionId, exportId } = statusParams.parse(params);
  const report = await loadNotesReport(db, { actor, versionId });
  const base = { id: exportId, fileName: notesFileName(report, "pdf"), noteCount: report.notes.length };
  const ready = { ...base, status: "ready" as const, downloadUrl: downloadRoute(versionId, exportId) };
  const key = notesPdfKey(versionId, exportId);
  if (await storage.head(key)) return ready;
  const jobKey = JOBS["render-notes-pdf"].jobKey({ versionId, exportId });
  const [job] = await db.execute<{ attempts: number; max_attempts: number; is_locked: boolean }>(
    sql`select attempts, max_attempts, locked_at is not null as is_locked from graphile_worker.jobs where key = ${jobKey}`,
  );
  if (job) {
    if (job.attempts >= job.max_attempts && !job.is_locked) {
      return { ...base, status: "failed", message: "The PDF could not be rendered. Ask for it again; if it fails again, tell your admin (the worker's log has the reason)." };
    }
    return { ...base, status: "rendering" };
  }
  // The job finishes by storing the PDF and then disappears: look once more before saying "unknown".
  if (await storage.head(key)) return ready;
  throw notFound("No such export of this version. Ask for the PDF again.");
}

/** A short-lived URL that downloads the PDF under its file name. Throws `not_found` until it is ready. */
export async function getNotesPdfDownloadUrl(db: DbOrTx, storage: Storage, params: z.input<typeof statusParams>): Promise<string> {
  const { actor, versionId, exportId } = statusParams.parse(params);
  const report = await loadNotesReport(db, { actor, versionId });
  const key = notesPdfKey(versionId, exportId);
  if (!(await storage.head(key))) throw notFound("This PDF is not ready (or was never asked for).");
  return storage.presignGet(key, { expiresIn: DOWNLOAD_URL_SECONDS, downloadName: notesFileName(report, "pdf") });
}
