"use client";

import { visibleGuides } from "@/components/player/guides-choice";
import { GuidesOverlay } from "@/components/player/guides-overlay";
import { DrawingLayer, type DrawnComment } from "./drawing-layer";
import type { PlayerSession } from "./use-player-session";

/** The guides and the comments' drawings over the primary picture, as the room and the guest page lay them. */
export function PlayerOverlays({ player, comments }: { player: PlayerSession; comments: readonly DrawnComment[] }) {
  return (
    <>
      {/* Above the other pane in wipe/overlay and the difference canvas (z-20), so A's guides span the picture. */}
      <div className="pointer-events-none absolute inset-0 z-[25]">
        <GuidesOverlay video={player.primaryVideo} guides={visibleGuides(player.guides.choice)} />
      </div>
      {/* Over the guides and under the guest page's watermark (z-27, which takes no pointer): the canvas takes the pointer only while drawing. */}
      <div className="pointer-events-none absolute inset-0 z-[26]">
        <DrawingLayer
          comments={comments}
          video={player.review.primaryVideo}
          frameStore={player.playback.frameStore}
          session={player.drawing}
        />
      </div>
    </>
  );
}
