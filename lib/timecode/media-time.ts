import { TimecodeError } from "./errors";
import { assertValidFrameRate, type FrameRate } from "./frame-rate";

function assertFiniteTime(seconds: number, name: string): void {
  if (!Number.isFinite(seconds)) {
    throw new TimecodeError("invalid_time", `${name} ${seconds} is not a finite number of seconds.`);
  }
}

/** Start time of source frame `frame` relative to the first frame: frame × den / num, exact rational. */
export function frameToSeconds(frame: number, rate: FrameRate): number {
  assertValidFrameRate(rate);
  if (!Number.isSafeInteger(frame)) {
    throw new TimecodeError("invalid_frame", `Frame ${frame} is not an integer.`);
  }
  return (frame * rate.den) / rate.num;
}

/**
 * The frame whose presentation time is `mediaTime` (e.g. requestVideoFrameCallback's
 * `metadata.mediaTime`), where `t0` is the media time of frame 0.
 *
 * Plain rounding, not floor: browsers truncate media time to whole microseconds, so a frame's start
 * can arrive a hair early (frame 1 at 24000/1001 is 0.041708 s, not 0.0417083̅ s) and floor would
 * report the previous frame. Do not feed it `video.currentTime` after `frameSeekTime`: that points
 * at the middle of a frame, exactly where rounding is ambiguous.
 */
export function secondsToFrame(mediaTime: number, rate: FrameRate, t0: number): number {
  assertValidFrameRate(rate);
  assertFiniteTime(mediaTime, "Media time");
  assertFiniteTime(t0, "Start time t0");
  // `+ 0` turns -0 (a time a hair before t0) into 0 so it prints and compares as frame 0.
  return Math.round(((mediaTime - t0) * rate.num) / rate.den) + 0;
}

/**
 * The time to seek to so the player shows frame `frame`: the middle of the frame, so float error in
 * either direction still lands inside it.
 */
export function frameSeekTime(frame: number, rate: FrameRate, t0: number): number {
  assertValidFrameRate(rate);
  assertFiniteTime(t0, "Start time t0");
  if (!Number.isSafeInteger(frame)) {
    throw new TimecodeError("invalid_frame", `Frame ${frame} is not an integer.`);
  }
  return t0 + ((frame + 0.5) * rate.den) / rate.num;
}
