"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { DEFAULT_COMPARE_VIEW } from "@/components/player/compare-mode";
import { formatFrame } from "@/components/player/frame-format";
import { visibleGuides } from "@/components/player/guides-choice";
import { GuidesOverlay } from "@/components/player/guides-overlay";
import { PlayerStage } from "@/components/player/player-stage";
import type { TimelineMarker } from "@/components/player/timeline";
import { useFrameGrab } from "@/components/player/use-frame-grab";
import { useFullscreen } from "@/components/player/use-fullscreen";
import { useGuides } from "@/components/player/use-guides";
import { usePlaybackSource } from "@/components/player/use-playback-source";
import { usePlayerShortcuts } from "@/components/player/use-player-shortcuts";
import { useThumbnails } from "@/components/player/use-thumbnails";
import { useVolume } from "@/components/player/use-volume";
import type { Playable } from "@/components/review/playable";
import { ReviewViewer } from "@/components/review/review-viewer";
import { DrawingLayer } from "@/components/review/drawing-layer";
import { PlayerControls } from "@/components/review/player-controls";
import { WorkArea } from "@/components/review/review-layout";
import { drawingKeysOf, useDrawingSession } from "@/components/review/use-drawing-session";
import { useReviewPlayback } from "@/components/review/use-review-playback";
import { fetchGuestComments } from "@/lib/api-client/endpoints";
import type { GuestComment } from "@/lib/review-links/review-link.types";
import { nominalRate, type FrameReadoutMode } from "@/lib/timecode";
import { GUEST_COMPOSER_ID, GuestComments } from "./guest-comments";
import { guestKeys } from "./guest-keys";
import { WatermarkOverlay } from "./watermark-overlay";

/** Guests see new notes (the producer's replies, other guests') within a few seconds. */
const COMMENTS_POLL_MS = 3000;
const NO_COMMENTS: GuestComment[] = [];
const noop = () => undefined;

export interface GuestPlayerProps {
  linkId: string;
  playable: Playable;
  assetName: string;
  versionNumber: number | null;
  canComment: boolean;
  /** The watermark's text (the guest's name and e-mail), or null when the link has it off. */
  watermark: string | null;
}

/**
 * A shared version in the room's own frame-accurate player (components/player: the same stage,
 * timeline, transport and keys), for a guest: no compare, no decisions; the room's drawing tools
 * when the link takes comments (a drawing goes with the guest's comment); the watermark over the
 * picture, above the drawings; the guest's comments beside it.
 */
export function GuestPlayer({ linkId, playable, assetName, versionNumber, canComment, watermark }: GuestPlayerProps) {
  const session = useReviewPlayback(playable, null);
  const { playback } = session;
  const source = usePlaybackSource(playable, playback);
  const drawing = useDrawingSession(playback, canComment);
  const volume = useVolume();
  const fullscreen = useFullscreen<HTMLElement>();
  const thumbnails = useThumbnails(playable.spriteVttUrl);
  const guides = useGuides();
  const [readoutMode, setReadoutMode] = useState<FrameReadoutMode>("timecode");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const primaryVideo = session.primaryClock?.video ?? null;
  const frameGrab = useFrameGrab({
    video: primaryVideo,
    assetName,
    versionNumber,
    currentFrame: playback.currentFrame,
    // A grabbed frame carries the watermark, as the screen does.
    overlay: () => {
      const canvas = primaryVideo?.closest('[data-testid="player-primary"]')?.querySelector<HTMLCanvasElement>('canvas[data-testid="guest-watermark"]');
      return canvas ? { canvas, coverage: "element" } : null;
    },
  });
  const format = useCallback((f: number) => formatFrame(f, readoutMode, playable.timecode), [readoutMode, playable.timecode]);
  usePlayerShortcuts({
    playback,
    framesPerSecond: nominalRate(playable.rate),
    toggleFullscreen: fullscreen.toggle,
    toggleMute: volume.toggleMute,
    focusComposer: () => document.getElementById(GUEST_COMPOSER_ID)?.focus(),
    toggleGuides: guides.toggleShown,
    grabFrame: frameGrab.grab,
    compareFlip: null,
    drawing: drawingKeysOf(drawing),
  });

  const comments =
    useQuery({
      queryKey: guestKeys.comments(linkId, playable.versionId),
      queryFn: () => fetchGuestComments(linkId, playable.versionId),
      refetchInterval: COMMENTS_POLL_MS,
    }).data ?? NO_COMMENTS;
  const jumpTo = useCallback(
    (comment: GuestComment) => {
      setSelectedId(comment.id);
      void playback.seek(comment.frameIn);
    },
    [playback],
  );
  const markers = useMemo(
    (): TimelineMarker[] =>
      comments.map((c) => ({
        id: c.id,
        frameIn: c.frameIn,
        frameOut: c.frameOut,
        label: `Comment by ${c.authorName}${c.authorIsGuest ? " (guest)" : ""} at ${format(c.frameIn)}: ${c.body.slice(0, 80)}`,
        isResolved: false,
        isSelected: c.id === selectedId,
      })),
    [comments, format, selectedId],
  );
  const onMarker = useCallback((id: string) => {
    const c = comments.find((x) => x.id === id);
    if (c) jumpTo(c);
  }, [comments, jumpTo]);

  const stage = (
    <PlayerStage stageRef={fullscreen.ref} playback={playback} t0={session.t0}>
      <ReviewViewer
        playable={playable}
        compare={null}
        session={session}
        source={source}
        volume={volume}
        view={DEFAULT_COMPARE_VIEW}
        onView={noop}
        overlays={
          <>
            <div className="pointer-events-none absolute inset-0 z-[25]">
              <GuidesOverlay video={primaryVideo} guides={visibleGuides(guides.choice)} />
            </div>
            {/* Under the watermark (z-27), which takes no pointer: the canvas takes it only while drawing. */}
            <div className="pointer-events-none absolute inset-0 z-[26]">
              <DrawingLayer comments={comments} video={session.primaryVideo} frameStore={playback.frameStore} session={drawing} />
            </div>
            {watermark && <WatermarkOverlay who={watermark} />}
          </>
        }
      />
      <PlayerControls
        playable={playable}
        playback={playback}
        format={format}
        readoutMode={readoutMode}
        onReadoutMode={setReadoutMode}
        markers={markers}
        onMarker={onMarker}
        thumbnails={thumbnails}
        volume={volume}
        source={source}
        isFullscreen={fullscreen.isFullscreen}
        onToggleFullscreen={fullscreen.toggle}
        guides={guides}
        frameGrab={frameGrab}
      />
    </PlayerStage>
  );
  const side = (
    <GuestComments
      linkId={linkId}
      versionId={playable.versionId}
      comments={comments}
      playback={playback}
      format={format}
      canComment={canComment}
      drawing={drawing}
      onJump={jumpTo}
    />
  );
  return <WorkArea stage={stage} side={side} />;
}
