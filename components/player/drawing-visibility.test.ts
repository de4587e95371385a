import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frameAtMediaTime } from "@/components/player/frame-clock-math";
import { FRAME_RATES, frameToSeconds } from "@/lib/timecode";
import type { Drawing } from "@/lib/comments/drawing";
import { drawingsVisibleAt, isDrawingVisibleAt } from "@/lib/comments/drawing-visibility";

const frame = fc.integer({ min: 0, max: 2_000_000 });
/** A single-frame anchor or an inclusive range (frameOut >= frameIn). */
const anchor = fc.oneof(
  frame.map((frameIn) => ({ frameIn, frameOut: null })),
  fc.tuple(frame, fc.integer({ min: 0, max: 10_000 })).map(([frameIn, length]) => ({ frameIn, frameOut: frameIn + length })),
);

describe("isDrawingVisibleAt", () => {
  it("shows a single-frame drawing on its frame only", () => {
    expect(isDrawingVisibleAt({ frameIn: 120, frameOut: null }, 120)).toBe(true);
    expect(isDrawingVisibleAt({ frameIn: 120, frameOut: null }, 119)).toBe(false);
    expect(isDrawingVisibleAt({ frameIn: 120, frameOut: null }, 121)).toBe(false);
  });

  it("shows a range drawing on both ends and everything between, inclusive", () => {
    const range = { frameIn: 10, frameOut: 12 };
    expect([9, 10, 11, 12, 13].map((f) => isDrawingVisibleAt(range, f))).toEqual([false, true, true, true, false]);
  });

  it("treats a range of one frame (in = out) like a single frame", () => {
    expect([4, 5, 6].map((f) => isDrawingVisibleAt({ frameIn: 5, frameOut: 5 }, f))).toEqual([false, true, false]);
  });

  it("shows nothing for a fractional frame: a time is not a frame, and rounding it is how drawings come early", () => {
    expect(isDrawingVisibleAt({ frameIn: 10, frameOut: 20 }, 14.5)).toBe(false);
    expect(isDrawingVisibleAt({ frameIn: 10, frameOut: null }, 9.6)).toBe(false);
    expect(isDrawingVisibleAt({ frameIn: 10, frameOut: null }, Number.NaN)).toBe(false);
  });

  it("is visible on exactly frameOut − frameIn + 1 frames: never the frame before nor the frame after", () => {
    fc.assert(
      fc.property(anchor, ({ frameIn, frameOut }) => {
        const last = frameOut ?? frameIn;
        const a = { frameIn, frameOut };
        expect(isDrawingVisibleAt(a, frameIn)).toBe(true);
        expect(isDrawingVisibleAt(a, last)).toBe(true);
        expect(isDrawingVisibleAt(a, frameIn - 1)).toBe(false);
        expect(isDrawingVisibleAt(a, last + 1)).toBe(false);
      }),
    );
  });

  it("agrees with membership of the inclusive interval at every frame", () => {
    fc.assert(
      fc.property(anchor, frame, ({ frameIn, frameOut }, f) => {
        const last = frameOut ?? frameIn;
        expect(isDrawingVisibleAt({ frameIn, frameOut }, f)).toBe(f >= frameIn && f <= last);
      }),
    );
  });

  it.each(Object.entries(FRAME_RATES))(
    "at %s, with the frame the player reads from the presented media time, shows on frame n and not on n ± 1",
    (_, rate) => {
      const truncateToMicroseconds = (seconds: number) => Math.trunc(seconds * 1e6) / 1e6;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 0, max: 500_000 }), (n, t0Micros) => {
          const t0 = t0Micros / 1e6;
          const timeline = { rate, frameCount: n + 2, t0 };
          const note = { frameIn: n, frameOut: null };
          // requestVideoFrameCallback reports each frame's start time, cut to microseconds.
          const presented = (k: number) => truncateToMicroseconds(t0 + frameToSeconds(k, rate));
          expect(isDrawingVisibleAt(note, frameAtMediaTime(presented(n), timeline))).toBe(true);
          expect(isDrawingVisibleAt(note, frameAtMediaTime(presented(n - 1), timeline))).toBe(false);
          expect(isDrawingVisibleAt(note, frameAtMediaTime(presented(n + 1), timeline))).toBe(false);
        }),
      );
    },
  );
});

describe("drawingsVisibleAt", () => {
  const drawing: Drawing = { v: 1, shapes: [{ type: "arrow", color: "red", width: 0.005, from: [0.1, 0.1], to: [0.5, 0.5] }] };
  const base = { deleted: false, drawing };
  it("keeps comments with a drawing placed on the frame, and drops deleted ones and those without a drawing", () => {
    const comments = [
      { id: "at", frameIn: 5, frameOut: null, ...base },
      { id: "range", frameIn: 0, frameOut: 10, ...base },
      { id: "elsewhere", frameIn: 6, frameOut: null, ...base },
      { id: "deleted", frameIn: 5, frameOut: null, ...base, deleted: true },
      { id: "plain", frameIn: 5, frameOut: null, deleted: false, drawing: null },
    ];
    expect(drawingsVisibleAt(comments, 5).map((c) => c.id)).toEqual(["at", "range"]);
    expect(drawingsVisibleAt(comments, 11).map((c) => c.id)).toEqual([]);
  });
});
