import { framesDue } from "./frame-clock-math";

/** Forward shuttle speeds (L presses) and reverse speeds (J presses), as in editing suites. */
const SHUTTLE_SPEEDS = [1, 2, 4, 8] as const;

/** The shuttle speed after `speed` (a magnitude) on the next press: one rung up, the top one kept. */
export function nextShuttleSpeed(speed: number): number {
  return SHUTTLE_SPEEDS.find((v) => v > speed) ?? SHUTTLE_SPEEDS[SHUTTLE_SPEEDS.length - 1]!;
}

export interface ReversePlay {
  /** Frames per second of the clip. */
  fps: number;
  /** The frame it starts from. */
  from: number;
  /** False once the run was stopped (pause, seek, play) or replaced by another one. */
  isCurrent: () => boolean;
  /** The speed now (read every tick, so a J press or a new rate applies from the next one). */
  speed: () => number;
  seek: (frame: number) => Promise<unknown>;
}

/**
 * Browsers do not play backwards, so reverse is a chain of seeks paced by the wall clock. Runs until
 * frame 0 or until `isCurrent` says it was stopped.
 */
export async function playReverse({ fps, from, isCurrent, speed, seek }: ReversePlay): Promise<void> {
  let last = performance.now();
  let position = from;
  let carry = 0;
  while (isCurrent() && position > 0) {
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    const due = framesDue(now - last, fps, speed(), carry);
    last = now;
    carry = due.carry;
    // Slow reverse: no seek until a whole frame is due (0.25× moves every few display refreshes).
    if (due.frames === 0) continue;
    position = Math.max(0, position - due.frames);
    await seek(position);
  }
}
