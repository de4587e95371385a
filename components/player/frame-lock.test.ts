import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FRAME_RATES } from "@/lib/timecode";
import {
  CATCH_UP_FRAMES,
  decideFollow,
  DEADBAND_FRAMES,
  MAX_NUDGE,
  playheadPosition,
  SEEK_DRIFT_FRAMES,
  SEEK_INTERVAL_MS,
  SEEK_LEAD_FRAMES,
  sidesOffTheirParking,
  type FollowerState,
} from "./frame-lock";

const leader = (position: number, playbackRate = 1) => ({ position, playbackRate });
const follower = (position: number, over: Partial<FollowerState> = {}): FollowerState => ({
  position,
  lastFrame: 119,
  isPaused: false,
  playbackRate: 1,
  ...over,
});
const ctx = (over: Partial<{ rateRatio: number; now: number; lastSeekAt: number }> = {}) => ({
  rateRatio: 1,
  now: 10_000,
  lastSeekAt: 0,
  ...over,
});

describe("playheadPosition", () => {
  it("counts frames from t0", () => {
    expect(playheadPosition(1, FRAME_RATES["25"], 0)).toBe(25);
    expect(playheadPosition(0.083416 + 10 / (24000 / 1001), FRAME_RATES["23.976"], 0.083416)).toBeCloseTo(10, 9);
    expect(playheadPosition(0.5, FRAME_RATES["24"], null)).toBe(12);
  });
});

describe("decideFollow", () => {
  it("does nothing when B is on A's frame at the right rate", () => {
    expect(decideFollow(leader(40.5), follower(40.5 - DEADBAND_FRAMES / 2), ctx())).toEqual({
      seekTo: null,
      playbackRate: null,
      play: false,
    });
  });

  it("sets B's rate to A's times the rate ratio (same frame number per tick)", () => {
    expect(decideFollow(leader(40.5, 2), follower(40.5), ctx({ rateRatio: 25 / 24 })).playbackRate).toBeCloseTo(
      2 * (25 / 24),
      12,
    );
  });

  it("nudges B's rate, without seeking, when it is a little behind or ahead", () => {
    const behind = decideFollow(leader(41), follower(40), ctx());
    expect(behind.seekTo).toBeNull();
    expect(behind.playbackRate).toBeCloseTo(1 + Math.round((1 / CATCH_UP_FRAMES) * 100) / 100, 12);
    const ahead = decideFollow(leader(40), follower(42), ctx());
    expect(ahead.seekTo).toBeNull();
    expect(ahead.playbackRate).toBeCloseTo(1 - Math.min(MAX_NUDGE, Math.round((2 / CATCH_UP_FRAMES) * 100) / 100), 12);
  });

  it("seeks B a little ahead of A when it is far off, but not twice within the interval", () => {
    const action = decideFollow(leader(60.4), follower(50), ctx());
    expect(action.seekTo).toBe(60 + SEEK_LEAD_FRAMES);
    expect(action.play).toBe(false);
    expect(
      decideFollow(leader(60.4), follower(50), ctx({ now: 1000, lastSeekAt: 1000 - SEEK_INTERVAL_MS + 1 })),
    ).toEqual({
      seekTo: null,
      playbackRate: null,
      play: false,
    });
  });

  it("plays a paused B again while A plays inside B (B ended before a loop brought A back)", () => {
    const action = decideFollow(leader(10.5), follower(10.5, { isPaused: true }), ctx());
    expect(action).toEqual({ seekTo: null, playbackRate: null, play: true });
    const far = decideFollow(leader(10.5), follower(119.5, { isPaused: true }), ctx());
    expect(far.play).toBe(true);
    expect(far.seekTo).toBe(10 + SEEK_LEAD_FRAMES);
  });

  it("holds B's last frame past its end: no restart, no nudging", () => {
    const held = follower(95.9, { lastFrame: 95, isPaused: true });
    expect(decideFollow(leader(100), held, ctx())).toEqual({ seekTo: null, playbackRate: null, play: false });
    const playingToItsEnd = decideFollow(leader(97), follower(95.6, { lastFrame: 95 }), ctx());
    expect(playingToItsEnd).toEqual({ seekTo: null, playbackRate: null, play: false });
    // A paused B left elsewhere is parked on its last frame.
    expect(decideFollow(leader(100), follower(20, { lastFrame: 95, isPaused: true }), ctx()).seekTo).toBe(95);
  });

  it("never seeks B outside its frames, never restarts it past its end, and keeps its rate within the nudge", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.boolean(),
        fc.constantFrom(0.5, 1, 2, 4, 8),
        fc.constantFrom(1, 25 / 24, 24 / 25, 0.5, 2),
        (a, b, lastFrame, isPaused, playbackRate, rateRatio) => {
          const action = decideFollow(
            leader(a, playbackRate),
            follower(b, { lastFrame, isPaused }),
            ctx({ rateRatio }),
          );
          if (action.seekTo !== null) {
            expect(action.seekTo).toBeGreaterThanOrEqual(0);
            expect(action.seekTo).toBeLessThanOrEqual(lastFrame);
            // B is only moved when it is far from where it should be: A's frame, or past its own end its last frame.
            const target = a >= lastFrame + 1 ? lastFrame + 0.5 : a;
            expect(Math.abs(target - b)).toBeGreaterThan(SEEK_DRIFT_FRAMES);
          }
          if (action.play) expect(a).toBeLessThan(lastFrame + 1);
          if (action.playbackRate !== null) {
            const base = playbackRate * rateRatio;
            expect(action.playbackRate).toBeGreaterThanOrEqual(base * (1 - MAX_NUDGE) - 1e-9);
            expect(action.playbackRate).toBeLessThanOrEqual(base * (1 + MAX_NUDGE) + 1e-9);
          }
        },
      ),
    );
  });

  it("closes the gap: simulated B with a different start converges onto A's frame numbers", () => {
    // A at 23.976 plays; B at 25 starts 2 frames behind. Each tick applies the decision for 1/60 s.
    const ratio = 25 / (24000 / 1001);
    let a = 10;
    let b = 8;
    let rate = 1;
    for (let tick = 0; tick < 240; tick++) {
      const action = decideFollow(
        leader(a),
        follower(b, { playbackRate: rate, lastFrame: 10_000 }),
        ctx({ rateRatio: ratio, now: tick * 16 }),
      );
      if (action.playbackRate !== null) rate = action.playbackRate;
      if (action.seekTo !== null) b = action.seekTo + 0.5;
      a += 24000 / 1001 / 60;
      b += ((24000 / 1001) * rate) / 60;
    }
    expect(Math.abs(a - b)).toBeLessThan(0.5);
  });
});

describe("sidesOffTheirParking", () => {
  it("is empty when every side shows the target", () => {
    expect(sidesOffTheirParking(6, [{ frame: 6, lastFrame: 59 }, { frame: 6, lastFrame: 47 }])).toEqual([]);
  });

  it("names a side one frame past the target (a frame presented after the pause)", () => {
    expect(sidesOffTheirParking(6, [{ frame: 6, lastFrame: 59 }, { frame: 7, lastFrame: 47 }])).toEqual([1]);
    expect(sidesOffTheirParking(6, [{ frame: 7, lastFrame: 59 }, { frame: 6, lastFrame: 47 }])).toEqual([0]);
  });

  it("expects a shorter side on its own last frame past its end", () => {
    expect(sidesOffTheirParking(55, [{ frame: 55, lastFrame: 59 }, { frame: 47, lastFrame: 47 }])).toEqual([]);
    expect(sidesOffTheirParking(55, [{ frame: 55, lastFrame: 59 }, { frame: 46, lastFrame: 47 }])).toEqual([1]);
  });

  it("names a side that has presented nothing yet", () => {
    expect(sidesOffTheirParking(0, [{ frame: 0, lastFrame: 59 }, { frame: -1, lastFrame: 47 }])).toEqual([1]);
  });
});
