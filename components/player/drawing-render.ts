import type { Rect } from "./picture-rect";
import { cssColorOf, type Drawing, type DrawingPoint, type DrawingShape } from "@/lib/comments/drawing";
import {
  arrowGeometry,
  boxBetween,
  ellipseBetween,
  outlineColorFor,
  pointOnPicture,
  strokeWidthOn,
  TEXT_OUTLINE,
  textSizeOn,
} from "@/lib/comments/drawing-geometry";

/** A rectangle in CSS pixels of the element it lies in (the picture rect, picture-rect.ts). */
export type PixelRect = Rect;

/** A picture-normalised point in pixels of `rect`'s element. */
export function toPixels(point: DrawingPoint, rect: PixelRect): [number, number] {
  return pointOnPicture(point, rect);
}

/** A point in the element's pixels as picture-normalised coordinates (the inverse of toPixels). */
export function toPicture(px: number, py: number, rect: PixelRect): DrawingPoint {
  return [(px - rect.x) / rect.width, (py - rect.y) / rect.height];
}

/** The parts of CanvasRenderingContext2D a drawing needs (so tests can record what is drawn). */
export type DrawingContext = Pick<
  CanvasRenderingContext2D,
  | "save"
  | "restore"
  | "beginPath"
  | "closePath"
  | "moveTo"
  | "lineTo"
  | "arc"
  | "ellipse"
  | "rect"
  | "stroke"
  | "fill"
  | "strokeText"
  | "fillText"
  | "strokeStyle"
  | "fillStyle"
  | "lineWidth"
  | "lineCap"
  | "lineJoin"
  | "font"
  | "textBaseline"
  | "textAlign"
>;

/** A stroke never thinner than one CSS pixel, text never smaller than 8, however small the player. */
const MIN_LINE_PX = 1;
const MIN_TEXT_PX = 8;

/** Draws `drawing` onto `ctx` over the picture at `rect` (CSS pixels; scale the context for devicePixelRatio first). */
export function renderDrawing(ctx: DrawingContext, drawing: Drawing, rect: PixelRect): void {
  for (const shape of drawing.shapes) renderShape(ctx, shape, rect);
}

/** The geometry (arrowheads, ellipse bounds, sizes) is lib/comments/drawing-geometry.ts, shared with the PDF report. */
export function renderShape(ctx: DrawingContext, shape: DrawingShape, rect: PixelRect): void {
  ctx.save();
  const color = cssColorOf(shape.color);
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  if (shape.type === "text") {
    renderText(ctx, shape, rect);
    ctx.restore();
    return;
  }
  const lineWidth = strokeWidthOn(shape.width, rect, MIN_LINE_PX);
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  switch (shape.type) {
    case "freehand": {
      const [first, ...rest] = shape.points.map((p) => toPixels(p, rect));
      if (rest.length === 0) {
        // A tap is a dot, not an invisible zero-length line.
        ctx.arc(first![0], first![1], lineWidth / 2, 0, 2 * Math.PI);
        ctx.fill();
        break;
      }
      ctx.moveTo(first![0], first![1]);
      for (const [x, y] of rest) ctx.lineTo(x, y);
      ctx.stroke();
      break;
    }
    case "arrow": {
      const arrow = arrowGeometry(toPixels(shape.from, rect), toPixels(shape.to, rect), lineWidth, rect.height);
      if (!arrow) break;
      const [tail, shaftEnd] = arrow.shaft;
      ctx.moveTo(...tail);
      ctx.lineTo(...shaftEnd);
      ctx.stroke();
      ctx.beginPath();
      const [tip, wing1, wing2] = arrow.head;
      ctx.moveTo(...tip);
      ctx.lineTo(...wing1);
      ctx.lineTo(...wing2);
      ctx.closePath();
      ctx.fill();
      break;
    }
    case "rectangle": {
      const box = boxBetween(toPixels(shape.from, rect), toPixels(shape.to, rect));
      ctx.rect(box.x, box.y, box.width, box.height);
      ctx.stroke();
      break;
    }
    case "ellipse": {
      const { cx, cy, rx, ry } = ellipseBetween(toPixels(shape.from, rect), toPixels(shape.to, rect));
      ctx.ellipse(cx, cy, rx, ry, 0, 0, 2 * Math.PI);
      ctx.stroke();
      break;
    }
  }
  ctx.restore();
}

function renderText(ctx: DrawingContext, shape: Extract<DrawingShape, { type: "text" }>, rect: PixelRect): void {
  const fontPx = textSizeOn(shape.size, rect, MIN_TEXT_PX);
  const [x, y] = toPixels(shape.at, rect);
  ctx.font = `600 ${fontPx}px ui-sans-serif, system-ui, sans-serif`;
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  // Outline first, in the colour the text stands out from, then the text over it.
  ctx.strokeStyle = outlineColorFor(cssColorOf(shape.color));
  ctx.lineWidth = fontPx * TEXT_OUTLINE;
  ctx.strokeText(shape.text, x, y);
  ctx.fillText(shape.text, x, y);
}
