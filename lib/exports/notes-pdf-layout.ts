/**
 * The PDF layout's numbers that the web process needs too, kept apart from notes-pdf.ts so route
 * modules never import pdfkit (it renders on the worker only).
 */
export const NOTES_PER_PAGE = 6;

/** Bumped when the layout changes, so cached PDFs (keyed by content, notes-pdf-export.ts) are made anew. */
// 2: each thumbnail carries its note's drawing.
export const NOTES_PDF_LAYOUT_VERSION = 2;
