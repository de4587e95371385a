import { describe, expect, it } from "vitest";
import { API_BODY_MAX_BYTES } from "@/lib/api/read-body";
import { describeZodError } from "@/lib/errors";
import {
  DRAWING_LIMITS,
  cssColorOf,
  drawingAnchorError,
  drawingByteLength,
  drawingSchema,
  roundCoordinate,
  type DrawingShape,
} from "./drawing";

const arrow: DrawingShape = { type: "arrow", color: "red", width: 0.005, from: [0.1, 0.2], to: [0.6, 0.5] };
const stroke = (points: number, offset = 0): DrawingShape => ({
  type: "freehand",
  color: "yellow",
  width: 0.004,
  // Worst-case digits: every coordinate printed with four decimals and a minus sign.
  points: Array.from({ length: points }, (_, i) => [-0.0999 + ((i + offset) % 997) / 1000, -0.0999] as [number, number]),
});

/** The message the API would answer with (lib/errors.ts maps ZodErrors this way). */
function refusalOf(input: unknown): string {
  const result = drawingSchema.safeParse(input);
  if (result.success) throw new Error("expected a refusal");
  return describeZodError(result.error).message;
}

describe("drawingSchema", () => {
  it("accepts every shape type and keeps them in order", () => {
    const drawing = {
      v: 1,
      shapes: [
        stroke(3),
        arrow,
        { type: "rectangle", color: "#00FF00", width: 0.002, from: [0.9, 0.9], to: [0.7, 0.8] },
        { type: "ellipse", color: "white", width: 0.05, from: [0, 0], to: [1, 1] },
        { type: "text", color: "black", at: [0.5, 0.5], size: 0.04, text: "  Boom mic  " },
      ],
    };
    const parsed = drawingSchema.parse(drawing);
    expect(parsed.shapes.map((s) => s.type)).toEqual(["freehand", "arrow", "rectangle", "ellipse", "text"]);
    // #rrggbb is stored lower-case, text trimmed.
    expect(parsed.shapes[2]).toMatchObject({ color: "#00ff00" });
    expect(parsed.shapes[4]).toMatchObject({ text: "Boom mic" });
  });

  it("rounds coordinates to 4 decimals (under a pixel at 8K), and never stores -0", () => {
    const parsed = drawingSchema.parse({ v: 1, shapes: [{ ...arrow, from: [0.123456, -0.00001], to: [1.0999999, 0.5] }] });
    expect(parsed.shapes[0]).toMatchObject({ from: [0.1235, 0], to: [1.1, 0.5] });
    expect(Object.is(roundCoordinate(-0.00001), 0)).toBe(true);
  });

  it("allows points a little outside the picture (−0.1..1.1) and refuses anything further", () => {
    expect(drawingSchema.safeParse({ v: 1, shapes: [{ ...arrow, from: [-0.1, 1.1] }] }).success).toBe(true);
    expect(refusalOf({ v: 1, shapes: [{ ...arrow, from: [-0.2, 0.5] }] })).toBe(
      "shapes.0.from.0: must be at least -0.1 (just outside the picture)",
    );
    expect(refusalOf({ v: 1, shapes: [{ ...arrow, to: [0.5, 7] }] })).toMatch(/^shapes\.0\.to\.1: must be at most 1\.1/);
  });

  it("refuses non-finite coordinates", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(drawingSchema.safeParse({ v: 1, shapes: [{ ...arrow, from: [bad, 0.5] }] }).success).toBe(false);
    }
  });

  it("refuses unknown versions, unknown shapes, bad colours and widths, with a message naming the field", () => {
    expect(refusalOf({ v: 2, shapes: [arrow] })).toBe("v: must be 1 (the drawing format version)");
    expect(refusalOf({ v: 1, shapes: [{ ...arrow, type: "star" }] })).toMatch(/^shapes\.0\.type: /);
    expect(refusalOf({ v: 1, shapes: [{ ...arrow, color: "#fff" }] })).toMatch(/^shapes\.0\.color: /);
    expect(refusalOf({ v: 1, shapes: [{ ...arrow, color: "url(javascript:x)" }] })).toMatch(/^shapes\.0\.color: /);
    expect(refusalOf({ v: 1, shapes: [{ ...arrow, width: 0.5 }] })).toMatch(/^shapes\.0\.width: /);
    expect(refusalOf({ v: 1, shapes: [] })).toBe("shapes: must have at least one shape (send drawing: null to remove a drawing)");
  });

  it("refuses multi-line, empty or overlong text", () => {
    const text = (t: string) => ({ v: 1, shapes: [{ type: "text", color: "red", at: [0.1, 0.1], size: 0.04, text: t }] });
    expect(refusalOf(text("two\nlines"))).toBe("shapes.0.text: must be one line of text without control characters");
    expect(refusalOf(text("   "))).toBe("shapes.0.text: must not be empty");
    expect(refusalOf(text("x".repeat(DRAWING_LIMITS.maxTextLength + 1)))).toBe("shapes.0.text: must be at most 200 characters");
    expect(drawingSchema.safeParse(text("é".repeat(DRAWING_LIMITS.maxTextLength))).success).toBe(true);
  });

  it("enforces the shape, per-stroke and total point limits", () => {
    expect(refusalOf({ v: 1, shapes: Array.from({ length: DRAWING_LIMITS.maxShapes + 1 }, () => arrow) })).toBe(
      "shapes: must have at most 100 shapes",
    );
    expect(refusalOf({ v: 1, shapes: [stroke(DRAWING_LIMITS.maxPointsPerStroke + 1)] })).toBe(
      "shapes.0.points: must have at most 500 points per stroke",
    );
    expect(drawingSchema.safeParse({ v: 1, shapes: [stroke(DRAWING_LIMITS.maxPointsPerStroke)] }).success).toBe(true);
    const fiveFullStrokes = Array.from({ length: 5 }, (_, i) => stroke(DRAWING_LIMITS.maxPointsPerStroke, i));
    expect(refusalOf({ v: 1, shapes: fiveFullStrokes })).toBe("shapes: has 2500 points; a drawing may have at most 2000");
  });

  it("keeps the largest drawing the limits allow, with the largest comment body, inside one API request", () => {
    // 2000 points in full strokes is the most points a drawing may have; 16 of its bytes each.
    const largest = drawingSchema.parse({ v: 1, shapes: Array.from({ length: 4 }, (_, i) => stroke(DRAWING_LIMITS.maxPointsPerStroke, i)) });
    expect(drawingByteLength(largest)).toBeLessThanOrEqual(DRAWING_LIMITS.maxJsonBytes);
    // A 5000-character body of 3-byte characters, and a drawing right at the byte limit.
    const atLimit = { v: 1, shapes: [{ type: "text", color: "red", at: [0, 0], size: 0.04, text: "x" }], pad: "" };
    const request = { frameIn: 2_147_483_647, frameOut: 2_147_483_647, body: "€".repeat(5000), drawing: atLimit };
    atLimit.pad = "y".repeat(DRAWING_LIMITS.maxJsonBytes - drawingByteLength(atLimit));
    expect(drawingByteLength(atLimit)).toBe(DRAWING_LIMITS.maxJsonBytes);
    expect(new TextEncoder().encode(JSON.stringify(request)).byteLength).toBeLessThan(API_BODY_MAX_BYTES);
  });

  it("refuses a drawing over the byte limit", () => {
    // Many long text labels: few points, many bytes.
    const label = { type: "text", color: "#123456", at: [-0.0999, -0.0999], size: 0.04, text: "€".repeat(200) };
    const result = refusalOf({ v: 1, shapes: Array.from({ length: 100 }, () => label) });
    expect(result).toMatch(/^is \d+ bytes of JSON; at most 40000 are allowed$/);
  });
});

describe("cssColorOf", () => {
  it("maps palette names to their hex value and passes #rrggbb through", () => {
    expect(cssColorOf("red")).toBe("#ff3b30");
    expect(cssColorOf("#12abef")).toBe("#12abef");
  });
});

describe("drawingAnchorError", () => {
  it("allows top-level comments on a frame, refuses replies and frame-less comments", () => {
    expect(drawingAnchorError({ parentId: null, frameIn: 10 })).toBeNull();
    expect(drawingAnchorError({ parentId: "p", frameIn: 10 })).toMatch(/^drawing: a reply cannot carry a drawing/);
    expect(drawingAnchorError({ parentId: null, frameIn: null })).toMatch(/^drawing: only a comment placed on a frame/);
  });
});
