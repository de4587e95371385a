"use client";

import { useFrameStore } from "./frame-store";
import type { Playback } from "./playback.types";

/**
 * The player section (and the element that goes full screen). It subscribes to the frame for its
 * test/debug attributes; its children are elements made by its parent, so re-rendering the stage
 * per frame does not re-render them.
 */
export function PlayerStage(props: { stageRef: React.Ref<HTMLElement>; playback: Playback; t0: number | null; children: React.ReactNode }) {
  const { playback } = props;
  const frame = useFrameStore(playback.frameStore);
  return (
    <section
      ref={props.stageRef}
      className="flex min-w-0 flex-1 flex-col bg-ink-950"
      data-testid="player"
      data-ready={playback.isReady}
      data-busy={playback.isBusy}
      data-frame={frame}
      data-playing={playback.isPlaying}
      data-t0={props.t0 ?? ""}
      aria-label="Player"
    >
      {props.children}
    </section>
  );
}
