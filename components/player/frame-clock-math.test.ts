import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FRAME_RATES, frameToSeconds } from "@/lib/timecode";
import { chooseT0, clampFrame, frameAtMediaTime, seekTimeForFrame } from "./frame-clock-math";

const rates = Object.entries(FRAME_RATES);
/** requestVideoFrameCallback reports media time cut to whole microseconds. */
const truncateToMicroseconds = (seconds: number) => Math.trunc(seconds * 1e6) / 1e6;
/** First-frame times as measured: 0 (fixed HLS, MP4) or a few frames late (fMP4 HLS reorder delay). */
const t0s = fc.oneof(
  fc.constant(0),
  fc.constantFrom(0.083416, 0.066733, 0.041708),
  fc.integer({ min: 1, max: 500_000 }).map((us) => us / 1e6),
);
const clip = fc.integer({ min: 1, max: 200_000 }).chain((frameCount) =>
  fc.record({ frameCount: fc.constant(frameCount), frame: fc.integer({ min: 0, max: frameCount - 1 }) }),
);

describe("clampFrame", () => {
  it("keeps frames inside the clip and makes them integers", () => {
    expect(clampFrame(-3, 100)).toBe(0);
    expect(clampFrame(100, 100)).toBe(99);
    expect(clampFrame(41.6, 100)).toBe(42);
    expect(clampFrame(5, 1)).toBe(0);
  });
});

describe("seekTimeForFrame", () => {
  it("aims at the middle of the frame, after t0", () => {
    expect(seekTimeForFrame(0, { rate: FRAME_RATES["25"], frameCount: 10, t0: 0 })).toBe(0.02);
    expect(seekTimeForFrame(2, { rate: FRAME_RATES["25"], frameCount: 10, t0: 0.08 })).toBeCloseTo(0.18, 12);
  });

  it("uses 0 for t0 until it is measured", () => {
    expect(seekTimeForFrame(2, { rate: FRAME_RATES["25"], frameCount: 10, t0: null })).toBeCloseTo(0.1, 12);
  });

  it("never seeks past the last frame or before the first", () => {
    const timeline = { rate: FRAME_RATES["25"], frameCount: 10, t0: 0 };
    expect(seekTimeForFrame(50, timeline)).toBe(seekTimeForFrame(9, timeline));
    expect(seekTimeForFrame(-1, timeline)).toBe(seekTimeForFrame(0, timeline));
  });
});

describe("frameAtMediaTime", () => {
  it("reads the frame two frames late when t0 is ignored — the HLS trap the measured t0 avoids", () => {
    const rate = FRAME_RATES["23.976"];
    const t0 = truncateToMicroseconds(frameToSeconds(2, rate));
    const presented = truncateToMicroseconds(t0 + frameToSeconds(40, rate));
    expect(frameAtMediaTime(presented, { rate, frameCount: 100, t0 })).toBe(40);
    expect(frameAtMediaTime(presented, { rate, frameCount: 100, t0: 0 })).toBe(42);
  });

  it.each(rates)("at %s, a seek to frame n presents a frame read back as n, whatever t0", (_, rate) => {
    fc.assert(
      fc.property(clip, t0s, ({ frameCount, frame }, t0) => {
        const timeline = { rate, frameCount, t0 };
        // The decoder shows the frame whose interval contains the seek time; it reports that
        // frame's start, truncated to microseconds.
        const seek = seekTimeForFrame(frame, timeline);
        const shown = Math.floor(((seek - t0) * rate.num) / rate.den);
        expect(shown).toBe(frame);
        const mediaTime = truncateToMicroseconds(t0 + frameToSeconds(shown, rate));
        expect(frameAtMediaTime(mediaTime, timeline)).toBe(frame);
      }),
    );
  });

  it("clamps a media time past the end to the last frame", () => {
    expect(frameAtMediaTime(100, { rate: FRAME_RATES["25"], frameCount: 10, t0: 0 })).toBe(9);
  });
});

describe("chooseT0", () => {
  it("prefers the presentation after seeking to 0, then the last one seen, then 0", () => {
    expect(chooseT0(0.083416, 0.5)).toBe(0.083416);
    expect(chooseT0(null, 0.041708)).toBe(0.041708);
    expect(chooseT0(null, null)).toBe(0);
    expect(chooseT0(0, 0.5)).toBe(0);
  });
});
