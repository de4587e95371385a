"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FrameClock } from "./frame-clock";
import { framesDue } from "./frame-clock-math";
import { createFrameStore, type FrameStore } from "./frame-store";
import { loopRestartFrame, type LoopRange } from "./loop-range";
import { applyPlaybackRate, type PlaybackRate } from "./playback-rate";
import { useFrameLock } from "./use-frame-lock";

/** Forward shuttle speeds (L presses) and reverse speeds (J presses), as in editing suites. */
const SHUTTLE_SPEEDS = [1, 2, 4, 8] as const;

export interface Playback {
  /** True once every clock has measured its t0 and can seek by frame. */
  isReady: boolean;
  /**
   * Frame on screen in the primary player (source timeline, 0-based), as a store: render it with
   * `useFrameStore`, read it in handlers with `currentFrame()`. Not React state of the whole
   * workspace, so playback re-renders only what shows the frame.
   */
  frameStore: FrameStore;
  currentFrame: () => number;
  frameCount: number;
  isPlaying: boolean;
  /** Shuttle speed: positive forward, negative reverse, 0 stopped. */
  speed: number;
  /**
   * The rate Play uses (0.25×, 0.5×, 1×, 2×; pitch kept). Choosing one while playing applies it at once,
   * in the direction of play; the J/L shuttle keeps its own 1/2/4/8 ladder.
   */
  rate: PlaybackRate;
  setRate: (rate: PlaybackRate) => void;
  /** Seeks in flight (exposed for tests as data-busy). */
  isBusy: boolean;
  loop: LoopRange;
  seek: (frame: number) => Promise<number>;
  step: (delta: number) => Promise<number>;
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  shuttleForward: () => void;
  shuttleReverse: () => void;
  setIn: (frame: number | null) => void;
  setOut: (frame: number | null) => void;
  toggleLoop: () => void;
  clearRange: () => void;
}

/**
 * Transport for one or more frame clocks driven together (the second is the compare side). The first
 * clock is the primary: its frame is the one shown and the others follow it — seeks and steps go to
 * every clock with the same frame number; while playing, useFrameLock keeps the others on the
 * primary's frame number.
 */
export function usePlayback(clocks: readonly (FrameClock | null)[], frameCount: number): Playback {
  const live = useMemo(() => clocks.filter((c): c is FrameClock => c !== null), [clocks]);
  const isReady = live.length === clocks.length && live.length > 0;
  const primary = isReady ? live[0]! : null;
  const followers = useMemo(() => (isReady ? live.slice(1) : []), [isReady, live]);
  useFrameLock(primary, followers);

  const [frameStore] = useState(() => createFrameStore(0));
  const [isPlaying, setIsPlaying] = useState(false);
  const [speed, setSpeed] = useState(0);
  const [rate, setRateState] = useState<PlaybackRate>(1);
  const [busyCount, setBusyCount] = useState(0);
  const [loop, setLoop] = useState<LoopRange>({ inFrame: null, outFrame: null, isLooping: false });

  // Refs mirror state for event handlers that must not wait for a render.
  const intendedRef = useRef(0);
  const loopRef = useRef(loop);
  loopRef.current = loop;
  const reverseToken = useRef(0);
  const speedRef = useRef(0);
  const rateRef = useRef<PlaybackRate>(1);

  const setSpeedBoth = useCallback((s: number) => {
    speedRef.current = s;
    setSpeed(s);
  }, []);

  useEffect(() => {
    if (!primary) return;
    const onFrame = (f: number) => {
      frameStore.set(f);
      const video = primary.video;
      if (!video.paused) {
        intendedRef.current = f;
        const restart = loopRestartFrame(f, loopRef.current);
        if (restart !== null) {
          for (const c of live) c.video.currentTime = c.seekTimeOf(restart);
        }
      }
    };
    if (primary.frame >= 0) onFrame(primary.frame);
    const unsubscribe = primary.subscribe(onFrame);
    const video = primary.video;
    const onPlay = () => setIsPlaying(true);
    const onPause = () => {
      setIsPlaying(false);
      if (speedRef.current > 0) setSpeedBoth(0);
    };
    // An out point on the last frame is never passed: the video ends (and pauses) first. The loop
    // then starts again from here, at the speed it was playing.
    const onEnded = () => {
      const restart = loopRestartFrame(frameStore.get(), loopRef.current, true);
      if (restart === null) return onPause();
      const rate = video.playbackRate;
      for (const c of live) {
        c.video.currentTime = c.seekTimeOf(restart);
        applyPlaybackRate(c.video, rate);
        void c.video.play().catch(() => undefined);
      }
      setSpeedBoth(rate);
    };
    video.addEventListener("play", onPlay);
    video.addEventListener("pause", onPause);
    video.addEventListener("ended", onEnded);
    setIsPlaying(!video.paused);
    return () => {
      unsubscribe();
      video.removeEventListener("play", onPlay);
      video.removeEventListener("pause", onPause);
      video.removeEventListener("ended", onEnded);
    };
  }, [primary, live, setSpeedBoth, frameStore]);

  const seekAll = useCallback(
    async (target: number): Promise<number> => {
      if (!primary) return frameStore.get();
      const clamped = primary.clamp(target);
      intendedRef.current = clamped;
      setBusyCount((n) => n + 1);
      try {
        const [shown] = await Promise.all(live.map((c) => c.seekToFrame(clamped)));
        return shown ?? clamped;
      } finally {
        setBusyCount((n) => n - 1);
      }
    },
    [primary, live, frameStore],
  );

  const stopReverse = useCallback(() => {
    reverseToken.current += 1;
  }, []);

  const pauseVideos = useCallback(() => {
    for (const c of live) c.video.pause();
  }, [live]);

  const pause = useCallback(() => {
    stopReverse();
    setSpeedBoth(0);
    const wasPlaying = live.some((c) => !c.video.paused);
    pauseVideos();
    // Park every side on the primary's frame, at its middle, so stepping starts from what is shown.
    if (primary && wasPlaying) {
      void seekAll(primary.frame);
    }
  }, [live, primary, pauseVideos, seekAll, setSpeedBoth, stopReverse]);

  const seek = useCallback(
    (target: number) => {
      stopReverse();
      setSpeedBoth(0);
      pauseVideos();
      return seekAll(target);
    },
    [pauseVideos, seekAll, setSpeedBoth, stopReverse],
  );

  const step = useCallback(
    (delta: number) => {
      const from = primary && primary.isSeeking ? intendedRef.current : frameStore.get();
      return seek(from + delta);
    },
    [primary, seek, frameStore],
  );

  const playAt = useCallback(
    (rate: number) => {
      stopReverse();
      if (!primary) return;
      if (frameStore.get() >= primary.lastFrame) void seekAll(0);
      for (const c of live) {
        applyPlaybackRate(c.video, rate);
        void c.video.play().catch(() => undefined);
      }
      setSpeedBoth(rate);
    },
    [live, primary, seekAll, setSpeedBoth, stopReverse, frameStore],
  );

  const play = useCallback(() => playAt(rateRef.current), [playAt]);

  const setRate = useCallback(
    (next: PlaybackRate) => {
      rateRef.current = next;
      setRateState(next);
      const s = speedRef.current;
      if (s < 0) {
        // Reverse is paced by runReverse from speedRef: the new magnitude applies from its next tick.
        setSpeedBoth(-next);
      } else if (s > 0 && live.some((c) => !c.video.paused)) {
        for (const c of live) applyPlaybackRate(c.video, next);
        setSpeedBoth(next);
      } else {
        // Paused: set it now, so a play started elsewhere (the native controls, a loop) uses it too.
        for (const c of live) applyPlaybackRate(c.video, next);
      }
    },
    [live, setSpeedBoth],
  );

  const togglePlay = useCallback(() => {
    if (!primary) return;
    if (primary.video.paused && speedRef.current >= 0) play();
    else pause();
  }, [primary, play, pause]);

  const shuttleForward = useCallback(() => {
    const s = speedRef.current;
    if (s <= 0 || !primary || primary.video.paused) return playAt(1);
    const next = SHUTTLE_SPEEDS.find((v) => v > s) ?? SHUTTLE_SPEEDS[SHUTTLE_SPEEDS.length - 1]!;
    playAt(next);
  }, [playAt, primary]);

  // Browsers do not play backwards, so reverse is a chain of seeks paced by the wall clock.
  const runReverse = useCallback(
    async (token: number) => {
      if (!primary) return;
      const fps = primary.rate.num / primary.rate.den;
      let last = performance.now();
      let position = frameStore.get();
      let carry = 0;
      while (reverseToken.current === token && position > 0) {
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        const due = framesDue(now - last, fps, speedRef.current, carry);
        last = now;
        carry = due.carry;
        // Slow reverse: no seek until a whole frame is due (0.25× moves every few display refreshes).
        if (due.frames === 0) continue;
        position = Math.max(0, position - due.frames);
        await seekAll(position);
      }
      if (reverseToken.current === token) setSpeedBoth(0);
    },
    [primary, seekAll, setSpeedBoth, frameStore],
  );

  const shuttleReverse = useCallback(() => {
    const s = speedRef.current;
    if (s < 0) {
      const next = SHUTTLE_SPEEDS.find((v) => v > -s) ?? SHUTTLE_SPEEDS[SHUTTLE_SPEEDS.length - 1]!;
      setSpeedBoth(-next);
      return;
    }
    pauseVideos();
    setSpeedBoth(-1);
    reverseToken.current += 1;
    void runReverse(reverseToken.current);
  }, [pauseVideos, runReverse, setSpeedBoth]);

  useEffect(() => () => stopReverse(), [stopReverse]);

  const setIn = useCallback((f: number | null) => setLoop((l) => ({ ...l, inFrame: f })), []);
  const setOut = useCallback((f: number | null) => setLoop((l) => ({ ...l, outFrame: f })), []);
  const toggleLoop = useCallback(() => setLoop((l) => ({ ...l, isLooping: !l.isLooping })), []);
  const clearRange = useCallback(() => setLoop({ inFrame: null, outFrame: null, isLooping: false }), []);

  const currentFrame = frameStore.get;
  const isBusy = busyCount > 0;
  const isShowingPlay = isPlaying || speed < 0;
  // One object per state change, not per render: memoised children can compare it.
  return useMemo(
    () => ({
      isReady,
      frameStore,
      currentFrame,
      frameCount,
      isPlaying: isShowingPlay,
      speed,
      rate,
      setRate,
      isBusy,
      loop,
      seek,
      step,
      play,
      pause,
      togglePlay,
      shuttleForward,
      shuttleReverse,
      setIn,
      setOut,
      toggleLoop,
      clearRange,
    }),
    [
      isReady,
      frameStore,
      currentFrame,
      frameCount,
      isShowingPlay,
      speed,
      rate,
      setRate,
      isBusy,
      loop,
      seek,
      step,
      play,
      pause,
      togglePlay,
      shuttleForward,
      shuttleReverse,
      setIn,
      setOut,
      toggleLoop,
      clearRange,
    ],
  );
}
