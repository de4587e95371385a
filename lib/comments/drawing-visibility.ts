import type { Drawing } from "./drawing";

/** What decides where a drawing shows: the frames its comment is placed on. */
export interface FrameAnchor {
  frameIn: number;
  /** Inclusive last frame of a range; null for a single-frame comment. */
  frameOut: number | null;
}

/**
 * True when a comment placed on `anchor` shows its drawing while frame `frame` is on screen: exactly
 * frame `frameIn` for a single-frame comment, every frame from `frameIn` to `frameOut` inclusive for
 * a range. `frame` is the integer frame the player presents (the frame clock's, never one derived
 * from `currentTime`): a fractional frame is a time, not a frame, and shows nothing, so no rounding
 * here can make a drawing appear one frame early or late.
 */
export function isDrawingVisibleAt(anchor: FrameAnchor, frame: number): boolean {
  if (!Number.isInteger(frame)) return false;
  const last = anchor.frameOut ?? anchor.frameIn;
  return frame >= anchor.frameIn && frame <= last;
}

/**
 * The comments whose drawings show at `frame`: not deleted, with a drawing, placed on that frame.
 * `deleted` may be absent where deleted comments are never listed (a guest's view of the comments).
 */
export function drawingsVisibleAt<C extends FrameAnchor & { drawing: Drawing | null; deleted?: boolean }>(
  comments: readonly C[],
  frame: number,
): (C & { drawing: Drawing })[] {
  return comments.filter((c): c is C & { drawing: Drawing } => c.drawing !== null && !c.deleted && isDrawingVisibleAt(c, frame));
}
