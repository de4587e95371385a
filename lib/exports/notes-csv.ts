import { lastFrameOf, timecodeOfFrame, type NotesReport } from "./notes-report";

/**
 * The notes as CSV (RFC 4180): comma-separated, every field quoted, quotes doubled, CRLF between
 * records, line breaks inside a note kept inside its quoted field. A UTF-8 byte order mark leads
 * so Excel reads accents and non-Latin names as UTF-8 instead of the system code page.
 *
 * Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some
 * versions, a tab or carriage return) as a formula, so a note such as `=HYPERLINK("http://…")`
 * would become a live link or worse in the editor's Excel. Every such cell gets a leading
 * apostrophe (OWASP's advice): the spreadsheet shows the text, and a human can still read it.
 */
export const NOTES_CSV_COLUMNS = [
  "Note",
  "Timecode In",
  "Timecode Out",
  "Frame In",
  "Frame Out",
  "Author",
  "Created",
  "Text",
  "Status",
  "Resolved By",
  "Replies",
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted and guarded (see the module comment). */
export function csvField(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function writeNotesCsv(report: NotesReport): string {
  const rows: (string | number | null)[][] = [[...NOTES_CSV_COLUMNS]];
  report.notes.forEach((note, index) => {
    const last = lastFrameOf(note);
    rows.push([
      index + 1,
      timecodeOfFrame(report, note.frameIn),
      timecodeOfFrame(report, last),
      note.frameIn,
      last,
      note.author,
      note.createdAt,
      note.body,
      note.status,
      note.resolvedBy,
      // One reply per line inside the cell: "Name: text".
      note.replies.map((r) => `${r.author}: ${r.body}`).join("\n"),
    ]);
  });
  // Inside a field a line break stays as typed (LF); records end with CRLF as RFC 4180 says.
  return `\uFEFF${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
