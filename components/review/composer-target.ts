import { orderedRange, type LoopRange } from "@/components/player/loop-range";

/** Where a new comment goes: frames of the source timeline; `frameOut` null for a single frame. */
export interface AttachTarget {
  frameIn: number;
  frameOut: number | null;
}

/**
 * What the composer attaches to, stated explicitly: the in–out range when both points are set,
 * otherwise the frame on screen (an in point alone is a range being made, not a target).
 */
export type ComposerTarget = { kind: "range"; frameIn: number; frameOut: number | null } | { kind: "playhead" };

export function composerTargetOf(loop: Pick<LoopRange, "inFrame" | "outFrame">): ComposerTarget {
  const range = orderedRange(loop);
  if (range === null) return { kind: "playhead" };
  // I and O on the same frame: a single-frame comment on that frame.
  return { kind: "range", frameIn: range.start, frameOut: range.end === range.start ? null : range.end };
}

/** The frames a comment sent now would store, given the frame on screen. */
export function resolveAttachTarget(target: ComposerTarget, playheadFrame: number): AttachTarget {
  if (target.kind === "range") return { frameIn: target.frameIn, frameOut: target.frameOut };
  return { frameIn: Math.max(0, playheadFrame), frameOut: null };
}

export function describeAttachTarget(t: AttachTarget, format: (frame: number) => string): string {
  return t.frameOut !== null && t.frameOut !== t.frameIn ? `${format(t.frameIn)} – ${format(t.frameOut)}` : format(t.frameIn);
}
