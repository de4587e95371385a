import type { FrameRate } from "@/lib/timecode";

/**
 * The decision of the frame lock (use-frame-lock.ts), without a <video>: while A plays, how B is
 * kept on A's frame number.
 *
 * Paused, seeks and steps need none of this: usePlayback seeks every clock to the same frame number
 * and waits for each to present it. While playing, two decoders drift apart (start-up latency,
 * dropped frames, different rates), so on each of A's presented frames the lock compares both
 * playheads — `currentTime` of both read in the same task, as continuous frame positions — and
 *
 * - within DEADBAND_FRAMES: B plays at A's rate times the rate ratio (same frame number per tick);
 * - a little off: nudges B's playbackRate (at most ±MAX_NUDGE) to close the gap over
 *   CATCH_UP_FRAMES — no seek, so B never stalls;
 * - more than SEEK_DRIFT_FRAMES off: seeks B a little ahead (SEEK_LEAD_FRAMES, a seek takes time
 *   while A plays on), at most every SEEK_INTERVAL_MS so B gets to settle;
 * - B paused while A plays (it ended before A looped back): plays B again;
 * - past B's last frame: B holds it (it ends there on its own; a paused B is not restarted).
 */

export const DEADBAND_FRAMES = 0.15;
export const CATCH_UP_FRAMES = 12;
export const MAX_NUDGE = 0.1;
export const SEEK_DRIFT_FRAMES = 3;
export const SEEK_LEAD_FRAMES = 2;
export const SEEK_INTERVAL_MS = 750;

/** Continuous playhead in frames (frame n spans n … n+1) from a media time. */
export function playheadPosition(currentTime: number, rate: FrameRate, t0: number | null): number {
  return ((currentTime - (t0 ?? 0)) * rate.num) / rate.den;
}

export interface LeaderState {
  /** A's playhead, frames. */
  position: number;
  /** A's playbackRate. */
  playbackRate: number;
}

export interface FollowerState {
  /** B's playhead, frames of B's own rate. */
  position: number;
  /** B's last frame (frameCount − 1). */
  lastFrame: number;
  isPaused: boolean;
  playbackRate: number;
}

export interface FollowContext {
  /** B's fps over A's (followerRateRatio). */
  rateRatio: number;
  /** performance.now() of this decision and of the lock's last seek of B. */
  now: number;
  lastSeekAt: number;
}

export interface FollowAction {
  /** Seek B to this frame (middle of it), or null. */
  seekTo: number | null;
  /** Set B's playbackRate to this, or null to leave it. */
  playbackRate: number | null;
  /** Call play() on B. */
  play: boolean;
}

const NOTHING: FollowAction = { seekTo: null, playbackRate: null, play: false };

/** What to do to B on one of A's presented frames while A plays. */
export function decideFollow(leader: LeaderState, follower: FollowerState, context: FollowContext): FollowAction {
  const baseRate = leader.playbackRate * context.rateRatio;
  const endOfB = follower.lastFrame + 1;
  const isHeld = leader.position >= endOfB;
  // Where B should be: A's frame number, or the middle of B's last frame past its end.
  const target = isHeld ? follower.lastFrame + 0.5 : leader.position;
  const drift = target - follower.position;
  const canSeek = context.now - context.lastSeekAt >= SEEK_INTERVAL_MS;
  const rateIfChanged = (rate: number) => (Math.abs(rate - follower.playbackRate) > 1e-3 ? rate : null);

  if (follower.isPaused) {
    if (isHeld) {
      // Holding the last frame: only correct a B that stopped somewhere else.
      return Math.abs(drift) > SEEK_DRIFT_FRAMES && canSeek ? { ...NOTHING, seekTo: follower.lastFrame } : NOTHING;
    }
    const seekTo =
      Math.abs(drift) > SEEK_DRIFT_FRAMES ? Math.min(follower.lastFrame, Math.floor(target) + SEEK_LEAD_FRAMES) : null;
    return { seekTo, playbackRate: rateIfChanged(baseRate), play: true };
  }
  if (Math.abs(drift) > SEEK_DRIFT_FRAMES) {
    if (!canSeek) return NOTHING;
    const seekTo = Math.min(follower.lastFrame, Math.floor(target) + (isHeld ? 0 : SEEK_LEAD_FRAMES));
    return { seekTo, playbackRate: rateIfChanged(baseRate), play: false };
  }
  if (isHeld || Math.abs(drift) <= DEADBAND_FRAMES) return { ...NOTHING, playbackRate: rateIfChanged(baseRate) };
  // Whole percents: the rate changes a few times while catching up, not on every frame.
  const nudge = Math.round(Math.max(-MAX_NUDGE, Math.min(MAX_NUDGE, drift / CATCH_UP_FRAMES)) * 100) / 100;
  return { ...NOTHING, playbackRate: rateIfChanged(baseRate * (1 + nudge)) };
}

/** One side's state once every side is paused. */
export interface ParkedSide {
  /** The frame it presents (−1 before its first presentation). */
  frame: number;
  /** Its last frame (frameCount − 1). */
  lastFrame: number;
}

/** How many times parking re-seeks a side that did not land; a seek normally lands on its first try. */
export const PARK_ATTEMPTS = 3;

/**
 * After a pause every side is parked on the frame A showed when it stopped (B on its own last frame
 * when it is shorter). Returns the indexes of the sides that are not on their frame yet — they are
 * sought again. Empty: all sides agree.
 */
export function sidesOffTheirParking(target: number, sides: readonly ParkedSide[]): number[] {
  const off: number[] = [];
  sides.forEach((side, index) => {
    const expected = Math.max(0, Math.min(target, side.lastFrame));
    if (side.frame !== expected) off.push(index);
  });
  return off;
}
