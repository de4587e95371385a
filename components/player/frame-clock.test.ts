import { describe, expect, it } from "vitest";
import { FRAME_RATES, type FrameRate } from "@/lib/timecode";
import { FrameClock } from "./frame-clock";
import { framesDue } from "./frame-clock-math";
import { applyPlaybackRate, PLAYBACK_RATES, nextPlaybackRate } from "./playback-rate";

/**
 * A <video> as FrameClock sees it, driven by a simulated display: each `vsync` of `VSYNC_MS` wall time
 * advances a playing element's media time by that time × playbackRate (what browsers do), and when a
 * new frame (or a seek's target) is due, presents it to the requestVideoFrameCallback callbacks with
 * the frame's media time truncated to microseconds. Seeks present their frame on the next vsync and
 * fire `seeked`.
 */
class SimulatedVideo {
  readonly readyState = 4;
  readonly error = null;
  paused = true;
  playbackRate = 1;
  preservesPitch = false;
  seeking = false;
  /** Media time when play last started (or the last seek), and the wall time played since, in ms (a whole number, so no float drift). */
  private baseTime = 0;
  private playedMs = 0;
  private presented = -1;
  private readonly callbacks = new Map<number, (now: number, metadata: { mediaTime: number }) => void>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private nextId = 1;

  constructor(private readonly fps: number) {}

  get currentTime(): number {
    return this.baseTime + (this.playedMs / 1000) * this.playbackRate;
  }

  set currentTime(seconds: number) {
    this.baseTime = seconds;
    this.playedMs = 0;
    this.seeking = true;
  }

  play(): Promise<void> {
    this.baseTime = this.currentTime;
    this.playedMs = 0;
    this.paused = false;
    return Promise.resolve();
  }

  pause(): void {
    this.baseTime = this.currentTime;
    this.playedMs = 0;
    this.paused = true;
  }

  requestVideoFrameCallback(callback: (now: number, metadata: { mediaTime: number }) => void): number {
    const id = this.nextId++;
    this.callbacks.set(id, callback);
    return id;
  }

  cancelVideoFrameCallback(id: number): void {
    this.callbacks.delete(id);
  }

  addEventListener(type: string, listener: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  vsync(ms: number): void {
    if (!this.paused && !this.seeking) this.playedMs += ms;
    const frame = Math.floor(this.currentTime * this.fps + 1e-9);
    const wasSeeking = this.seeking;
    if (frame === this.presented && !wasSeeking) return;
    this.seeking = false;
    if (frame !== this.presented) {
      this.presented = frame;
      const mediaTime = Math.trunc((frame / this.fps) * 1e6) / 1e6;
      const due = [...this.callbacks.values()];
      this.callbacks.clear();
      for (const callback of due) callback(performance.now(), { mediaTime });
    }
    if (wasSeeking) for (const listener of [...(this.listeners.get("seeked") ?? [])]) listener();
  }
}

const VSYNC_MS = 20;

/** Lets the clock's promise continuations run between display refreshes. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runDisplay(video: SimulatedVideo, wallMs: number): Promise<void> {
  for (let t = 0; t < wallMs; t += VSYNC_MS) {
    video.vsync(VSYNC_MS);
    await flush();
  }
}

async function startedClock(rate: FrameRate, frameCount: number) {
  const video = new SimulatedVideo(rate.num / rate.den);
  const clock = new FrameClock(video as unknown as HTMLVideoElement, { rate, frameCount });
  const started = clock.start();
  while (clock.t0 === null) {
    video.vsync(VSYNC_MS);
    await flush();
  }
  await started;
  return { video, clock };
}

/** Frames the clock moves over one wall second of play at `speed`. */
async function framesPerWallSecond(rate: FrameRate, speed: number): Promise<number> {
  const { video, clock } = await startedClock(rate, 10_000);
  const from = clock.frame;
  applyPlaybackRate(video, speed);
  void video.play();
  await runDisplay(video, 1000);
  clock.dispose();
  return clock.frame - from;
}

describe("FrameClock at the player's playback rates", () => {
  it("starts on frame 0 with t0 measured", async () => {
    const { clock } = await startedClock(FRAME_RATES["25"], 100);
    expect(clock.t0).toBe(0);
    expect(clock.frame).toBe(0);
    clock.dispose();
  });

  it("advances half as many frames per wall second at 0.5× as at 1× (and a quarter at 0.25×, double at 2×)", async () => {
    const rate = FRAME_RATES["24"];
    const atOne = await framesPerWallSecond(rate, 1);
    expect(atOne).toBe(24);
    expect(await framesPerWallSecond(rate, 0.5)).toBe(atOne / 2);
    expect(await framesPerWallSecond(rate, 0.25)).toBe(atOne / 4);
    expect(await framesPerWallSecond(rate, 2)).toBe(atOne * 2);
  });

  it("keeps the audio's pitch whenever a rate is applied", () => {
    const video = { playbackRate: 1, preservesPitch: false };
    applyPlaybackRate(video, -0.5);
    expect(video).toEqual({ playbackRate: 0.5, preservesPitch: true });
  });
});

describe("framesDue (reverse play, paced by the wall clock)", () => {
  it("moves half as many frames per wall second at 0.5×, carrying fractions between ticks", () => {
    const perSecond = (speed: number) => {
      let carry = 0;
      let frames = 0;
      // 60 display refreshes of 1/60 s.
      for (let i = 0; i < 60; i++) {
        const due = framesDue(1000 / 60, 24, speed, carry);
        frames += due.frames;
        carry = due.carry;
      }
      return frames;
    };
    expect(perSecond(-1)).toBe(24);
    expect(perSecond(-0.5)).toBe(12);
    expect(perSecond(-0.25)).toBe(6);
    expect(perSecond(-2)).toBe(48);
  });

  it("is due nothing for no elapsed time", () => {
    expect(framesDue(0, 24, 1, 0.25)).toEqual({ frames: 0, carry: 0.25 });
    expect(framesDue(-5, 24, 1, 0)).toEqual({ frames: 0, carry: 0 });
  });
});

describe("nextPlaybackRate", () => {
  it("steps through 0.25, 0.5, 1, 2 and stays at the ends", () => {
    expect(PLAYBACK_RATES).toEqual([0.25, 0.5, 1, 2]);
    expect(nextPlaybackRate(1, 1)).toBe(2);
    expect(nextPlaybackRate(2, 1)).toBe(2);
    expect(nextPlaybackRate(1, -1)).toBe(0.5);
    expect(nextPlaybackRate(0.25, -1)).toBe(0.25);
  });
});
