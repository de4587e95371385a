import type { FrameRate } from "@/lib/timecode";
import { chooseT0, clampFrame, firstFrameLimit, frameAtMediaTime, seekTimeForFrame, type ClockTimeline } from "./frame-clock-math";
import { waitForMediaData } from "./media-ready";

/**
 * Frame-exact position of one <video>: which source frame is on screen, and seeks that land on a
 * chosen frame.
 *
 * - The frame on screen comes from requestVideoFrameCallback's `mediaTime`, never `currentTime`
 *   (which points wherever the last seek or the playback clock left it, not at a frame).
 * - `t0` is the media time of the first frame, measured after load. HLS fMP4 segments cut by FFmpeg
 *   without negative CTS offsets put the first frame two frames late (B-frame reorder delay); a
 *   player that assumed t0 = 0 would show frame n−2 for every seek (docs/measurements.md). Measuring t0 makes
 *   the player right whether or not the pipeline fixed the offsets.
 * - Seeks go to the middle of a frame, t0 + (n + 0.5)/fps, so float error either way stays inside it.
 * - Seeking to the frame already shown presents nothing, so no callback fires: every wait for a
 *   presentation has a timeout.
 */

/** Long enough for a segment fetch on a busy CI host; only reached when a seek shows no new frame. */
const PRESENT_TIMEOUT_MS = 4000;
/** After `seeked` the new frame is normally presented within a vsync or two. */
const AFTER_SEEKED_GRACE_MS = 400;
/**
 * First data (manifest, init segment, first media segment) on a busy 2-core host takes a few
 * seconds; a side still without a picture after this is reported as failed, not waited for.
 */
const LOAD_TIMEOUT_MS = 30_000;
/** Where `start` seeks before seeking to 0 (the middle of frame 6): somewhere other than frame 0. */
const AWAY_FRAME_TIME_FRAMES = 6.5;

type FrameListener = (frame: number) => void;

export interface FrameClockOptions {
  rate: FrameRate;
  /** Frames in the source; the last valid frame is frameCount − 1. */
  frameCount: number;
}

export class FrameClock {
  readonly rate: FrameRate;
  readonly frameCount: number;
  private t0Value: number | null = null;
  private shown = -1;
  private lastMediaTime: number | null = null;
  private readonly listeners = new Set<FrameListener>();
  private readonly waiters = new Set<(mediaTime: number) => void>();
  private callbackId: number | null = null;
  private disposed = false;
  private pendingTarget: number | null = null;
  private pendingForce = false;
  private seekRun: Promise<number> | null = null;

  constructor(
    readonly video: HTMLVideoElement,
    options: FrameClockOptions,
  ) {
    this.rate = options.rate;
    this.frameCount = Math.max(1, options.frameCount);
    this.watch();
  }

  /** Media time of the first frame; null until `start` has measured it. */
  get t0(): number | null {
    return this.t0Value;
  }

  /** The source frame on screen (−1 before the first presentation). */
  get frame(): number {
    return this.shown;
  }

  get lastFrame(): number {
    return this.frameCount - 1;
  }

  get isSeeking(): boolean {
    return this.seekRun !== null;
  }

  subscribe(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clamp(frame: number): number {
    return clampFrame(frame, this.frameCount);
  }

  /**
   * Waits for decodable data, then measures t0: present some other frame first, then seek to 0 and
   * take the presented frame's mediaTime (seeking to the frame already shown would fire nothing).
   * Rejects (MediaLoadError) when the video errors or shows no data within LOAD_TIMEOUT_MS.
   */
  async start(): Promise<void> {
    await waitForMediaData(this.video, LOAD_TIMEOUT_MS);
    this.video.pause();
    const fps = this.rate.num / this.rate.den;
    let awayMediaTime: number | null = null;
    if (this.frameCount > 8) {
      const away = this.nextPresentation(PRESENT_TIMEOUT_MS);
      this.video.currentTime = AWAY_FRAME_TIME_FRAMES / fps;
      awayMediaTime = await away;
    }
    // On a loaded host the away frame can be presented after the seek to 0 was issued (its wait
    // timed out): it must not be taken for frame 0, or every seek lands AWAY frames late.
    const limit = firstFrameLimit(awayMediaTime, Math.floor(AWAY_FRAME_TIME_FRAMES) / fps);
    const first = this.nextPresentation(PRESENT_TIMEOUT_MS, (mediaTime) => mediaTime < limit);
    this.video.currentTime = 0;
    const mediaTime = await first;
    if (this.disposed) return;
    // Without a callback (a 1-frame clip shown already) the last presentation is the first frame.
    this.t0Value = chooseT0(mediaTime, this.lastMediaTime);
    this.publish(this.t0Value);
  }

  /**
   * Shows frame `frame` (clamped) and resolves with the frame on screen afterwards. Calls made while a
   * seek is running coalesce: only the newest target is sought next (scrubbing issues many).
   *
   * A target that looks shown already is skipped, unless `force`: right after a pause the last
   * reported frame may not be the one the decoder ends on (a frame decoded before the pause can
   * still be presented after it), and only a real seek flushes that.
   */
  seekToFrame(frame: number, options: { force?: boolean } = {}): Promise<number> {
    this.pendingTarget = this.clamp(frame);
    this.pendingForce = options.force ?? false;
    if (!this.seekRun) {
      this.seekRun = this.runSeeks().finally(() => {
        this.seekRun = null;
      });
    }
    return this.seekRun;
  }

  /** Time to seek to for `frame`; before t0 is known, 0 stands in for it. */
  seekTimeOf(frame: number): number {
    return seekTimeForFrame(frame, this.timeline);
  }

  dispose(): void {
    this.disposed = true;
    if (this.callbackId !== null) this.video.cancelVideoFrameCallback(this.callbackId);
    this.listeners.clear();
    for (const resolve of this.waiters) resolve(Number.NaN);
    this.waiters.clear();
  }

  private async runSeeks(): Promise<number> {
    while (this.pendingTarget !== null && !this.disposed) {
      const target = this.pendingTarget;
      const force = this.pendingForce;
      this.pendingTarget = null;
      this.pendingForce = false;
      if (!force && target === this.shown && this.video.paused && !this.video.seeking) continue;
      await this.seekOnce(target);
    }
    return this.shown;
  }

  private async seekOnce(target: number): Promise<void> {
    const presented = this.waitForFrame(target);
    this.video.currentTime = this.seekTimeOf(target);
    await presented;
  }

  /** Resolves when `target` is presented, shortly after `seeked` if nothing new shows, or on timeout. */
  private waitForFrame(target: number): Promise<void> {
    return new Promise((resolve) => {
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        clearTimeout(timer);
        clearTimeout(graceTimer);
        this.video.removeEventListener("seeked", onSeeked);
        this.waiters.delete(onPresent);
        resolve();
      };
      const onPresent = (mediaTime: number) => {
        if (Number.isNaN(mediaTime) || this.toFrame(mediaTime) === target) finish();
      };
      const onSeeked = () => {
        clearTimeout(graceTimer);
        graceTimer = setTimeout(finish, AFTER_SEEKED_GRACE_MS);
      };
      const timer = setTimeout(finish, PRESENT_TIMEOUT_MS);
      this.waiters.add(onPresent);
      this.video.addEventListener("seeked", onSeeked);
    });
  }

  /** The next presented frame's mediaTime (of one that `accepts`, if given), or null on timeout. */
  private nextPresentation(timeoutMs: number, accepts: (mediaTime: number) => boolean = () => true): Promise<number | null> {
    return new Promise((resolve) => {
      const onPresent = (mediaTime: number) => {
        if (!Number.isNaN(mediaTime) && !accepts(mediaTime)) return;
        clearTimeout(timer);
        this.waiters.delete(onPresent);
        resolve(Number.isNaN(mediaTime) ? null : mediaTime);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(onPresent);
        resolve(null);
      }, timeoutMs);
      this.waiters.add(onPresent);
    });
  }

  private get timeline(): ClockTimeline {
    return { rate: this.rate, frameCount: this.frameCount, t0: this.t0Value };
  }

  private toFrame(mediaTime: number): number {
    return frameAtMediaTime(mediaTime, this.timeline);
  }

  private watch(): void {
    if (this.disposed) return;
    this.callbackId = this.video.requestVideoFrameCallback((_now, metadata) => {
      this.lastMediaTime = metadata.mediaTime;
      if (this.t0Value !== null) this.publish(metadata.mediaTime);
      for (const waiter of [...this.waiters]) waiter(metadata.mediaTime);
      this.watch();
    });
  }

  private publish(mediaTime: number): void {
    const frame = this.toFrame(mediaTime);
    if (frame === this.shown) return;
    this.shown = frame;
    for (const listener of this.listeners) listener(frame);
  }
}
