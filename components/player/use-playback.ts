"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FrameClock } from "./frame-clock";
import { PARK_ATTEMPTS, sidesOffTheirParking } from "./frame-lock";
import { createFrameStore } from "./frame-store";
import { loopRestartFrame, type LoopRange } from "./loop-range";
import { applyPlaybackRate, type PlaybackRate } from "./playback-rate";
import type { Playback } from "./playback.types";
import { nextShuttleSpeed, playReverse } from "./shuttle";
import { useFrameLock } from "./use-frame-lock";

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

  /**
   * After a pause: every side on `target` (the frame A showed when it stopped). The seeks are forced
   * — a frame decoded before the pause can still be presented after it, on either side, and the
   * last reported frame then is not what stays on screen — and a side that still ends elsewhere is
   * sought again. A seek, play or step meanwhile moves `intendedRef` and ends the parking.
   */
  const park = useCallback(
    async (target: number) => {
      if (!primary) return;
      const clamped = primary.clamp(target);
      intendedRef.current = clamped;
      const isCurrent = () => intendedRef.current === clamped && live.every((c) => c.video.paused);
      setBusyCount((n) => n + 1);
      try {
        let pending: readonly FrameClock[] = live;
        for (let attempt = 0; attempt < PARK_ATTEMPTS && pending.length > 0 && isCurrent(); attempt++) {
          await Promise.all(pending.map((c) => c.seekToFrame(clamped, { force: true })));
          const off = sidesOffTheirParking(clamped, live.map((c) => ({ frame: c.frame, lastFrame: c.lastFrame })));
          pending = off.map((index) => live[index]!);
        }
      } finally {
        setBusyCount((n) => n - 1);
      }
    },
    [primary, live],
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
    if (primary && wasPlaying) void park(primary.frame);
  }, [live, primary, pauseVideos, park, setSpeedBoth, stopReverse]);

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
    playAt(nextShuttleSpeed(s));
  }, [playAt, primary]);

  // Browsers do not play backwards: reverse is `playReverse`'s chain of seeks, one run per token.
  const runReverse = useCallback(
    async (token: number) => {
      if (!primary) return;
      await playReverse({
        fps: primary.rate.num / primary.rate.den,
        from: frameStore.get(),
        isCurrent: () => reverseToken.current === token,
        speed: () => speedRef.current,
        seek: seekAll,
      });
      if (reverseToken.current === token) setSpeedBoth(0);
    },
    [primary, seekAll, setSpeedBoth, frameStore],
  );

  const shuttleReverse = useCallback(() => {
    const s = speedRef.current;
    if (s < 0) {
      setSpeedBoth(-nextShuttleSpeed(-s));
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
