"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { DEFAULT_COMPARE_VIEW } from "@/components/player/compare-mode";
import { PlayerStage } from "@/components/player/player-stage";
import type { TimelineMarker } from "@/components/player/timeline";
import type { Playable } from "@/components/review/playable";
import { PlayerControls } from "@/components/review/player-controls";
import { PlayerOverlays } from "@/components/review/player-overlays";
import { WorkArea } from "@/components/review/review-layout";
import { ReviewViewer } from "@/components/review/review-viewer";
import { usePlayerSession } from "@/components/review/use-player-session";
import { fetchGuestComments } from "@/lib/api-client/endpoints";
import type { GuestComment } from "@/lib/review-links/review-link.types";
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
  const player = usePlayerSession({
    playable,
    comparePlayable: null,
    canComment,
    assetName,
    versionNumber,
    // A grabbed frame carries the watermark, as the screen does.
    grabOverlayTestId: "guest-watermark",
    focusComposer: () => document.getElementById(GUEST_COMPOSER_ID)?.focus(),
    compareFlip: null,
  });
  const { playback, format } = player;
  const [selectedId, setSelectedId] = useState<string | null>(null);

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
    <PlayerStage stageRef={player.fullscreen.ref} playback={playback} t0={player.review.t0}>
      <ReviewViewer
        playable={playable}
        compare={null}
        session={player.review}
        source={player.source}
        volume={player.volume}
        view={DEFAULT_COMPARE_VIEW}
        onView={noop}
        overlays={
          <>
            <PlayerOverlays player={player} comments={comments} />
            {watermark && <WatermarkOverlay who={watermark} />}
          </>
        }
      />
      <PlayerControls {...player.controls} markers={markers} onMarker={onMarker} />
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
      drawing={player.drawing}
      onJump={jumpTo}
    />
  );
  return <WorkArea stage={stage} side={side} />;
}
