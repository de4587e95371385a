/** In/out points of the transport (source frames) and whether playback loops between them. */
export interface LoopRange {
  inFrame: number | null;
  outFrame: number | null;
  isLooping: boolean;
}

/** The range in order, or null unless both points are set. */
export function orderedRange(loop: Pick<LoopRange, "inFrame" | "outFrame">): { start: number; end: number } | null {
  if (loop.inFrame === null || loop.outFrame === null) return null;
  return { start: Math.min(loop.inFrame, loop.outFrame), end: Math.max(loop.inFrame, loop.outFrame) };
}

/**
 * While looping: the frame to jump back to once playback reached `frame` (the in point when at or
 * past the out point), else null. `hasEnded` covers the out point on the last frame, where the
 * video ends (and pauses) before a later frame could be presented.
 */
export function loopRestartFrame(frame: number, loop: LoopRange, hasEnded = false): number | null {
  const range = orderedRange(loop);
  if (!loop.isLooping || range === null) return null;
  return hasEnded || frame >= range.end ? range.start : null;
}
