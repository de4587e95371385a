import { z } from "zod";

/**
 * The notes PDF export as the API shows it (docs/exports.md), shared by the server functions that
 * build it (`requestNotesPdf`, `getNotesPdfExport` return it) and the review room's export menu,
 * which parses every answer with it (lib/api-client).
 */
export const notesPdfExportSchema = z.strictObject({
  id: z.string(),
  status: z.enum(["rendering", "ready", "failed"]),
  /** The name the download is saved under. */
  fileName: z.string(),
  noteCount: z.int().nonnegative(),
  /** When ready: the route that redirects to the file. */
  downloadUrl: z.string().optional(),
  /** When failed: what to tell the user. */
  message: z.string().optional(),
});
export type NotesPdfExport = z.infer<typeof notesPdfExportSchema>;

/** `POST /api/versions/:id/notes-pdf` (200 ready, 202 rendering) and `GET …/notes-pdf/:exportId`. */
export const notesPdfExportAnswerSchema = z.strictObject({ export: notesPdfExportSchema });
export type NotesPdfExportAnswer = z.infer<typeof notesPdfExportAnswerSchema>;
