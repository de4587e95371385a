import { z } from "zod";

/**
 * A drawing on the frame of a comment (docs/drawing.md): vector shapes in picture-normalised
 * coordinates. Shared by the server (validation before storage) and the browser (editor, renderer),
 * so nothing here may import the database or Node.
 *
 * Coordinates: x is a fraction of the displayed picture's width, y of its height, (0,0) top left,
 * (1,1) bottom right. "Displayed picture" is the picture as the player shows it: rotated and with
 * square pixels (the renditions are made that way), so a drawing stays on the same pixels whatever
 * the player's size or letterboxing. Lengths (stroke width, text size) are fractions of the picture's
 * height, so they scale with the player too.
 */

/** Format version: a reader refuses versions it does not know instead of drawing them wrong. */
export const DRAWING_FORMAT_VERSION = 1;

/**
 * Size limits. A drawing is an annotation (a circle, an arrow, a word), not artwork; the limits
 * leave room for a busy note and keep a comment, drawing included, inside one API request body
 * (lib/api/read-body.ts, 64 KiB) and one frame's redraw well under a millisecond.
 */
export const DRAWING_LIMITS = {
  /** Shapes per drawing: a hundred separate marks is already more than a note needs. */
  maxShapes: 100,
  /**
   * Points per freehand stroke: the editor drops points closer than MIN_POINT_SPACING, so 500
   * points is a stroke going several times across the whole picture.
   */
  maxPointsPerStroke: 500,
  /** Points in the whole drawing, every stroke together (each point is ~16 bytes of JSON). */
  maxTotalPoints: 2000,
  /** Characters of one text label: a label, not a paragraph (the comment holds the prose). */
  maxTextLength: 200,
  /**
   * Bytes of the drawing's JSON: 2000 points fit in ~36 KB. With the largest comment body (5000
   * characters, up to 15 KB of UTF-8) the request stays under the 64 KiB API body limit.
   */
  maxJsonBytes: 40_000,
} as const;

/**
 * How far outside the picture a point may lie. An arrow dragged from beyond the edge, or a circle
 * around something at the border, naturally overshoots a little; anything further is a bug or a
 * forged request, and cannot be seen anyway.
 */
export const COORDINATE_MIN = -0.1;
export const COORDINATE_MAX = 1.1;

/** Points are stored to 4 decimals: 1/10,000 of the picture is under a pixel even at 8K width. */
const COORDINATE_DECIMALS = 4;
export function roundCoordinate(value: number): number {
  const factor = 10 ** COORDINATE_DECIMALS;
  // `+ 0` turns -0 into 0, so a rounded drawing serialises the same way every time.
  return Math.round(value * factor) / factor + 0;
}

/** The colours offered in the toolbar; a drawing may also use any #rrggbb. */
export const DRAWING_PALETTE = {
  red: "#ff3b30",
  orange: "#ff9500",
  yellow: "#ffcc00",
  green: "#34c759",
  cyan: "#32d2f0",
  blue: "#0a84ff",
  magenta: "#ff2d92",
  white: "#ffffff",
  black: "#000000",
} as const;
export type PaletteColor = keyof typeof DRAWING_PALETTE;
const paletteNames = Object.keys(DRAWING_PALETTE) as [PaletteColor, ...PaletteColor[]];

export const drawingColorSchema = z.union([
  z.enum(paletteNames),
  z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a palette colour or #rrggbb")
    // overwrite, not transform: the type stays a string, so the schema still renders as JSON Schema (the API's OpenAPI document).
    .overwrite((s) => s.toLowerCase()),
]);
export type DrawingColor = z.infer<typeof drawingColorSchema>;

/** The CSS colour of a drawing colour (palette name or #rrggbb). */
export function cssColorOf(color: DrawingColor): string {
  return color in DRAWING_PALETTE ? DRAWING_PALETTE[color as PaletteColor] : color;
}

/** Stroke width as a fraction of the picture height: 0.001 is a hairline, 0.05 a marker 1/20 of the picture tall. */
export const STROKE_WIDTH_MIN = 0.001;
export const STROKE_WIDTH_MAX = 0.05;
const strokeWidthSchema = z.number().min(STROKE_WIDTH_MIN).max(STROKE_WIDTH_MAX);

/** Text height as a fraction of the picture height. */
export const TEXT_SIZE_MIN = 0.02;
export const TEXT_SIZE_MAX = 0.2;

const coordinateSchema = z
  .number()
  .min(COORDINATE_MIN, `must be at least ${COORDINATE_MIN} (just outside the picture)`)
  .max(COORDINATE_MAX, `must be at most ${COORDINATE_MAX} (just outside the picture)`)
  .overwrite(roundCoordinate);
// z.number() refuses NaN and ±Infinity (and JSON cannot carry them), so every point is finite.
export const drawingPointSchema = z.tuple([coordinateSchema, coordinateSchema]);
export type DrawingPoint = [x: number, y: number];

const strokeFields = { color: drawingColorSchema, width: strokeWidthSchema };

export const freehandShapeSchema = z.object({
  type: z.literal("freehand"),
  ...strokeFields,
  points: z
    .array(drawingPointSchema)
    .min(1, "must have at least one point")
    .max(DRAWING_LIMITS.maxPointsPerStroke, `must have at most ${DRAWING_LIMITS.maxPointsPerStroke} points per stroke`),
});
/** From the tail to the head (where the arrowhead is drawn). */
export const arrowShapeSchema = z.object({ type: z.literal("arrow"), ...strokeFields, from: drawingPointSchema, to: drawingPointSchema });
/** Two opposite corners, in either order. */
export const rectangleShapeSchema = z.object({
  type: z.literal("rectangle"),
  ...strokeFields,
  from: drawingPointSchema,
  to: drawingPointSchema,
});
/** The ellipse inscribed in the box of two opposite corners. */
export const ellipseShapeSchema = z.object({ type: z.literal("ellipse"), ...strokeFields, from: drawingPointSchema, to: drawingPointSchema });
/** One line of text; `at` is its top-left corner, `size` its height (fraction of the picture height). */
export const textShapeSchema = z.object({
  type: z.literal("text"),
  color: drawingColorSchema,
  at: drawingPointSchema,
  size: z.number().min(TEXT_SIZE_MIN).max(TEXT_SIZE_MAX),
  text: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(DRAWING_LIMITS.maxTextLength, `must be at most ${DRAWING_LIMITS.maxTextLength} characters`)
    // One line: control characters (newlines, tabs, NUL) have no place in a label on the picture.
    .regex(/^[^\p{Cc}]*$/u, "must be one line of text without control characters"),
});

export const drawingShapeSchema = z.discriminatedUnion("type", [
  freehandShapeSchema,
  arrowShapeSchema,
  rectangleShapeSchema,
  ellipseShapeSchema,
  textShapeSchema,
]);
export type DrawingShape = z.infer<typeof drawingShapeSchema>;
export type DrawingShapeType = DrawingShape["type"];

/** Points a shape contributes to the total-points limit (a text label counts as one). */
export function pointCountOf(shape: DrawingShape): number {
  switch (shape.type) {
    case "freehand":
      return shape.points.length;
    case "text":
      return 1;
    default:
      return 2;
  }
}

/** Bytes of the drawing's JSON as it is sent and stored (UTF-8). */
export function drawingByteLength(drawing: unknown): number {
  return new TextEncoder().encode(JSON.stringify(drawing)).byteLength;
}

export const drawingSchema = z
  .object({
    v: z.literal(DRAWING_FORMAT_VERSION, { error: `must be ${DRAWING_FORMAT_VERSION} (the drawing format version)` }),
    shapes: z
      .array(drawingShapeSchema)
      .min(1, "must have at least one shape (send drawing: null to remove a drawing)")
      .max(DRAWING_LIMITS.maxShapes, `must have at most ${DRAWING_LIMITS.maxShapes} shapes`),
  })
  .superRefine((drawing, ctx) => {
    const points = drawing.shapes.reduce((sum, shape) => sum + pointCountOf(shape), 0);
    if (points > DRAWING_LIMITS.maxTotalPoints) {
      ctx.addIssue({
        code: "custom",
        path: ["shapes"],
        message: `has ${points} points; a drawing may have at most ${DRAWING_LIMITS.maxTotalPoints}`,
      });
    }
    const bytes = drawingByteLength(drawing);
    if (bytes > DRAWING_LIMITS.maxJsonBytes) {
      ctx.addIssue({ code: "custom", message: `is ${bytes} bytes of JSON; at most ${DRAWING_LIMITS.maxJsonBytes} are allowed` });
    }
  });
export type Drawing = z.infer<typeof drawingSchema>;

/**
 * A drawing as read back from `comments.drawing`. It was validated when written; parsing again keeps
 * a row written by a later format (or edited by hand) from breaking the whole comment list: such a
 * drawing is shown as none.
 */
export function readStoredDrawing(value: unknown): Drawing | null {
  if (value === null || value === undefined) return null;
  const parsed = drawingSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Why a comment cannot carry a drawing, or null when it can. A drawing belongs to the frame (or
 * range) a thread is placed on: a reply has no frame of its own (it is sent without one and
 * inherits its thread's), so it cannot; nor could a comment without a frame at all.
 */
export function drawingAnchorError(comment: { parentId: string | null; frameIn: number | null }): string | null {
  if (comment.frameIn === null) return "drawing: only a comment placed on a frame or a range can carry a drawing";
  if (comment.parentId !== null) {
    return "drawing: a reply cannot carry a drawing; draw on the thread's first comment, which is placed on the frame";
  }
  return null;
}
