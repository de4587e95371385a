import PDFDocument from "pdfkit";
import { formatFrameRate } from "@/lib/timecode";
import { NOTES_PER_PAGE } from "./notes-pdf-layout";
import { drawingOverlay } from "./notes-pdf-drawing";
import { lastFrameOf, timecodeOfFrame, type Note, type NotesReport } from "./notes-report";
import { toPrintable } from "./printable-text";

/**
 * The notes report as a PDF (pdfkit): A4 portrait, a header naming project, asset and version on
 * every page, six notes per page, each with the exact frame it points at (a JPEG grabbed from the
 * proxy by lib/media/extract-frames.ts) with the comment's drawing over it as vector paths
 * (notes-pdf-drawing.ts), timecode in/out, frames, author, date, status, text and
 * replies. Pure: data and JPEG bytes in, PDF bytes out; the worker job does the I/O.
 *
 * Text uses the PDF standard font Helvetica, whose repertoire is Windows-1252 (Latin with accents,
 * € – — “ ” …); other characters are printed as "?" (the CSV keeps them). Embedding a Unicode font
 * would mean shipping one with the worker.
 */
export { NOTES_PER_PAGE, NOTES_PDF_LAYOUT_VERSION } from "./notes-pdf-layout";
export { toPrintable } from "./printable-text";

/** A rectangle on the page, in PDF points from the top left (pdfkit's coordinates). */
export type Box = { x: number; y: number; width: number; height: number };

/**
 * Draws over a thumbnail in the picture's own coordinates: `toPage(0, 0)` is the picture's top
 * left, `toPage(1, 1)` its bottom right, whatever size it is printed at. This is where a comment's
 * drawing (vector shapes in 0–1 picture coordinates) goes: an overlay built from it is passed to
 * `renderThumbnail` and strokes its shapes with `canvas.doc` through `toPage`.
 */
export type ThumbnailOverlay = (canvas: {
  doc: PDFKit.PDFDocument;
  picture: Box;
  toPage: (u: number, v: number) => [number, number];
}) => void;

/** The pixel size of a baseline or progressive JPEG (its SOF segment), or null when it is not one. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! };
    }
    i += 2 + length;
  }
  return null;
}

/** The largest rectangle of the picture's aspect ratio inside `cell`, centred. */
export function fitPicture(picture: { width: number; height: number }, cell: Box): Box {
  const scale = Math.min(cell.width / picture.width, cell.height / picture.height);
  const width = picture.width * scale;
  const height = picture.height * scale;
  return { x: cell.x + (cell.width - width) / 2, y: cell.y + (cell.height - height) / 2, width, height };
}

/**
 * One note's picture in `cell`: the frame fitted and centred, then `overlay` (the note's drawing)
 * on top of exactly the picture. Without a frame (a version without proxy, a frame past its end)
 * a grey box says so. Returns where the picture went (null: no picture).
 */
export function renderThumbnail(
  doc: PDFKit.PDFDocument,
  frameImage: Buffer | null,
  cell: Box,
  overlay: ThumbnailOverlay | null = null,
): Box | null {
  const size = frameImage ? jpegSize(frameImage) : null;
  if (!frameImage || !size) {
    doc.save().rect(cell.x, cell.y, cell.width, cell.height).fill("#e5e5e5").restore();
    doc.font("Helvetica").fontSize(8).fillColor("#666666").text("No picture for this frame", cell.x, cell.y + cell.height / 2 - 4, {
      width: cell.width,
      align: "center",
      lineBreak: false,
    });
    return null;
  }
  const picture = fitPicture(size, cell);
  doc.image(frameImage, picture.x, picture.y, { width: picture.width, height: picture.height });
  if (overlay) {
    doc.save();
    // Nothing a drawing does may spill outside its picture.
    doc.rect(picture.x, picture.y, picture.width, picture.height).clip();
    overlay({ doc, picture, toPage: (u, v) => [picture.x + u * picture.width, picture.y + v * picture.height] });
    doc.restore();
  }
  return picture;
}

// A4 portrait in points, and the grid of six notes below the header.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 36;
const HEADER_HEIGHT = 46;
const FOOTER_HEIGHT = 16;
const ROW_TOP = MARGIN + HEADER_HEIGHT;
const ROW_HEIGHT = (PAGE.height - ROW_TOP - MARGIN - FOOTER_HEIGHT) / NOTES_PER_PAGE;
const THUMB = { width: 176, height: 99 }; // 16:9 at ~2.4 inches
const TEXT_X = MARGIN + THUMB.width + 12;
const TEXT_WIDTH = PAGE.width - MARGIN - TEXT_X;

export type RenderNotesPdfInput = {
  report: NotesReport;
  /** JPEG bytes of each noted frame (frameIn of each note), by frame number. */
  frames: ReadonlyMap<number, Buffer>;
  generatedAt: Date;
};

export function notesPdfPageCount(noteCount: number): number {
  return Math.max(1, Math.ceil(noteCount / NOTES_PER_PAGE));
}

export async function renderNotesPdf(input: RenderNotesPdfInput): Promise<Buffer> {
  const { report } = input;
  const title = `${report.project.name} (${report.project.code}) — ${report.asset.name}${report.version.number === null ? "" : ` v${report.version.number}`}`;
  const doc = new PDFDocument({
    size: "A4",
    margin: 0, // the layout places everything itself; no automatic page breaks
    autoFirstPage: false,
    info: { Title: toPrintable(`Notes: ${title}`), Creator: "AXIOM", CreationDate: input.generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const pages = notesPdfPageCount(report.notes.length);
  for (let page = 0; page < pages; page++) {
    doc.addPage();
    drawHeader(doc, report, title, input.generatedAt);
    drawFooter(doc, page + 1, pages);
    const onPage = report.notes.slice(page * NOTES_PER_PAGE, (page + 1) * NOTES_PER_PAGE);
    if (onPage.length === 0) {
      doc.font("Helvetica").fontSize(11).fillColor("#444444").text("This version has no notes.", MARGIN, ROW_TOP + 20);
    }
    onPage.forEach((note, i) => {
      const top = ROW_TOP + i * ROW_HEIGHT;
      drawNote(doc, input, note, page * NOTES_PER_PAGE + i + 1, top);
    });
  }
  doc.end();
  return finished;
}

function drawHeader(doc: PDFKit.PDFDocument, report: NotesReport, title: string, generatedAt: Date): void {
  doc.font("Helvetica-Bold").fontSize(13).fillColor("#111111").text(toPrintable(title), MARGIN, MARGIN, {
    width: PAGE.width - 2 * MARGIN,
    height: 16,
    ellipsis: true,
    lineBreak: false,
  });
  const clock = report.version.timecode;
  const facts = [
    report.version.fileName,
    clock ? `${formatFrameRate(clock.rate)} fps${clock.dropFrame ? " DF" : ""}, starts ${timecodeOfFrame(report, 0)}` : "no timecode",
    `${report.notes.length} note${report.notes.length === 1 ? "" : "s"}`,
    `exported ${generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  ].join("  ·  ");
  doc.font("Helvetica").fontSize(8.5).fillColor("#555555").text(toPrintable(facts), MARGIN, MARGIN + 19, {
    width: PAGE.width - 2 * MARGIN,
    height: 11,
    ellipsis: true,
    lineBreak: false,
  });
  doc.moveTo(MARGIN, ROW_TOP - 8).lineTo(PAGE.width - MARGIN, ROW_TOP - 8).lineWidth(0.5).strokeColor("#999999").stroke();
}

function drawFooter(doc: PDFKit.PDFDocument, page: number, pages: number): void {
  doc.font("Helvetica").fontSize(8).fillColor("#777777").text(`Page ${page} of ${pages}`, MARGIN, PAGE.height - MARGIN - 8, {
    width: PAGE.width - 2 * MARGIN,
    align: "right",
    lineBreak: false,
  });
}

function drawNote(doc: PDFKit.PDFDocument, input: RenderNotesPdfInput, note: Note, number: number, top: number): void {
  const { report } = input;
  const bottom = top + ROW_HEIGHT - 8;
  renderThumbnail(
    doc,
    input.frames.get(note.frameIn) ?? null,
    { x: MARGIN, y: top, width: THUMB.width, height: THUMB.height },
    note.drawing ? drawingOverlay(note.drawing) : null,
  );

  const last = lastFrameOf(note);
  const tcIn = timecodeOfFrame(report, note.frameIn);
  const where = note.frameOut === null
    ? `${tcIn ? `${tcIn}  ` : ""}(frame ${note.frameIn})`
    : `${tcIn ? `${tcIn} – ${timecodeOfFrame(report, last)}  ` : ""}(frames ${note.frameIn}–${last})`;
  doc.font("Helvetica-Bold").fontSize(10).fillColor("#111111").text(`#${number}   ${where}`, TEXT_X, top, {
    width: TEXT_WIDTH - 70,
    lineBreak: false,
  });
  const isResolved = note.status === "resolved";
  doc.font("Helvetica-Bold").fontSize(8.5).fillColor(isResolved ? "#1a7f37" : "#c0392b").text(isResolved ? "RESOLVED" : "OPEN", TEXT_X, top + 1, {
    width: TEXT_WIDTH,
    align: "right",
    lineBreak: false,
  });
  const byline = `${note.author}  ·  ${note.createdAt.slice(0, 16).replace("T", " ")} UTC${note.resolvedBy ? `  ·  resolved by ${note.resolvedBy}` : ""}`;
  doc.font("Helvetica").fontSize(8.5).fillColor("#555555").text(toPrintable(byline), TEXT_X, top + 14, {
    width: TEXT_WIDTH,
    height: 11,
    ellipsis: true,
    lineBreak: false,
  });

  // The note, then its replies in what room is left; whatever does not fit ends in "…".
  const bodyTop = top + 28;
  const replies = note.replies.map((r) => `» ${r.author}: ${r.body}`).join("\n");
  const bodyRoom = bottom - bodyTop - (replies ? 24 : 0);
  doc.font("Helvetica").fontSize(9.5).fillColor("#111111").text(toPrintable(note.body), TEXT_X, bodyTop, {
    width: TEXT_WIDTH,
    height: bodyRoom,
    ellipsis: true,
  });
  if (replies) {
    const repliesTop = Math.min(doc.y + 3, bottom - 22);
    doc.font("Helvetica").fontSize(8.5).fillColor("#333333").text(toPrintable(replies), TEXT_X, repliesTop, {
      width: TEXT_WIDTH,
      height: bottom - repliesTop,
      ellipsis: true,
    });
  }
  doc.moveTo(MARGIN, top + ROW_HEIGHT - 4).lineTo(PAGE.width - MARGIN, top + ROW_HEIGHT - 4).lineWidth(0.25).strokeColor("#cccccc").stroke();
}
