import type { DrawingPoint } from "./drawing";

/**
 * The geometry of a drawing's shapes on a picture of any size, in whatever unit the picture is given
 * (CSS pixels for the player's canvas, PDF points for the notes report). Both renderers draw from
 * these numbers, so an arrowhead, an ellipse or a label has the same proportions on screen and on
 * paper. Pure: no canvas, no pdfkit.
 */

/** Where the picture lies in the renderer's space: its top-left corner and its size. */
export type PictureBox = { x: number; y: number; width: number; height: number };
export type Point = [x: number, y: number];

/** A picture-normalised point in the renderer's space. */
export function pointOnPicture([u, v]: DrawingPoint, box: PictureBox): Point {
  return [box.x + u * box.width, box.y + v * box.height];
}

/**
 * A stroke width (fraction of the picture height) in the renderer's unit, never thinner than
 * `minimum` (the canvas keeps one CSS pixel; paper can go finer).
 */
export function strokeWidthOn(width: number, box: PictureBox, minimum: number): number {
  return Math.max(minimum, width * box.height);
}

/** A text size (fraction of the picture height) in the renderer's unit, never smaller than `minimum`. */
export function textSizeOn(size: number, box: PictureBox, minimum: number): number {
  return Math.max(minimum, size * box.height);
}

/** Text outline width as a fraction of the font size: enough to read white text on a white sky. */
export const TEXT_OUTLINE = 0.16;

/** Arrowheads: long enough to read at a hairline width, in proportion for a marker. */
const ARROW_HEAD_LENGTH = { perWidth: 4, min: 0.03 };
const ARROW_HEAD_HALF_ANGLE = Math.PI / 7;

/**
 * An arrow from `from` to `to` (renderer space) stroked `lineWidth` wide on a picture `pictureHeight`
 * tall: the shaft, which stops inside the head so its round cap does not poke through the point, and
 * the head's triangle (tip first). Null for an arrow of no length (nothing to draw).
 */
export function arrowGeometry(
  from: Point,
  to: Point,
  lineWidth: number,
  pictureHeight: number,
): { shaft: [Point, Point]; head: [Point, Point, Point] } | null {
  const [fx, fy] = from;
  const [tx, ty] = to;
  const length = Math.hypot(tx - fx, ty - fy);
  if (length === 0) return null;
  const head = Math.max(ARROW_HEAD_LENGTH.min * pictureHeight, ARROW_HEAD_LENGTH.perWidth * lineWidth);
  const angle = Math.atan2(ty - fy, tx - fx);
  const shaft = Math.max(0, length - head * 0.6);
  return {
    shaft: [
      [fx, fy],
      [fx + Math.cos(angle) * shaft, fy + Math.sin(angle) * shaft],
    ],
    head: [
      [tx, ty],
      [tx - head * Math.cos(angle - ARROW_HEAD_HALF_ANGLE), ty - head * Math.sin(angle - ARROW_HEAD_HALF_ANGLE)],
      [tx - head * Math.cos(angle + ARROW_HEAD_HALF_ANGLE), ty - head * Math.sin(angle + ARROW_HEAD_HALF_ANGLE)],
    ],
  };
}

/** The box of two opposite corners given in either order. */
export function boxBetween([x0, y0]: Point, [x1, y1]: Point): PictureBox {
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}

/** The ellipse inscribed in the box of two opposite corners: centre and radii. */
export function ellipseBetween(a: Point, b: Point): { cx: number; cy: number; rx: number; ry: number } {
  const box = boxBetween(a, b);
  return { cx: box.x + box.width / 2, cy: box.y + box.height / 2, rx: box.width / 2, ry: box.height / 2 };
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
