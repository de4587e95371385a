"use client";

import { useCallback, useState } from "react";
import { formatFrame } from "@/components/player/frame-format";
import { type FrameGrab, useFrameGrab } from "@/components/player/use-frame-grab";
import { type Fullscreen, useFullscreen } from "@/components/player/use-fullscreen";
import { type Guides, useGuides } from "@/components/player/use-guides";
import { type PlaybackSource, usePlaybackSource } from "@/components/player/use-playback-source";
import { usePlayerShortcuts } from "@/components/player/use-player-shortcuts";
import { useThumbnails } from "@/components/player/use-thumbnails";
import { type Volume, useVolume } from "@/components/player/use-volume";
import { nominalRate, type FrameReadoutMode } from "@/lib/timecode";
import type { Playable } from "./playable";
import type { PlayerControlsProps } from "./player-controls";
import { type DrawingSession, drawingKeysOf, useDrawingSession } from "./use-drawing-session";
import { type ReviewPlayback, useReviewPlayback } from "./use-review-playback";

export interface PlayerSessionOptions {
  playable: Playable;
  /** The version played beside it, or null (the guest page never compares). */
  comparePlayable: Playable | null;
  /** Whether the drawing tools work: a drawing goes with a comment. */
  canComment: boolean;
  /** For the frame grab's file name. */
  assetName: string;
  versionNumber: number | null;
  /**
   * The data-testid of the canvas over the picture that a frame grab composites, so a grab shows
   * what the viewer sees: the room's drawings, the guest page's watermark.
   */
  grabOverlayTestId: string;
  /** The `c` key: the page's comment composer. */
  focusComposer: () => void;
  /** The compare flip key, or null while nothing is compared. */
  compareFlip: (() => void) | null;
}

/** What PlayerControls takes that is the player's own, not the page's: all but the comment markers. */
export type PlayerSessionControls = Omit<PlayerControlsProps, "markers" | "onMarker">;

export interface PlayerSession {
  review: ReviewPlayback;
  playback: ReviewPlayback["playback"];
  source: PlaybackSource;
  volume: Volume;
  fullscreen: Fullscreen<HTMLElement>;
  guides: Guides;
  drawing: DrawingSession;
  frameGrab: FrameGrab;
  /** The primary <video> the guides and the frame grab read, once its clock is ready. */
  primaryVideo: HTMLVideoElement | null;
  /** A frame in the readout's format (timecode, frames, feet+frames), for markers and comments too. */
  format: (frame: number) => string;
  controls: PlayerSessionControls;
}

/**
 * The frame-accurate player as the room and the guest page both run it: the transport over the
 * version (and the compared one), its source, volume, fullscreen, guides, drawing session, frame grab,
 * readout format and keyboard shortcuts. The page keeps what is its own: the comments, the selected
 * one, the compare view.
 */
export function usePlayerSession(options: PlayerSessionOptions): PlayerSession {
  const { playable } = options;
  const review = useReviewPlayback(playable, options.comparePlayable);
  const { playback } = review;
  const source = usePlaybackSource(playable, playback);
  const drawing = useDrawingSession(playback, options.canComment);
  const volume = useVolume();
  const fullscreen = useFullscreen<HTMLElement>();
  const thumbnails = useThumbnails(playable.spriteVttUrl);
  const guides = useGuides();
  const [readoutMode, setReadoutMode] = useState<FrameReadoutMode>("timecode");
  const primaryVideo = review.primaryClock?.video ?? null;
  const { grabOverlayTestId } = options;
  const frameGrab = useFrameGrab({
    video: primaryVideo,
    assetName: options.assetName,
    versionNumber: options.versionNumber,
    currentFrame: playback.currentFrame,
    // The canvas covers the <video>'s box (letterbox included); an empty one (hidden drawings) adds nothing.
    overlay: () => {
      const canvas = primaryVideo
        ?.closest('[data-testid="player-primary"]')
        ?.querySelector<HTMLCanvasElement>(`canvas[data-testid="${grabOverlayTestId}"]`);
      return canvas ? { canvas, coverage: "element" } : null;
    },
  });
  const format = useCallback((f: number) => formatFrame(f, readoutMode, playable.timecode), [readoutMode, playable.timecode]);
  usePlayerShortcuts({
    playback,
    framesPerSecond: nominalRate(playable.rate),
    toggleFullscreen: fullscreen.toggle,
    toggleMute: volume.toggleMute,
    focusComposer: options.focusComposer,
    toggleGuides: guides.toggleShown,
    grabFrame: frameGrab.grab,
    compareFlip: options.compareFlip,
    drawing: drawingKeysOf(drawing),
  });

  return {
    review,
    playback,
    source,
    volume,
    fullscreen,
    guides,
    drawing,
    frameGrab,
    primaryVideo,
    format,
    controls: {
      playable,
      playback,
      format,
      readoutMode,
      onReadoutMode: setReadoutMode,
      thumbnails,
      volume,
      source,
      isFullscreen: fullscreen.isFullscreen,
      onToggleFullscreen: fullscreen.toggle,
      guides,
      frameGrab,
    },
  };
}
