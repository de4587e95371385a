import type { Rect } from "./picture-rect";
import { cssColorOf, type Drawing, type DrawingPoint, type DrawingShape } from "@/lib/comments/drawing";

/** A rectangle in CSS pixels of the element it lies in (the picture rect, picture-rect.ts). */
export type PixelRect = Rect;

/** A picture-normalised point in pixels of `rect`'s element. */
export function toPixels([x, y]: DrawingPoint, rect: PixelRect): [number, number] {
  return [rect.x + x * rect.width, rect.y + y * rect.height];
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

/** A stroke never thinner than one CSS pixel, however small the player. */
const MIN_LINE_PX = 1;
/** Arrowheads: long enough to read at a hairline width, in proportion for a marker. */
const ARROW_HEAD_LENGTH = { perWidth: 4, min: 0.03 };
const ARROW_HEAD_HALF_ANGLE = Math.PI / 7;
/** Text outline, as a fraction of the font size: enough to read white text on a white sky. */
const TEXT_OUTLINE = 0.16;

/** Draws `drawing` onto `ctx` over the picture at `rect` (CSS pixels; scale the context for devicePixelRatio first). */
export function renderDrawing(ctx: DrawingContext, drawing: Drawing, rect: PixelRect): void {
  for (const shape of drawing.shapes) renderShape(ctx, shape, rect);
}

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
  const lineWidth = Math.max(MIN_LINE_PX, shape.width * rect.height);
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
    case "arrow":
      renderArrow(ctx, toPixels(shape.from, rect), toPixels(shape.to, rect), lineWidth, rect);
      break;
    case "rectangle": {
      const [x0, y0] = toPixels(shape.from, rect);
      const [x1, y1] = toPixels(shape.to, rect);
      ctx.rect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
      ctx.stroke();
      break;
    }
    case "ellipse": {
      const [x0, y0] = toPixels(shape.from, rect);
      const [x1, y1] = toPixels(shape.to, rect);
      ctx.ellipse((x0 + x1) / 2, (y0 + y1) / 2, Math.abs(x1 - x0) / 2, Math.abs(y1 - y0) / 2, 0, 0, 2 * Math.PI);
      ctx.stroke();
      break;
    }
  }
  ctx.restore();
}

function renderArrow(ctx: DrawingContext, from: [number, number], to: [number, number], lineWidth: number, rect: PixelRect): void {
  const [fx, fy] = from;
  const [tx, ty] = to;
  const length = Math.hypot(tx - fx, ty - fy);
  const head = Math.max(ARROW_HEAD_LENGTH.min * rect.height, ARROW_HEAD_LENGTH.perWidth * lineWidth);
  if (length === 0) return;
  const angle = Math.atan2(ty - fy, tx - fx);
  // The shaft stops inside the head, so its round cap does not poke through the point.
  const shaft = Math.max(0, length - head * 0.6);
  ctx.moveTo(fx, fy);
  ctx.lineTo(fx + Math.cos(angle) * shaft, fy + Math.sin(angle) * shaft);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(tx, ty);
  ctx.lineTo(tx - head * Math.cos(angle - ARROW_HEAD_HALF_ANGLE), ty - head * Math.sin(angle - ARROW_HEAD_HALF_ANGLE));
  ctx.lineTo(tx - head * Math.cos(angle + ARROW_HEAD_HALF_ANGLE), ty - head * Math.sin(angle + ARROW_HEAD_HALF_ANGLE));
  ctx.closePath();
  ctx.fill();
}

function renderText(ctx: DrawingContext, shape: Extract<DrawingShape, { type: "text" }>, rect: PixelRect): void {
  const fontPx = Math.max(8, shape.size * rect.height);
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

/** Black around light colours, white around dark ones (relative luminance of the #rrggbb). */
export function outlineColorFor(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.35 ? "#000000" : "#ffffff";
}
