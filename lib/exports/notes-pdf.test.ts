import { describe, expect, it } from "vitest";
import { FRAME_RATES } from "@/lib/timecode";
import PDFDocument from "pdfkit";
import { fitPicture, jpegSize, notesPdfPageCount, renderNotesPdf, renderThumbnail, toPrintable, type ThumbnailOverlay } from "./notes-pdf";
import { inspectPdf } from "./test-pdf";
import { note, sampleReport } from "./test-report";

// The smallest baseline JPEG there is (1×1 grey): enough for pdfkit to embed as a DCT image.
const TINY_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);

function reportWith(count: number) {
  return sampleReport({
    rate: FRAME_RATES["23.976"],
    start: "01:00:00:00",
    notes: Array.from({ length: count }, (_, i) =>
      note({ frameIn: i * 10, frameOut: i % 3 === 0 ? i * 10 + 5 : null, body: `Note ${i + 1}`, replies: i % 2 ? [{ author: "Ana", body: "Done", createdAt: "x" }] : [] }),
    ),
  });
}

describe("renderNotesPdf", () => {
  it.each([
    [0, [0]],
    [1, [1]],
    [6, [6]],
    [7, [6, 1]],
    [13, [6, 6, 1]],
  ])("%i notes: ceil(n/6) pages (at least one), each with the pictures of its notes", async (count, perPage) => {
    const report = reportWith(count);
    const frames = new Map(report.notes.map((n) => [n.frameIn, Buffer.from(TINY_JPEG)]));
    const pdf = await inspectPdf(await renderNotesPdf({ report, frames, generatedAt: new Date("2026-11-30T06:00:00Z") }));
    expect(pdf.pages).toBe(notesPdfPageCount(count));
    expect(pdf.imagesPerPage.map((images) => images.length)).toEqual(perPage);
    expect(pdf.imagesPerPage.flat().every((i) => i.filter === "/DCTDecode")).toBe(true);
    expect(pdf.title).toBe("Notes: Night Train (NGT_S01) — SH010 comp v3");
  });

  it("draws a grey box instead of a picture for a note without a frame", async () => {
    const report = reportWith(2);
    const frames = new Map([[report.notes[0]!.frameIn, TINY_JPEG]]);
    const pdf = await inspectPdf(await renderNotesPdf({ report, frames, generatedAt: new Date() }));
    expect(pdf.imagesPerPage).toEqual([[{ width: 1, height: 1, filter: "/DCTDecode" }]]);
  });

  it("hands a thumbnail's overlay the picture's rectangle, mapping 0–1 picture coordinates onto it", async () => {
    const seen: [number, number][] = [];
    const overlay: ThumbnailOverlay = ({ doc, toPage }) => {
      const [x0, y0] = toPage(0, 0);
      const [x1, y1] = toPage(1, 1);
      seen.push([x0, y0], [x1, y1]);
      doc.moveTo(x0, y0).lineTo(x1, y1).stroke("#ff0000");
    };
    const doc = new PDFDocument({ size: "A4", margin: 0 });
    const picture = renderThumbnail(doc, TINY_JPEG, { x: 36, y: 82, width: 176, height: 99 }, overlay);
    doc.end();
    // A 1×1 picture fitted into the 176×99 cell at (36, 82): a centred 99×99 square.
    expect(picture).toEqual({ x: 74.5, y: 82, width: 99, height: 99 });
    expect(seen).toEqual([[74.5, 82], [173.5, 181]]);
  });
});

describe("helpers", () => {
  it("reads a JPEG's size from its SOF segment", () => {
    expect(jpegSize(TINY_JPEG)).toEqual({ width: 1, height: 1 });
    expect(jpegSize(Buffer.from("not a jpeg"))).toBeNull();
  });

  it("fits a picture into a cell keeping its aspect ratio", () => {
    expect(fitPicture({ width: 1920, height: 1080 }, { x: 0, y: 0, width: 176, height: 99 })).toEqual({ x: 0, y: 0, width: 176, height: 99 });
    expect(fitPicture({ width: 1080, height: 1920 }, { x: 10, y: 0, width: 176, height: 99 }).height).toBe(99);
  });

  it("keeps what Helvetica can print and replaces the rest", () => {
    expect(toPrintable("Scène – “ok” €5")).toBe("Scène – “ok” €5");
    expect(toPrintable("ﬁx\tit 東京 ✓")).toBe("fix it ?? ?");
  });
});
