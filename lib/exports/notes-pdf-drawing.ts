import { cssColorOf, type Drawing, type DrawingShape } from "@/lib/comments/drawing";
import {
  arrowGeometry,
  boxBetween,
  ellipseBetween,
  outlineColorFor,
  strokeWidthOn,
  TEXT_OUTLINE,
  textSizeOn,
  type PictureBox,
  type Point,
} from "@/lib/comments/drawing-geometry";
import type { ThumbnailOverlay } from "./notes-pdf";
import { toPrintable } from "./printable-text";

/**
 * A comment's drawing as a thumbnail overlay of the notes PDF: the same shapes the player draws
 * (components/player/drawing-render.ts), from the same geometry (lib/comments/drawing-geometry.ts),
 * as PDF vector paths over the picture — sharp at any zoom, and on exactly the picture, since
 * `renderThumbnail` clips to it. Widths and text sizes are fractions of the picture height, so a
 * marker drawn on a 1080-line player is as thick, relative to the frame, on a 99-point thumbnail.
 */

/** Paper can show finer than a screen pixel; below these a mark is no longer legible in print. */
const MIN_LINE_PT = 0.35;
const MIN_TEXT_PT = 3;

export function drawingOverlay(drawing: Drawing): ThumbnailOverlay {
  return ({ doc, picture, toPage }) => {
    for (const shape of drawing.shapes) {
      doc.save();
      drawShape(doc, shape, picture, (p) => toPage(p[0], p[1]));
      doc.restore();
    }
  };
}

function drawShape(doc: PDFKit.PDFDocument, shape: DrawingShape, picture: PictureBox, at: (p: [number, number]) => Point): void {
  const color = cssColorOf(shape.color);
  doc.strokeColor(color).fillColor(color).lineCap("round").lineJoin("round");
  if (shape.type === "text") {
    const size = textSizeOn(shape.size, picture, MIN_TEXT_PT);
    const [x, y] = at(shape.at);
    const text = toPrintable(shape.text);
    const options = { lineBreak: false, baseline: "top" as const };
    // Outline first, in the colour the text stands out from, then the text over it (as the player).
    doc.font("Helvetica-Bold").fontSize(size);
    doc.lineWidth(size * TEXT_OUTLINE).strokeColor(outlineColorFor(color));
    doc.text(text, x, y, { ...options, stroke: true, fill: false });
    doc.text(text, x, y, { ...options, stroke: false, fill: true });
    return;
  }
  const lineWidth = strokeWidthOn(shape.width, picture, MIN_LINE_PT);
  doc.lineWidth(lineWidth);
  switch (shape.type) {
    case "freehand": {
      const [first, ...rest] = shape.points.map(at);
      if (rest.length === 0) {
        // A tap is a dot, not an invisible zero-length line.
        doc.circle(first![0], first![1], lineWidth / 2).fill();
        return;
      }
      doc.moveTo(...first!);
      for (const point of rest) doc.lineTo(...point);
      doc.stroke();
      return;
    }
    case "arrow": {
      const arrow = arrowGeometry(at(shape.from), at(shape.to), lineWidth, picture.height);
      if (!arrow) return;
      doc.moveTo(...arrow.shaft[0]).lineTo(...arrow.shaft[1]).stroke();
      doc.polygon(...arrow.head).fill();
      return;
    }
    case "rectangle": {
      const box = boxBetween(at(shape.from), at(shape.to));
      doc.rect(box.x, box.y, box.width, box.height).stroke();
      return;
    }
    case "ellipse": {
      const { cx, cy, rx, ry } = ellipseBetween(at(shape.from), at(shape.to));
      doc.ellipse(cx, cy, rx, ry).stroke();
      return;
    }
  }
}
