"use client";

import { useCallback, useMemo, useState } from "react";
import { pressFlipKey } from "@/components/player/compare-mode";
import { formatFrame } from "@/components/player/frame-format";
import { visibleGuides } from "@/components/player/guides-choice";
import { GuidesOverlay } from "@/components/player/guides-overlay";
import { PlayerStage } from "@/components/player/player-stage";
import { useCompareView } from "@/components/player/use-compare-view";
import { useFrameGrab } from "@/components/player/use-frame-grab";
import { useFullscreen } from "@/components/player/use-fullscreen";
import { useGuides } from "@/components/player/use-guides";
import { usePlaybackSource } from "@/components/player/use-playback-source";
import { usePlayerShortcuts } from "@/components/player/use-player-shortcuts";
import { useThumbnails } from "@/components/player/use-thumbnails";
import { useVolume } from "@/components/player/use-volume";
import { nominalRate, type FrameReadoutMode } from "@/lib/timecode";
import type { ReviewPanelTab } from "@/lib/review/room-path";
import { commentMarkersOf, groupThreads, type CommentFilter } from "./comment-filter";
import { focusComposer } from "./comment-composer";
import type { Playable } from "./playable";
import { PlayerControls } from "./player-controls";
import type { PlayerLink } from "./player-link";
import type { ReviewComment, ReviewData } from "./review-api";
import { WorkArea } from "./review-layout";
import { ReviewViewer, type CompareSide } from "./review-viewer";
import { SidePanel } from "./side-panel";
import { useComments } from "./use-review-data";
import { DrawingLayer } from "./drawing-layer";
import { drawingKeysOf, useDrawingSession } from "./use-drawing-session";
import { useReviewPlayback } from "./use-review-playback";
import { useInitialFrame } from "./use-initial-frame";

export interface PlayerWorkspaceProps {
  data: ReviewData;
  playable: Playable;
  compare: CompareSide | null;
  initialTab: ReviewPanelTab;
  filter: CommentFilter;
  onFilter: (filter: CommentFilter) => void;
}

const NO_COMMENTS: ReviewComment[] = [];

/**
 * A playable version: the stage (picture, timeline, transport) and the side panel, joined by the
 * playback they share. Renders on playback state changes (ready, play, pause, busy, in/out), not on
 * every presented frame: the frame lives in `playback.frameStore`, and only the stage attributes,
 * readout, playhead and composer line subscribe to it.
 */
export function PlayerWorkspace({ data, playable, compare, initialTab, filter, onFilter }: PlayerWorkspaceProps) {
  const session = useReviewPlayback(playable, compare?.playable ?? null);
  const { playback } = session;
  useInitialFrame(playback);
  const source = usePlaybackSource(playable, playback);
  const volume = useVolume();
  const fullscreen = useFullscreen<HTMLElement>();
  const thumbnails = useThumbnails(playable.spriteVttUrl);
  const [readoutMode, setReadoutMode] = useState<FrameReadoutMode>("timecode");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [compareView, setCompareView] = useCompareView();
  const guides = useGuides();
  const primaryVideo = session.primaryClock?.video ?? null;
  const frameGrab = useFrameGrab({
    video: primaryVideo,
    assetName: data.asset.name,
    versionNumber: data.version.number,
    currentFrame: playback.currentFrame,
    // The drawing layer's canvas covers the <video>'s box (letterbox included): composited onto the
    // frame so a grab shows what the reviewer sees. Hidden drawings leave the canvas empty.
    overlay: () => {
      const canvas = primaryVideo?.closest('[data-testid="player-primary"]')?.querySelector<HTMLCanvasElement>('canvas[data-testid="drawing-canvas"]');
      return canvas ? { canvas, coverage: "element" } : null;
    },
  });
  const isComparing = compare !== null;

  const drawing = useDrawingSession(playback, data.permissions.canComment);

  const format = useCallback((f: number) => formatFrame(f, readoutMode, playable.timecode), [readoutMode, playable.timecode]);

  usePlayerShortcuts({
    playback,
    framesPerSecond: nominalRate(playable.rate),
    toggleFullscreen: fullscreen.toggle,
    toggleMute: volume.toggleMute,
    focusComposer,
    toggleGuides: guides.toggleShown,
    grabFrame: frameGrab.grab,
    compareFlip: isComparing ? () => setCompareView(pressFlipKey(compareView)) : null,
    drawing: drawingKeysOf(drawing),
  });

  const jumpTo = useCallback(
    (comment: ReviewComment) => {
      setSelectedId(comment.id);
      void playback.seek(comment.frameIn);
      document.querySelector(`[data-comment-id="${CSS.escape(comment.id)}"]`)?.scrollIntoView({ block: "nearest" });
    },
    [playback],
  );

  // The side panel loads the comments too: one shared, polled query.
  const comments = useComments(playable.versionId).data ?? NO_COMMENTS;
  const grouped = useMemo(() => groupThreads(comments), [comments]);
  // Markers show what the panel shows: the status/author filter applies to both.
  const markers = useMemo(() => commentMarkersOf(grouped, filter, format, selectedId), [grouped, filter, format, selectedId]);
  const onMarker = useCallback(
    (id: string) => {
      const c = comments.find((x) => x.id === id);
      if (c) jumpTo(c);
    },
    [comments, jumpTo],
  );

  const player: PlayerLink = useMemo(
    () => ({ playback, formatFrame: format, selectedId, jumpTo, drawing, captureFrame: frameGrab.capture }),
    [playback, format, selectedId, jumpTo, drawing, frameGrab.capture],
  );

  const stage = (
    <PlayerStage stageRef={fullscreen.ref} playback={playback} t0={session.t0}>
      <ReviewViewer
        playable={playable}
        compare={compare}
        session={session}
        source={source}
        volume={volume}
        view={compareView}
        onView={setCompareView}
        overlays={
          <>
            {/* Above the other pane in wipe/overlay and the difference canvas (z-20), so A's guides span the picture. */}
            <div className="pointer-events-none absolute inset-0 z-[25]">
              <GuidesOverlay video={primaryVideo} guides={visibleGuides(guides.choice)} />
            </div>
            {/* The drawing layer over the guides; its canvas takes the pointer only while drawing. */}
            <div className="pointer-events-none absolute inset-0 z-[26]">
              <DrawingLayer comments={comments} video={session.primaryVideo} frameStore={playback.frameStore} session={drawing} />
            </div>
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
  return <WorkArea stage={stage} side={<SidePanel data={data} initialTab={initialTab} filter={filter} onFilter={onFilter} player={player} />} />;
}
