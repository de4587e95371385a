import { afterEach, describe, expect, it, vi } from "vitest";
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

describe("FrameClock.seekToFrame on the frame already shown", () => {
  async function onFrameSix() {
    const { video, clock } = await startedClock(FRAME_RATES["24"], 100);
    const landed = clock.seekToFrame(6);
    await runDisplay(video, 100);
    expect(await landed).toBe(6);
    const seeks: number[] = [];
    const descriptor = Object.getOwnPropertyDescriptor(SimulatedVideo.prototype, "currentTime")!;
    Object.defineProperty(video, "currentTime", {
      get: () => descriptor.get!.call(video),
      set: (seconds: number) => {
        seeks.push(seconds);
        descriptor.set!.call(video, seconds);
      },
    });
    return { video, clock, seeks };
  }

  it("skips the seek when not forced (scrubbing over the same frame costs nothing)", async () => {
    const { video, clock, seeks } = await onFrameSix();
    const shown = clock.seekToFrame(6);
    await runDisplay(video, 100);
    expect(await shown).toBe(6);
    expect(seeks).toEqual([]);
    clock.dispose();
  });

  it("seeks anyway when forced (parking after a pause flushes a frame presented late)", async () => {
    const { video, clock, seeks } = await onFrameSix();
    const shown = clock.seekToFrame(6, { force: true });
    await runDisplay(video, 600);
    expect(await shown).toBe(6);
    expect(seeks).toHaveLength(1);
    expect(Math.floor(seeks[0]! * 24)).toBe(6);
    clock.dispose();
  });
});

/**
 * A <video> whose presentations the test makes one by one (`present`), so their order against the
 * clock's seeks can be chosen: what a loaded host does when a frame arrives after its wait timed out.
 */
class ManualVideo {
  readonly readyState = 4;
  readonly error = null;
  paused = true;
  seeking = false;
  readonly seeks: number[] = [];
  private callbacks: ((now: number, metadata: { mediaTime: number }) => void)[] = [];

  get currentTime(): number {
    return this.seeks.at(-1) ?? 0;
  }

  set currentTime(seconds: number) {
    this.seeks.push(seconds);
  }

  pause(): void {
    this.paused = true;
  }

  requestVideoFrameCallback(callback: (now: number, metadata: { mediaTime: number }) => void): number {
    this.callbacks.push(callback);
    return this.callbacks.length;
  }

  cancelVideoFrameCallback(): void {
    this.callbacks = [];
  }

  addEventListener(): void {}
  removeEventListener(): void {}

  present(mediaTime: number): void {
    const due = this.callbacks;
    this.callbacks = [];
    for (const callback of due) callback(0, { mediaTime });
  }
}

describe("FrameClock.start on a loaded host", () => {
  afterEach(() => vi.useRealTimers());

  it("does not take the away frame, presented after its wait timed out, for frame 0", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const rate = FRAME_RATES["24"];
    const video = new ManualVideo();
    const clock = new FrameClock(video as unknown as HTMLVideoElement, { rate, frameCount: 100 });
    const started = clock.start();
    await vi.waitFor(() => expect(video.seeks).toHaveLength(1));
    // The away frame (6) is not presented in time: its wait times out and the clock seeks to 0.
    await vi.advanceTimersByTimeAsync(4001);
    expect(video.seeks).toHaveLength(2);
    expect(video.seeks[1]).toBe(0);
    video.present(6 / 24); // late: the away frame
    video.present(0); // then frame 0
    await started;
    expect(clock.t0).toBe(0);
    expect(clock.frame).toBe(0);
    expect(clock.seekTimeOf(7)).toBeCloseTo(7.5 / 24, 9);
    clock.dispose();
  });
});
