import { describe, expect, it } from "vitest";
import type { Drawing } from "@/lib/comments/drawing";
import { renderNotesPdf } from "./notes-pdf";
import { pageContents } from "./test-pdf";
import { note, sampleReport } from "./test-report";

// A 16×9 grey baseline JPEG would do as well; 1×1 is fitted as a 99×99 square at (74.5, 82).
const TINY_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);

async function contentOf(drawing: Drawing | null): Promise<string> {
  const report = sampleReport({ notes: [note({ frameIn: 0, body: "See the drawing", drawing })] });
  const [page] = await pageContents(await renderNotesPdf({ report, frames: new Map([[0, TINY_JPEG]]), generatedAt: new Date("2026-11-30T06:00:00Z") }));
  return page!;
}

describe("a note's drawing on its PDF thumbnail", () => {
  it("becomes vector paths in the drawing's colours, mapped onto the picture", async () => {
    const content = await contentOf({
      v: 1,
      shapes: [
        { type: "rectangle", color: "#00ff00", width: 0.01, from: [0.5, 0.5], to: [0, 0] },
        { type: "arrow", color: "red", width: 0.01, from: [0, 0], to: [1, 1] },
        { type: "ellipse", color: "blue", width: 0.02, from: [0.25, 0.25], to: [0.75, 0.75] },
        { type: "freehand", color: "yellow", width: 0.01, points: [[0.1, 0.9], [0.2, 0.8], [0.3, 0.9]] },
        { type: "text", color: "white", at: [0.1, 0.1], size: 0.1, text: "Boom" },
      ],
    });
    // pdfkit draws in top-left page coordinates (one flip at the page's start); colours as DeviceRGB 0–1.
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).join(" ");
    const stroked = (hex: string) => `${rgb(hex)} SCN`;
    // The rectangle from either corner: x 74.5, top 82, 49.5 × 49.5, stroked green, 0.99 pt (0.01 × 99).
    expect(content).toContain(`${stroked("#00ff00")}\n`);
    expect(content).toContain("0.99 w\n74.5 82 49.5 49.5 re\nS\n");
    // The arrow: the shaft from the picture's top left, stopping short of the tip, stroked red; then the
    // head's triangle from the tip at the picture's bottom right, filled red.
    expect(content).toContain(`${stroked("#ff3b30")}\n`);
    expect(content).toMatch(/74\.5 82 m\n171\.8\d* 179\.3\d* l\nS\n173\.5 181 m\n[\d. ]+ l\n[\d. ]+ l\nh\nf\n/);
    // The ellipse as four Bézier curves around (124, 131.5), 2 × 0.99 pt wide, stroked blue.
    expect(content).toContain(`${stroked("#0a84ff")}\n`);
    expect(content).toMatch(/1\.98 w\n99\.25 131\.5 m\n(?:[\d. ]+ c\n){4}h\nS\n/);
    // The freehand stroke through its points, yellow.
    expect(content).toContain(`${stroked("#ffcc00")}\n`);
    expect(content).toContain("84.4 171.1 m\n94.3 161.2 l\n104.2 171.1 l\nS\n");
    // The label at 9.9 pt (0.1 × 99): outlined in black (stroke rendering mode), then filled.
    expect(content).toMatch(/\/F\d+ 9\.9 Tf\n1 Tr\n\[<426f6f6d> 0\] TJ/);
    expect(content).toMatch(/\/F\d+ 9\.9 Tf\n(?:0 Tr\n)?\[<426f6f6d> 0\] TJ/);
    // All of it clipped to the picture.
    expect(content).toContain("74.5 82 99 99 re\nW n\n");
  });

  it("draws nothing over a note without one", async () => {
    const content = await contentOf(null);
    expect(content).not.toMatch(/W n/);
    expect(content).not.toContain("scn\n1 J\n1 j\n");
  });
});
