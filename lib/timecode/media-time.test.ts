import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimecodeError } from "./errors";
import { FRAME_RATES } from "./frame-rate";
import { frameSeekTime, frameToSeconds, secondsToFrame } from "./media-time";

const rates = Object.entries(FRAME_RATES);
/** What the browser reports: media time truncated to whole microseconds. */
const truncateToMicroseconds = (seconds: number) => Math.trunc(seconds * 1e6) / 1e6;
const frameInADay = fc.integer({ min: 0, max: 60 * 60 * 60 * 24 });
/** Stream start offsets as containers carry them, already truncated to microseconds. */
const startTime = fc.integer({ min: 0, max: 10_000_000 }).map((us) => us / 1e6);

describe("frameToSeconds", () => {
  it("uses the exact rational, not 29.97", () => {
    expect(frameToSeconds(30000, FRAME_RATES["29.97"])).toBe(1001);
    expect(frameToSeconds(1, FRAME_RATES["23.976"])).toBeCloseTo(0.0417083333, 10);
    expect(frameToSeconds(25, FRAME_RATES["25"])).toBe(1);
  });

  it("refuses a fractional frame", () => {
    expect(() => frameToSeconds(0.5, FRAME_RATES["25"])).toThrow(TimecodeError);
  });
});

describe("secondsToFrame", () => {
  it("finds frame 1 at 23.976 from its truncated media time 0.041708", () => {
    // floor(0.041708 × 24000/1001) would say frame 0; rounding gives the frame that is on screen.
    expect(secondsToFrame(0.041708, FRAME_RATES["23.976"], 0)).toBe(1);
  });

  it("measures from t0, the media time of frame 0", () => {
    expect(secondsToFrame(10.48, FRAME_RATES["25"], 10)).toBe(12);
    expect(secondsToFrame(1.08, FRAME_RATES["25"], 1)).toBe(2);
  });

  it("reports frame 0, not -0, a hair before t0", () => {
    expect(Object.is(secondsToFrame(0.9999999, FRAME_RATES["25"], 1), 0)).toBe(true);
  });

  it("refuses media times that are not finite", () => {
    expect(() => secondsToFrame(Number.NaN, FRAME_RATES["25"], 0)).toThrow(TimecodeError);
    expect(() => secondsToFrame(1, FRAME_RATES["25"], Number.POSITIVE_INFINITY)).toThrow(TimecodeError);
  });

  it.each(rates)("at %s, finds every frame from its microsecond-truncated start time", (_, rate) => {
    fc.assert(
      fc.property(frameInADay, startTime, (frame, t0) => {
        const mediaTime = truncateToMicroseconds(t0 + frameToSeconds(frame, rate));
        expect(secondsToFrame(mediaTime, rate, t0)).toBe(frame);
      }),
    );
  });
});

describe("frameSeekTime", () => {
  it("aims at the middle of the frame", () => {
    expect(frameSeekTime(0, FRAME_RATES["25"], 0)).toBe(0.02);
    expect(frameSeekTime(2, FRAME_RATES["25"], 10)).toBe(10.1);
  });

  it.each(rates)("at %s, lands strictly inside the frame, at least 0.4 frame from either edge", (_, rate) => {
    fc.assert(
      fc.property(frameInADay, startTime, (frame, t0) => {
        const position = ((frameSeekTime(frame, rate, t0) - t0) * rate.num) / rate.den;
        expect(Math.floor(position)).toBe(frame);
        expect(Math.abs(position - frame - 0.5)).toBeLessThan(0.1);
      }),
    );
  });
});
