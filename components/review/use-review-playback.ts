"use client";

import { useMemo, useState } from "react";
import type { FrameClock } from "@/components/player/frame-clock";
import type { Playback } from "@/components/player/playback.types";
import { usePlayback } from "@/components/player/use-playback";
import type { Playable } from "./playable";

/** What one video reports: its clock once it can seek by frame, and why it cannot play. */
export interface VideoEvents {
  onClock: (clock: FrameClock | null) => void;
  onError: (message: string | null) => void;
}

export interface ReviewPlayback {
  playback: Playback;
  /** The primary video's measured t0 (frame-clock.ts), for the stage's data attribute. */
  t0: number | null;
  /** Why the primary video cannot play, if it cannot. */
  playerError: string | null;
  /** The primary <video>, once its clock is ready (the drawing layer lies over it). */
  primaryVideo: HTMLVideoElement | null;
  /** Why the compare video cannot play: it is then dropped from the transport. */
  compareError: string | null;
  /** This version's clock once it can seek by frame (its `video` is what the guides and the frame grab read). */
  primaryClock: FrameClock | null;
  /** The compare version's clock, only while it drives (null when it failed or is not compared). */
  compareClock: FrameClock | null;
  primaryEvents: VideoEvents;
  compareEvents: VideoEvents;
}

/**
 * The transport over this version's video and, when comparing, the other one's. A compare side that
 * cannot play is dropped from the transport, so the primary stays playable and steppable alone.
 */
export function useReviewPlayback(playable: Playable, comparePlayable: Playable | null): ReviewPlayback {
  const [primaryClock, setPrimaryClock] = useState<FrameClock | null>(null);
  const [secondaryClock, setSecondaryClock] = useState<FrameClock | null>(null);
  const [playerError, setPlayerError] = useState<string | null>(null);
  const [compareError, setCompareError] = useState<string | null>(null);
  const drivesCompare = comparePlayable !== null && compareError === null;
  const clocks = useMemo(
    () => (drivesCompare ? [primaryClock, secondaryClock] : [primaryClock]),
    [drivesCompare, primaryClock, secondaryClock],
  );
  const playback = usePlayback(clocks, playable.frameCount);
  const primaryEvents = useMemo(() => ({ onClock: setPrimaryClock, onError: setPlayerError }), []);
  const compareEvents = useMemo(() => ({ onClock: setSecondaryClock, onError: setCompareError }), []);
  return {
    playback,
    t0: primaryClock?.t0 ?? null,
    primaryVideo: primaryClock?.video ?? null,
    playerError,
    compareError,
    primaryClock,
    compareClock: drivesCompare ? secondaryClock : null,
    primaryEvents,
    compareEvents,
  };
}
