import { afterEach, describe, expect, it, vi } from "vitest";
import { nextShuttleSpeed, playReverse } from "./shuttle";

describe("nextShuttleSpeed", () => {
  it("climbs the 1/2/4/8 ladder from any speed and stays at the top", () => {
    expect([0, 0.25, 1, 2, 4, 8].map(nextShuttleSpeed)).toEqual([1, 1, 2, 4, 8, 8]);
  });
});

describe("playReverse", () => {
  afterEach(() => vi.unstubAllGlobals());

  /** A display refreshing 24 times a wall second: each animation frame advances the clock 1000/24 ms. */
  const stubDisplay = () => {
    const display = { now: 0, ticks: 0 };
    vi.stubGlobal("performance", { now: () => display.now });
    vi.stubGlobal("requestAnimationFrame", (cb: () => void) => {
      display.now += 1000 / 24;
      display.ticks += 1;
      setTimeout(cb, 0);
    });
    return display;
  };

  it("seeks back one frame per tick at 1× on a 24 fps clip and stops at frame 0", async () => {
    const display = stubDisplay();
    const seeks: number[] = [];
    await playReverse({ fps: 24, from: 3, isCurrent: () => true, speed: () => -1, seek: async (f) => seeks.push(f) });
    expect(seeks).toEqual([2, 1, 0]);
    expect(display.ticks).toBe(3);
  });

  it("at 0.25× seeks only when a whole frame is due, and stops once it is no longer current", async () => {
    const display = stubDisplay();
    const seeks: number[] = [];
    await playReverse({
      fps: 24,
      from: 10,
      isCurrent: () => seeks.length < 2,
      speed: () => -0.25,
      seek: async (f) => seeks.push(f),
    });
    expect(seeks).toEqual([9, 8]);
    expect(display.ticks).toBe(8);
  });
});
