import {
  COORDINATE_MAX,
  COORDINATE_MIN,
  DRAWING_FORMAT_VERSION,
  DRAWING_LIMITS,
  TEXT_SIZE_MAX,
  TEXT_SIZE_MIN,
  drawingSchema,
  pointCountOf,
  roundCoordinate,
  textShapeSchema,
  type Drawing,
  type DrawingColor,
  type DrawingPoint,
  type DrawingShape,
  type DrawingShapeType,
} from "@/lib/comments/drawing";
import { describeZodError } from "@/lib/errors";

/**
 * The drawing editor's state as a reducer: no React, no canvas. The canvas turns pointer events
 * into picture-normalised points and dispatches them; the toolbar dispatches tool, colour, width,
 * undo, redo and clear. Everything it produces passes `drawingSchema`, so the server never refuses
 * a drawing the editor let through; when a limit stops the user, `notice` says which and why.
 */

export type DrawingTool = DrawingShapeType;
/** The tools, in toolbar order. Their keys are in the room's key table (player-keys.ts, draw mode). */
export const DRAWING_TOOLS: readonly { tool: DrawingTool; label: string }[] = [
  { tool: "freehand", label: "Pen" },
  { tool: "arrow", label: "Arrow" },
  { tool: "rectangle", label: "Rectangle" },
  { tool: "ellipse", label: "Ellipse" },
  { tool: "text", label: "Text" },
];

/** Stroke widths offered (fractions of the picture height); text is drawn TEXT_SIZE_PER_WIDTH times taller. */
export const STROKE_WIDTHS: readonly { width: number; label: string }[] = [
  { width: 0.003, label: "Thin" },
  { width: 0.006, label: "Medium" },
  { width: 0.012, label: "Thick" },
];
const TEXT_SIZE_PER_WIDTH = 8;
/**
 * Freehand points closer than this to the previous one are dropped: pointer events come at 60–240
 * Hz, and most of them add nothing visible while costing the stroke's point budget.
 */
export const MIN_POINT_SPACING = 0.002;
/** Arrows, rectangles and ellipses smaller than this either way are a click, not a shape: dropped. */
export const MIN_SHAPE_EXTENT = 0.005;
/** Undo steps kept: far more than anyone presses, small enough to never matter for memory. */
const MAX_HISTORY = 200;

export interface DrawingEditorState {
  tool: DrawingTool;
  color: DrawingColor;
  width: number;
  shapes: DrawingShape[];
  /** The shape being drawn (pointer down), not yet in `shapes`. */
  draft: DrawingShape | null;
  /** Where a text label goes, while its text is being typed. */
  pendingTextAt: DrawingPoint | null;
  past: DrawingShape[][];
  future: DrawingShape[][];
  /** Why the last action did less than asked (a limit), for a polite live region; null when it did not. */
  notice: string | null;
}

export type DrawingEditorAction =
  | { type: "setTool"; tool: DrawingTool }
  | { type: "setColor"; color: DrawingColor }
  | { type: "setWidth"; width: number }
  | { type: "pointerDown"; point: DrawingPoint }
  | { type: "pointerMove"; point: DrawingPoint }
  | { type: "pointerUp"; point: DrawingPoint }
  | { type: "pointerCancel" }
  | { type: "commitText"; text: string }
  | { type: "cancelText" }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "clear" }
  | { type: "load"; drawing: Drawing | null };

export function initialDrawingEditorState(drawing: Drawing | null = null): DrawingEditorState {
  return {
    tool: "arrow",
    color: "red",
    width: STROKE_WIDTHS[1]!.width,
    shapes: drawing ? [...drawing.shapes] : [],
    draft: null,
    pendingTextAt: null,
    past: [],
    future: [],
    notice: null,
  };
}

/** The drawing to send with the comment: null when there is nothing on it. */
export function drawingOf(state: Pick<DrawingEditorState, "shapes">): Drawing | null {
  return state.shapes.length > 0 ? { v: DRAWING_FORMAT_VERSION, shapes: state.shapes } : null;
}

/** What the canvas shows while editing: the shapes and the one being drawn. */
export function previewOf(state: DrawingEditorState): Drawing | null {
  return drawingOf({ shapes: state.draft ? [...state.shapes, state.draft] : state.shapes });
}

export const canUndo = (s: DrawingEditorState) => s.past.length > 0;
export const canRedo = (s: DrawingEditorState) => s.future.length > 0;

const clampCoordinate = (v: number) => roundCoordinate(Math.min(COORDINATE_MAX, Math.max(COORDINATE_MIN, v)));
/** Pointer positions off the picture are pulled to the edge of what a drawing may hold. */
export function clampPoint([x, y]: DrawingPoint): DrawingPoint {
  return [clampCoordinate(x), clampCoordinate(y)];
}

const totalPoints = (shapes: readonly DrawingShape[]) => shapes.reduce((sum, s) => sum + pointCountOf(s), 0);
const SHAPES_FULL = `A drawing holds at most ${DRAWING_LIMITS.maxShapes} shapes: undo or clear some first.`;
const POINTS_FULL = `A drawing holds at most ${DRAWING_LIMITS.maxTotalPoints} points: this stroke stops here.`;
const STROKE_FULL = `A stroke holds at most ${DRAWING_LIMITS.maxPointsPerStroke} points: lift the pen and start a new stroke.`;

/** `shapes` plus `shape` as a new undo step, or the state with a notice when the result would be refused. */
function commit(state: DrawingEditorState, shape: DrawingShape): DrawingEditorState {
  const shapes = [...state.shapes, shape];
  const checked = drawingSchema.safeParse({ v: DRAWING_FORMAT_VERSION, shapes });
  if (!checked.success) {
    return { ...state, draft: null, pendingTextAt: null, notice: `Not added: ${describeZodError(checked.error).message}` };
  }
  return { ...withHistory(state), shapes: checked.data.shapes, draft: null, pendingTextAt: null, notice: null };
}

function withHistory(state: DrawingEditorState): DrawingEditorState {
  return { ...state, past: [...state.past, state.shapes].slice(-MAX_HISTORY), future: [] };
}

function startShape(state: DrawingEditorState, point: DrawingPoint): DrawingEditorState {
  if (state.shapes.length >= DRAWING_LIMITS.maxShapes) return { ...state, notice: SHAPES_FULL };
  const style = { color: state.color, width: state.width };
  switch (state.tool) {
    case "freehand":
      if (totalPoints(state.shapes) >= DRAWING_LIMITS.maxTotalPoints) return { ...state, notice: POINTS_FULL };
      return { ...state, notice: null, draft: { type: "freehand", ...style, points: [point] } };
    case "text":
      return { ...state, notice: null, pendingTextAt: point };
    default:
      return { ...state, notice: null, draft: { type: state.tool, ...style, from: point, to: point } };
  }
}

function extendShape(state: DrawingEditorState, point: DrawingPoint): DrawingEditorState {
  const draft = state.draft;
  if (!draft || draft.type === "text") return state;
  if (draft.type !== "freehand") return { ...state, draft: { ...draft, to: point } };
  const last = draft.points[draft.points.length - 1]!;
  if (Math.hypot(point[0] - last[0], point[1] - last[1]) < MIN_POINT_SPACING) return state;
  if (draft.points.length >= DRAWING_LIMITS.maxPointsPerStroke) return { ...state, notice: STROKE_FULL };
  if (totalPoints(state.shapes) + draft.points.length >= DRAWING_LIMITS.maxTotalPoints) return { ...state, notice: POINTS_FULL };
  return { ...state, draft: { ...draft, points: [...draft.points, point] } };
}

function isTooSmall(shape: DrawingShape): boolean {
  if (shape.type === "freehand" || shape.type === "text") return false;
  return Math.abs(shape.to[0] - shape.from[0]) < MIN_SHAPE_EXTENT && Math.abs(shape.to[1] - shape.from[1]) < MIN_SHAPE_EXTENT;
}

export function drawingEditorReducer(state: DrawingEditorState, action: DrawingEditorAction): DrawingEditorState {
  switch (action.type) {
    case "setTool":
      return { ...state, tool: action.tool, draft: null, pendingTextAt: null };
    case "setColor":
      return { ...state, color: action.color };
    case "setWidth":
      return { ...state, width: action.width };
    case "pointerDown":
      if (state.pendingTextAt) return state;
      return startShape({ ...state, draft: null }, clampPoint(action.point));
    case "pointerMove":
      return extendShape(state, clampPoint(action.point));
    case "pointerUp": {
      const extended = extendShape(state, clampPoint(action.point));
      const draft = extended.draft;
      if (!draft) return extended;
      if (isTooSmall(draft)) return { ...extended, draft: null };
      const committed = commit(extended, draft);
      // A limit met while drawing is still worth saying after the stroke is kept.
      return committed.notice === null && extended.notice !== null ? { ...committed, notice: extended.notice } : committed;
    }
    case "pointerCancel":
      return { ...state, draft: null };
    case "commitText": {
      const at = state.pendingTextAt;
      if (!at) return state;
      if (action.text.trim() === "") return { ...state, pendingTextAt: null };
      const size = Math.min(TEXT_SIZE_MAX, Math.max(TEXT_SIZE_MIN, state.width * TEXT_SIZE_PER_WIDTH));
      const label = textShapeSchema.safeParse({ type: "text", color: state.color, at, size, text: action.text });
      if (!label.success) return { ...state, notice: `Not added: ${describeZodError(label.error).message}` };
      return commit(state, label.data);
    }
    case "cancelText":
      return { ...state, pendingTextAt: null };
    case "undo": {
      if (!canUndo(state)) return state;
      const previous = state.past[state.past.length - 1]!;
      return { ...state, shapes: previous, past: state.past.slice(0, -1), future: [state.shapes, ...state.future], draft: null, notice: null };
    }
    case "redo": {
      if (!canRedo(state)) return state;
      const [next, ...future] = state.future;
      return { ...state, shapes: next!, past: [...state.past, state.shapes], future, draft: null, notice: null };
    }
    case "clear":
      if (state.shapes.length === 0) return state;
      return { ...withHistory(state), shapes: [], draft: null, pendingTextAt: null, notice: null };
    case "load":
      return { ...initialDrawingEditorState(action.drawing), tool: state.tool, color: state.color, width: state.width };
  }
}
