/**
 * Playback rates of the review player: slow motion for checking animation and action, double speed for
 * skimming. Audio keeps its pitch (`preservesPitch`), so dialogue stays intelligible at 0.5× and 2×.
 * The frame clock needs nothing of its own: it reads the presented frame's media time, which the browser
 * advances at `playbackRate` (frame-clock.test.ts measures it).
 */

export const PLAYBACK_RATES = [0.25, 0.5, 1, 2] as const;
export type PlaybackRate = (typeof PLAYBACK_RATES)[number];

export function isPlaybackRate(value: number): value is PlaybackRate {
  return (PLAYBACK_RATES as readonly number[]).includes(value);
}

/** The next slower (−1) or faster (+1) rate, staying at the ends. */
export function nextPlaybackRate(rate: PlaybackRate, direction: -1 | 1): PlaybackRate {
  const i = PLAYBACK_RATES.indexOf(rate);
  return PLAYBACK_RATES[Math.min(PLAYBACK_RATES.length - 1, Math.max(0, i + direction))]!;
}

/** "0.25×", "1×", "2×". */
export function formatPlaybackRate(rate: number): string {
  return `${rate}×`;
}

/** The parts of HTMLMediaElement a rate change touches. */
export type RateTarget = Pick<HTMLMediaElement, "playbackRate" | "preservesPitch">;

/**
 * Sets `speed` (its magnitude: browsers do not play backwards) and keeps the audio's pitch. Chromium and
 * Firefox default `preservesPitch` to true; it is set anyway, as the review depends on it.
 */
export function applyPlaybackRate(video: RateTarget, speed: number): void {
  video.preservesPitch = true;
  video.playbackRate = Math.abs(speed);
}
