import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DRAWING_LIMITS, drawingSchema, type DrawingPoint, type DrawingShape } from "@/lib/comments/drawing";
import {
  MIN_POINT_SPACING,
  canRedo,
  canUndo,
  drawingEditorReducer,
  drawingOf,
  initialDrawingEditorState,
  previewOf,
  type DrawingEditorAction,
  type DrawingEditorState,
  type DrawingTool,
} from "./drawing-editor";

const run = (state: DrawingEditorState, ...actions: DrawingEditorAction[]) => actions.reduce(drawingEditorReducer, state);
const drag = (from: DrawingPoint, ...rest: DrawingPoint[]): DrawingEditorAction[] => [
  { type: "pointerDown", point: from },
  ...rest.slice(0, -1).map((point) => ({ type: "pointerMove" as const, point })),
  { type: "pointerUp", point: rest[rest.length - 1] ?? from },
];
const withTool = (tool: DrawingTool) => run(initialDrawingEditorState(), { type: "setTool", tool });

describe("drawing editor: shapes from pointer events", () => {
  it("makes an arrow from where the pointer went down to where it came up, in the chosen colour and width", () => {
    const s = run(withTool("arrow"), { type: "setColor", color: "yellow" }, { type: "setWidth", width: 0.012 }, ...drag([0.1, 0.2], [0.3, 0.3], [0.5, 0.6]));
    expect(s.shapes).toEqual([{ type: "arrow", color: "yellow", width: 0.012, from: [0.1, 0.2], to: [0.5, 0.6] }]);
    expect(s.draft).toBeNull();
  });

  it("shows the shape being drawn in the preview before the pointer comes up, and keeps it out of the drawing", () => {
    const s = run(withTool("rectangle"), { type: "pointerDown", point: [0.1, 0.1] }, { type: "pointerMove", point: [0.4, 0.5] });
    expect(previewOf(s)?.shapes).toEqual([{ type: "rectangle", color: "red", width: 0.006, from: [0.1, 0.1], to: [0.4, 0.5] }]);
    expect(drawingOf(s)).toBeNull();
  });

  it("drops a click without a drag for arrows, rectangles and ellipses", () => {
    for (const tool of ["arrow", "rectangle", "ellipse"] as const) {
      expect(run(withTool(tool), ...drag([0.5, 0.5], [0.501, 0.502])).shapes).toEqual([]);
    }
  });

  it("keeps a freehand stroke's points, dropping those closer than the minimum spacing; a tap is a one-point dot", () => {
    const close = 0.5 + MIN_POINT_SPACING / 2;
    const s = run(withTool("freehand"), ...drag([0.5, 0.5], [close, 0.5], [0.6, 0.5], [0.7, 0.6]));
    expect((s.shapes[0] as Extract<DrawingShape, { type: "freehand" }>).points).toEqual([[0.5, 0.5], [0.6, 0.5], [0.7, 0.6]]);
    const tap = run(withTool("freehand"), ...drag([0.2, 0.2]));
    expect(tap.shapes).toEqual([{ type: "freehand", color: "red", width: 0.006, points: [[0.2, 0.2]] }]);
  });

  it("pulls points dragged off the picture to the edge a drawing may hold (−0.1..1.1), rounded", () => {
    const s = run(withTool("arrow"), ...drag([-3, 0.123456], [2, 1.5]));
    expect(s.shapes[0]).toMatchObject({ from: [-0.1, 0.1235], to: [1.1, 1.1] });
  });

  it("places text where the pointer went down, once typed; empty text adds nothing", () => {
    const waiting = run(withTool("text"), { type: "pointerDown", point: [0.3, 0.4] });
    expect(waiting.pendingTextAt).toEqual([0.3, 0.4]);
    const s = run(waiting, { type: "commitText", text: "  Boom  " });
    expect(s.shapes).toEqual([{ type: "text", color: "red", at: [0.3, 0.4], size: 0.048, text: "Boom" }]);
    expect(s.pendingTextAt).toBeNull();
    expect(run(waiting, { type: "commitText", text: "   " }).shapes).toEqual([]);
    expect(run(waiting, { type: "cancelText" }).pendingTextAt).toBeNull();
  });

  it("refuses text over the length limit with a notice, keeping the label open to shorten", () => {
    const waiting = run(withTool("text"), { type: "pointerDown", point: [0.3, 0.4] });
    const s = run(waiting, { type: "commitText", text: "x".repeat(DRAWING_LIMITS.maxTextLength + 1) });
    expect(s.shapes).toEqual([]);
    expect(s.notice).toBe("Not added: text: must be at most 200 characters");
    expect(s.pendingTextAt).toEqual([0.3, 0.4]);
  });
});

describe("drawing editor: undo, redo, clear", () => {
  const three = run(withTool("arrow"), ...drag([0.1, 0.1], [0.2, 0.2]), ...drag([0.3, 0.3], [0.4, 0.4]), ...drag([0.5, 0.5], [0.6, 0.6]));

  it("undoes and redoes shape by shape", () => {
    expect(three.shapes).toHaveLength(3);
    const undone = run(three, { type: "undo" }, { type: "undo" });
    expect(undone.shapes).toHaveLength(1);
    expect(canRedo(undone)).toBe(true);
    expect(run(undone, { type: "redo" }).shapes).toEqual(three.shapes.slice(0, 2));
    expect(run(undone, { type: "redo" }, { type: "redo" }).shapes).toEqual(three.shapes);
  });

  it("clears in one undoable step", () => {
    const cleared = run(three, { type: "clear" });
    expect(cleared.shapes).toEqual([]);
    expect(drawingOf(cleared)).toBeNull();
    expect(run(cleared, { type: "undo" }).shapes).toEqual(three.shapes);
    // Clearing nothing is not a step.
    expect(run(cleared, { type: "clear" }).past).toHaveLength(cleared.past.length);
  });

  it("forgets the redo steps once something new is drawn", () => {
    const s = run(three, { type: "undo" }, ...drag([0.7, 0.7], [0.8, 0.9]));
    expect(canRedo(s)).toBe(false);
    expect(s.shapes).toHaveLength(3);
    expect(s.shapes[2]).toMatchObject({ to: [0.8, 0.9] });
  });

  it("does nothing on undo or redo with no history", () => {
    const empty = initialDrawingEditorState();
    expect(canUndo(empty)).toBe(false);
    expect(run(empty, { type: "undo" }, { type: "redo" })).toEqual(empty);
  });

  it("loads an existing drawing to edit, with a fresh history", () => {
    const loaded = run(three, { type: "load", drawing: { v: 1, shapes: three.shapes.slice(0, 1) } });
    expect(loaded.shapes).toEqual(three.shapes.slice(0, 1));
    expect(canUndo(loaded)).toBe(false);
  });

  it("is an exact inverse: any sequence of edits undone all the way returns to the start", () => {
    const point = fc.tuple(fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.double({ min: -0.5, max: 1.5, noNaN: true }));
    const step = fc.oneof(
      fc.tuple(fc.constantFrom<DrawingTool>("freehand", "arrow", "rectangle", "ellipse"), point, point).map(
        ([tool, a, b]) => [{ type: "setTool", tool }, ...drag(a, b)] as DrawingEditorAction[],
      ),
      fc.constant([{ type: "clear" }] as DrawingEditorAction[]),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        const end = run(initialDrawingEditorState(), ...steps.flat());
        // Everything the editor produced is a valid drawing.
        const drawing = drawingOf(end);
        if (drawing) expect(drawingSchema.safeParse(drawing).success).toBe(true);
        const back = run(end, ...end.past.map(() => ({ type: "undo" }) as const));
        expect(back.shapes).toEqual([]);
      }),
    );
  });
});

describe("drawing editor: limits", () => {
  it("stops a freehand stroke at the per-stroke limit, says why, and keeps what was drawn", () => {
    const points: DrawingPoint[] = Array.from({ length: DRAWING_LIMITS.maxPointsPerStroke + 50 }, (_, i) => [
      (i % 100) / 100,
      Math.floor(i / 100) / 10,
    ]);
    const s = run(withTool("freehand"), ...drag(points[0]!, ...points.slice(1)));
    expect((s.shapes[0] as Extract<DrawingShape, { type: "freehand" }>).points).toHaveLength(DRAWING_LIMITS.maxPointsPerStroke);
    expect(s.notice).toBe("A stroke holds at most 500 points: lift the pen and start a new stroke.");
  });

  it("refuses a new shape once the drawing holds the most shapes allowed", () => {
    const full = Array.from({ length: DRAWING_LIMITS.maxShapes }, () => drag([0.1, 0.1], [0.2, 0.2])).flat();
    const s = run(withTool("ellipse"), ...full);
    expect(s.shapes).toHaveLength(DRAWING_LIMITS.maxShapes);
    const more = run(s, ...drag([0.5, 0.5], [0.9, 0.9]));
    expect(more.shapes).toHaveLength(DRAWING_LIMITS.maxShapes);
    expect(more.notice).toBe("A drawing holds at most 100 shapes: undo or clear some first.");
    // Undo makes room again.
    expect(run(more, { type: "undo" }, ...drag([0.5, 0.5], [0.9, 0.9])).notice).toBeNull();
  });

  it("stops at the total point limit across strokes", () => {
    const stroke = (row: number): DrawingEditorAction[] => {
      // Two passes across the picture, points 0.004 apart: none dropped for being too close.
      const pts: DrawingPoint[] = Array.from({ length: DRAWING_LIMITS.maxPointsPerStroke }, (_, i) => [
        (i % 250) / 250,
        row / 10 + Math.floor(i / 250) / 20,
      ]);
      return drag(pts[0]!, ...pts.slice(1));
    };
    const s = run(withTool("freehand"), ...stroke(0), ...stroke(1), ...stroke(2), ...stroke(3));
    expect(s.shapes).toHaveLength(4);
    expect(s.notice).toBeNull();
    const over = run(s, ...drag([0.5, 0.5], [0.6, 0.6]));
    expect(over.shapes).toHaveLength(4);
    expect(over.notice).toBe("A drawing holds at most 2000 points: this stroke stops here.");
  });
});
