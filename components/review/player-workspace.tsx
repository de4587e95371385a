"use client";

import { useCallback, useMemo, useState } from "react";
import { pressFlipKey } from "@/components/player/compare-mode";
import { PlayerStage } from "@/components/player/player-stage";
import { useCompareView } from "@/components/player/use-compare-view";
import type { ReviewPanelTab } from "@/lib/review/room-path";
import { commentMarkersOf, groupThreads, type CommentFilter } from "./comment-filter";
import { focusComposer } from "./comment-composer";
import type { Playable } from "./playable";
import { PlayerControls } from "./player-controls";
import type { PlayerLink } from "./player-link";
import { PlayerOverlays } from "./player-overlays";
import type { ReviewComment, ReviewData } from "./review-api";
import { WorkArea } from "./review-layout";
import { ReviewViewer, type CompareSide } from "./review-viewer";
import { SidePanel } from "./side-panel";
import { useComments } from "./use-review-data";
import { useInitialFrame } from "./use-initial-frame";
import { usePlayerSession } from "./use-player-session";

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
  const [compareView, setCompareView] = useCompareView();
  const player = usePlayerSession({
    playable,
    comparePlayable: compare?.playable ?? null,
    canComment: data.permissions.canComment,
    assetName: data.asset.name,
    versionNumber: data.version.number,
    // The drawings: a grab shows what the reviewer sees (hidden drawings leave the canvas empty).
    grabOverlayTestId: "drawing-canvas",
    focusComposer,
    compareFlip: compare !== null ? () => setCompareView(pressFlipKey(compareView)) : null,
  });
  const { playback, format, drawing, frameGrab } = player;
  useInitialFrame(playback);
  const [selectedId, setSelectedId] = useState<string | null>(null);

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

  const link: PlayerLink = useMemo(
    () => ({ playback, formatFrame: format, selectedId, jumpTo, drawing, captureFrame: frameGrab.capture }),
    [playback, format, selectedId, jumpTo, drawing, frameGrab.capture],
  );

  const stage = (
    <PlayerStage stageRef={player.fullscreen.ref} playback={playback} t0={player.review.t0}>
      <ReviewViewer
        playable={playable}
        compare={compare}
        session={player.review}
        source={player.source}
        volume={player.volume}
        view={compareView}
        onView={setCompareView}
        overlays={<PlayerOverlays player={player} comments={comments} />}
      />
      <PlayerControls {...player.controls} markers={markers} onMarker={onMarker} />
    </PlayerStage>
  );
  return <WorkArea stage={stage} side={<SidePanel data={data} initialTab={initialTab} filter={filter} onFilter={onFilter} player={link} />} />;
}
