import { describe, expect, it } from "vitest";
import { loopRestartFrame, orderedRange } from "./loop-range";

const looping = (inFrame: number | null, outFrame: number | null) => ({ inFrame, outFrame, isLooping: true });

describe("orderedRange", () => {
  it("orders in and out, whichever was set first", () => {
    expect(orderedRange({ inFrame: 40, outFrame: 10 })).toEqual({ start: 10, end: 40 });
  });

  it("is null until both points are set", () => {
    expect(orderedRange({ inFrame: 10, outFrame: null })).toBeNull();
    expect(orderedRange({ inFrame: null, outFrame: 10 })).toBeNull();
  });
});

describe("loopRestartFrame", () => {
  it("jumps back to the in point once playback reaches the out point", () => {
    expect(loopRestartFrame(39, looping(10, 40))).toBeNull();
    expect(loopRestartFrame(40, looping(10, 40))).toBe(10);
    expect(loopRestartFrame(41, looping(40, 10))).toBe(10);
  });

  it("restarts when the video ended before the out point was presented (out point on the last frame)", () => {
    // The last presented frame may be before the out point when the video ends.
    expect(loopRestartFrame(118, looping(100, 119), true)).toBe(100);
  });

  it("does nothing without looping or without a full range", () => {
    expect(loopRestartFrame(50, { inFrame: 10, outFrame: 40, isLooping: false }, true)).toBeNull();
    expect(loopRestartFrame(50, looping(10, null), true)).toBeNull();
  });
});
