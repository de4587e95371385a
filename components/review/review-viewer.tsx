"use client";

import { CompareStage } from "@/components/player/compare-stage";
import type { CompareView } from "@/components/player/compare-mode";
import type { PlaybackSource } from "@/components/player/use-playback-source";
import type { Volume } from "@/components/player/use-volume";
import { VideoSurface } from "@/components/player/video-surface";
import { ViewerMessages } from "@/components/player/viewer-area";
import type { Playable } from "./playable";
import { ProcessingPanel } from "./processing-panel";
import type { ReviewData } from "./review-api";
import type { ReviewPlayback, VideoEvents } from "./use-review-playback";
import { versionLabel } from "./version-bar";

/** The other version, while comparing: its data once loaded, or why it could not be. */
export interface CompareSide {
  data: ReviewData | null;
  loadError: string | null;
  playable: Playable | null;
}

export interface ReviewViewerProps {
  playable: Playable;
  /** Null when not comparing. */
  compare: CompareSide | null;
  session: ReviewPlayback;
  source: PlaybackSource;
  volume: Volume;
  /** The compare mode (URL, `useCompareView`). */
  view: CompareView;
  onView: (view: CompareView) => void;
  /**
   * Layers over this version's picture, in order (the viewer tools: guides; the drawing canvas
   * goes here too). Each is `absolute inset-0` over the <video>'s box.
   */
  overlays?: React.ReactNode;
}

/**
 * The picture: this version's video and, when comparing, the other one's in the chosen compare mode
 * (CompareStage). The compare side plays silently at automatic quality; when it cannot play its pane
 * says so and this version plays on alone.
 */
export function ReviewViewer({ playable, compare, session, source, volume, view, onView, overlays }: ReviewViewerProps) {
  const surface = (p: Playable, isPrimary: boolean, events: VideoEvents) => (
    <VideoSurface
      hlsUrl={p.hlsUrl}
      proxyUrl={p.proxyUrl}
      posterUrl={p.posterUrl}
      sourceKind={p.hlsUrl ? source.sourceKind : "proxy"}
      rate={p.rate}
      frameCount={p.frameCount}
      level={isPrimary ? source.level : -1}
      volume={volume.volume}
      // The compare side is always silent: two soundtracks at once help nobody.
      isMuted={isPrimary ? volume.isMuted : true}
      label={`Video ${p.label}`}
      onClock={events.onClock}
      onLevels={isPrimary ? source.setLevels : undefined}
      onError={events.onError}
    />
  );

  const compareContent = compare && (
    <>
      {compare.playable ? (
        surface(compare.playable, false, session.compareEvents)
      ) : compare.data ? (
        <ProcessingPanel version={compare.data.version} canRetry={false} />
      ) : (
        <p className="m-auto text-ink-400">{compare.loadError ?? "Loading the other version…"}</p>
      )}
      {compare.playable && session.compareError && (
        <div className="absolute inset-0 z-20 flex items-center justify-center bg-black/80 p-4">
          <p role="alert" data-testid="compare-error" className="max-w-sm rounded border border-red-900 bg-red-950/90 px-3 py-2 text-center text-red-100">
            {compare.playable.label} cannot be played for comparison: {session.compareError} {playable.label} still plays on its own.
          </p>
        </div>
      )}
    </>
  );

  return (
    <CompareStage
      view={view}
      onView={onView}
      frameStore={session.playback.frameStore}
      a={{
        content: surface(playable, true, session.primaryEvents),
        label: playable.label,
        clock: session.primaryClock,
        timeline: playable,
        overlays,
      }}
      b={
        compare
          ? {
              content: compareContent,
              label: compare.playable?.label ?? (compare.data ? versionLabel(compare.data.version) : "B"),
              clock: session.compareClock,
              timeline: compare.playable,
              isFailed: session.compareError !== null,
            }
          : null
      }
      overlay={<ViewerMessages isLoading={!session.playback.isReady} error={session.playerError} />}
    />
  );
}
