import { describe, expect, it } from "vitest";
import type { Drawing, DrawingShape } from "@/lib/comments/drawing";
import { outlineColorFor } from "@/lib/comments/drawing-geometry";
import { renderDrawing, toPicture, toPixels, type DrawingContext, type PixelRect } from "./drawing-render";

describe("toPixels / toPicture", () => {
  it("map picture corners to the picture rect's corners and back", () => {
    const rect = { x: 200, y: 0, width: 1200, height: 900 };
    expect(toPixels([0, 0], rect)).toEqual([200, 0]);
    expect(toPixels([1, 1], rect)).toEqual([1400, 900]);
    expect(toPicture(800, 450, rect)).toEqual([0.5, 0.5]);
  });
});

/** Records every call and property write, in order, as a canvas would receive them. */
function recordingContext(): DrawingContext & { log: unknown[][] } {
  const log: unknown[][] = [];
  const target: Record<string, unknown> = { log };
  return new Proxy(target, {
    get(t, key: string) {
      if (key in t) return t[key];
      return (...args: unknown[]) => log.push([key, ...args]);
    },
    set(_t, key: string, value: unknown) {
      log.push([`${key}=`, value]);
      return true;
    },
  }) as unknown as DrawingContext & { log: unknown[][] };
}
const calls = (ctx: { log: unknown[][] }, name: string) => ctx.log.filter(([n]) => n === name);
const picture: PixelRect = { x: 100, y: 50, width: 800, height: 400 };
const draw = (...shapes: DrawingShape[]) => {
  const ctx = recordingContext();
  renderDrawing(ctx, { v: 1, shapes } satisfies Drawing, picture);
  return ctx;
};

describe("renderDrawing", () => {
  it("strokes a freehand line through its points in the picture's pixels, with the width scaled to the picture height", () => {
    const ctx = draw({ type: "freehand", color: "red", width: 0.01, points: [[0, 0], [0.5, 0.5], [1, 1]] });
    expect(calls(ctx, "moveTo")).toEqual([["moveTo", 100, 50]]);
    expect(calls(ctx, "lineTo")).toEqual([["lineTo", 500, 250], ["lineTo", 900, 450]]);
    expect(calls(ctx, "lineWidth=")).toEqual([["lineWidth=", 4]]);
    expect(calls(ctx, "strokeStyle=")).toEqual([["strokeStyle=", "#ff3b30"]]);
    expect(calls(ctx, "stroke")).toHaveLength(1);
  });

  it("draws a single-point stroke as a dot, and never a line thinner than one pixel", () => {
    const ctx = recordingContext();
    renderDrawing(ctx, { v: 1, shapes: [{ type: "freehand", color: "#123456", width: 0.001, points: [[0.5, 0.5]] }] }, { x: 0, y: 0, width: 160, height: 90 });
    expect(calls(ctx, "lineWidth=")).toEqual([["lineWidth=", 1]]);
    expect(calls(ctx, "arc")).toEqual([["arc", 80, 45, 0.5, 0, 2 * Math.PI]]);
    expect(calls(ctx, "fill")).toHaveLength(1);
    expect(calls(ctx, "stroke")).toHaveLength(0);
  });

  it("draws an arrow's shaft short of the point and a filled head whose tip is the arrow's end", () => {
    const ctx = draw({ type: "arrow", color: "yellow", width: 0.005, from: [0, 0.5], to: [0.5, 0.5] });
    // Horizontal arrow from (100, 250) to (500, 250); head = max(0.03 × 400, 4 × 2) = 12 px.
    expect(calls(ctx, "moveTo")).toEqual([["moveTo", 100, 250], ["moveTo", 500, 250]]);
    const [shaftEnd, wing1, wing2] = calls(ctx, "lineTo") as [string, number, number][];
    expect(shaftEnd![1]).toBeCloseTo(500 - 12 * 0.6, 9);
    expect(shaftEnd![2]).toBeCloseTo(250, 9);
    // The wings lie behind the tip, one either side of the shaft.
    expect(wing1![1]).toBeLessThan(500);
    expect(wing2![1]).toBeLessThan(500);
    expect(Math.sign(wing1![2] - 250)).toBe(-Math.sign(wing2![2] - 250));
    expect(Math.hypot(wing1![1] - 500, wing1![2] - 250)).toBeCloseTo(12, 9);
    expect(calls(ctx, "fill")).toHaveLength(1);
  });

  it("draws rectangles and ellipses from either pair of opposite corners", () => {
    const ctx = draw(
      { type: "rectangle", color: "white", width: 0.005, from: [0.75, 1], to: [0.25, 0.5] },
      { type: "ellipse", color: "white", width: 0.005, from: [0.75, 1], to: [0.25, 0.5] },
    );
    expect(calls(ctx, "rect")).toEqual([["rect", 300, 250, 400, 200]]);
    expect(calls(ctx, "ellipse")).toEqual([["ellipse", 500, 350, 200, 100, 0, 0, 2 * Math.PI]]);
  });

  it("outlines text before filling it, so it reads on any picture; size scales with the picture height", () => {
    const ctx = draw({ type: "text", color: "white", at: [0.5, 0.25], size: 0.1, text: "Boom" });
    const order = ctx.log.map(([n]) => n).filter((n) => n === "strokeText" || n === "fillText");
    expect(order).toEqual(["strokeText", "fillText"]);
    expect(calls(ctx, "fillText")).toEqual([["fillText", "Boom", 500, 150]]);
    expect(calls(ctx, "font=")[0]![1]).toMatch(/^600 40px /);
    // White text: a black outline; the fill stays white.
    expect(calls(ctx, "strokeStyle=").at(-1)).toEqual(["strokeStyle=", "#000000"]);
    expect(calls(ctx, "fillStyle=")).toEqual([["fillStyle=", "#ffffff"]]);
  });

  it("leaves the context as it found it after every shape (save/restore paired)", () => {
    const ctx = draw(
      { type: "freehand", color: "red", width: 0.01, points: [[0, 0]] },
      { type: "text", color: "red", at: [0, 0], size: 0.05, text: "x" },
      { type: "arrow", color: "red", width: 0.01, from: [0.2, 0.2], to: [0.2, 0.2] },
    );
    expect(calls(ctx, "save")).toHaveLength(3);
    expect(calls(ctx, "restore")).toHaveLength(3);
  });
});

describe("outlineColorFor", () => {
  it("outlines light colours in black and dark ones in white", () => {
    expect(outlineColorFor("#ffffff")).toBe("#000000");
    expect(outlineColorFor("#ffcc00")).toBe("#000000");
    expect(outlineColorFor("#000000")).toBe("#ffffff");
    expect(outlineColorFor("#0a84ff")).toBe("#ffffff");
  });
});
