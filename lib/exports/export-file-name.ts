import type { NotesReport } from "./notes-report";

/**
 * Download names are built from user-chosen names (project code, asset name), so they are folded
 * to `[A-Za-z0-9._-]` before they reach a header: no quote, semicolon, CR/LF or path separator can
 * get through, whatever the asset is called.
 */
export function safeFileNamePart(text: string, maxLength = 48): string {
  const folded = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents off: "Scène" → "Scene"
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[_.-]+|[_.-]+$/g, "");
  return folded.slice(0, maxLength) || "untitled";
}

/** `NGT_S01_SH010_v003_notes.csv`: project code, asset, version number. */
export function notesFileName(report: NotesReport, extension: "csv" | "edl" | "pdf"): string {
  const version = report.version.number === null ? "" : `_v${String(report.version.number).padStart(3, "0")}`;
  return `${safeFileNamePart(report.project.code, 24)}_${safeFileNamePart(report.asset.name)}${version}_notes.${extension}`;
}

/** `Content-Disposition` for a name from `notesFileName` (already safe; quoted for good measure). */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename="${safeFileNamePart(fileName, 120)}"`;
}
