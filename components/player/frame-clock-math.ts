import { frameSeekTime, secondsToFrame, type FrameRate } from "@/lib/timecode";

/**
 * The arithmetic of FrameClock, without a <video>: which source frame a presented media time is,
 * and where to seek to show a frame. Frames are integers of the source timeline, 0-based.
 */
export interface ClockTimeline {
  rate: FrameRate;
  /** Frames in the source (at least 1). */
  frameCount: number;
  /** Media time of frame 0 as measured after load; null before (0 stands in for it). */
  t0: number | null;
}

/** `frame` rounded and kept inside 0 … frameCount − 1. */
export function clampFrame(frame: number, frameCount: number): number {
  return Math.min(Math.max(1, frameCount) - 1, Math.max(0, Math.round(frame)));
}

/** The frame presented at `mediaTime` (requestVideoFrameCallback's metadata.mediaTime). */
export function frameAtMediaTime(mediaTime: number, timeline: ClockTimeline): number {
  return clampFrame(secondsToFrame(mediaTime, timeline.rate, timeline.t0 ?? 0), timeline.frameCount);
}

/** Where to set `currentTime` to show `frame`: the middle of the (clamped) frame, after t0. */
export function seekTimeForFrame(frame: number, timeline: ClockTimeline): number {
  return frameSeekTime(clampFrame(frame, timeline.frameCount), timeline.rate, timeline.t0 ?? 0);
}

/**
 * t0 from the start-up measurement: the media time presented after seeking to 0; without one (a
 * one-frame clip already on screen presents nothing new) the last presentation seen; else 0.
 */
export function chooseT0(presentedAfterSeekToZero: number | null, lastPresented: number | null): number {
  return presentedAfterSeekToZero ?? lastPresented ?? 0;
}

/**
 * During t0's measurement, a presentation is taken for frame 0 only below this media time: below the
 * away frame's presented time when it was seen, else below the away frame's nominal time (a pipeline's
 * t0 is a few frames at most). A late presentation of the away frame is then never mistaken for frame 0.
 */
export function firstFrameLimit(awayMediaTime: number | null, awayNominalTime: number): number {
  return awayMediaTime ?? awayNominalTime;
}

/**
 * Frames a wall-clock-paced run (reverse play: a chain of seeks) moves after `elapsedMs` at `speed`
 * (its magnitude; 0.5 = half speed), with the fraction left over carried into the next tick — so 0.25×
 * moves one frame every fourth tick of a 24 fps clip at 24 ticks a second, not one per tick.
 */
export function framesDue(elapsedMs: number, fps: number, speed: number, carry: number): { frames: number; carry: number } {
  const exact = carry + (Math.max(0, elapsedMs) / 1000) * fps * Math.abs(speed);
  // A hair of tolerance: sixty ticks of 1/60 s at 0.25× must make the 6 frames of a 24 fps second, not 5.999….
  const frames = Math.floor(exact + 1e-9);
  return { frames, carry: Math.max(0, exact - frames) };
}
