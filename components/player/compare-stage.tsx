"use client";

import { type CSSProperties, type ReactNode, useMemo, useState } from "react";
import { CompareModePicker, OverlayOpacity } from "./compare-mode-picker";
import {
  type CompareTimeline,
  type CompareView,
  compareNotices,
  DEFAULT_COMPARE_VIEW,
  DEFAULT_OVERLAY_OPACITY,
  DEFAULT_WIPE_POSITION,
  heldNotice,
} from "./compare-mode";
import { DifferenceLayer } from "./difference-layer";
import type { FrameClock } from "./frame-clock";
import { type FrameStore, useFrameStore } from "./frame-store";
import { ViewerPane } from "./viewer-area";
import { WipeDivider } from "./wipe-divider";

export interface CompareSide {
  /**
   * What the side's pane shows: its <VideoSurface> (and, for B, whatever replaces or covers it —
   * processing panel, loading text, the compare-error overlay). Always rendered at the same place
   * in the tree, so changing the mode never remounts (reloads) a video.
   */
  content: ReactNode;
  /** "v2". */
  label: string;
  /** The side's FrameClock once ready (VideoSurface's onClock); null while it cannot play. */
  clock: FrameClock | null;
  /** Rate and frame count (the workspace's Playable), null while unknown. */
  timeline: CompareTimeline | null;
  /**
   * Layers over the side's picture (ViewerPane's `overlays`): guides, drawings. They sit above the
   * other pane in wipe and overlay (z-20 over B's z-10), so A's guides cover the whole picture.
   */
  overlays?: ReactNode;
}

export interface CompareStageProps {
  /** This version: its timeline, transport and comments drive the room. */
  a: CompareSide;
  /**
   * The other version, following A's frame number; null when not comparing (A alone, no toolbar).
   * The stage renders A's pane at the same place either way, so toggling compare keeps A's video.
   */
  b: (CompareSide & { isFailed?: boolean }) | null;
  view: CompareView;
  onView: (view: CompareView) => void;
  /** A's frame (usePlayback's frameStore), for the "holding its last frame" line. */
  frameStore: FrameStore;
  /** Shown over the pictures (the room's "Loading video…" and player error lines). */
  overlay?: ReactNode;
}

/**
 * Two versions in one of the compare modes (compare-mode.ts): side by side, wipe, overlay,
 * difference, A/B flip. Both panes stay mounted and decoding in every mode — the modes only
 * stack, clip, fade or cover them — so the frame clocks, usePlayback's seeks and the frame lock
 * work the same in all of them.
 */
export function CompareStage(props: CompareStageProps) {
  const { a, b } = props;
  const view = b ? props.view : DEFAULT_COMPARE_VIEW;
  const [wipe, setWipe] = useState(DEFAULT_WIPE_POSITION);
  const [opacity, setOpacity] = useState(DEFAULT_OVERLAY_OPACITY);

  const notices = useMemo(
    () => (a.timeline && b?.timeline ? compareNotices(a.timeline, b.timeline, a.label, b.label) : []),
    [a.timeline, b?.timeline, a.label, b?.label],
  );
  const isStacked = view.mode !== "side-by-side";
  const shows = (side: "a" | "b") => view.mode !== "flip" || view.flipSide === side;
  const layer = (side: "a" | "b"): CSSProperties => {
    if (view.mode === "wipe" && side === "b") return { clipPath: `inset(0 0 0 ${wipe}%)`, zIndex: 10 };
    if (view.mode === "overlay" && side === "b") return { opacity: opacity / 100, zIndex: 10 };
    // Flip: the shown pane on top; its black background hides the other, which keeps decoding.
    if (view.mode === "flip") return { zIndex: shows(side) ? 10 : 0 };
    return {};
  };
  const paneClass = `relative m-0 flex min-h-0 bg-black ${isStacked ? "col-start-1 row-start-1" : ""}`;

  return (
    <div
      className="flex min-h-0 flex-1 flex-col"
      data-testid="compare-stage"
      data-mode={b ? view.mode : undefined}
      data-flip-side={b && view.mode === "flip" ? view.flipSide : undefined}
    >
      {b && (
        <div className="flex min-h-9 flex-wrap items-center gap-x-4 gap-y-1 border-b border-ink-800 bg-ink-900 px-3 py-1">
          <CompareModePicker view={view} onView={props.onView} />
          {view.mode === "overlay" && <OverlayOpacity value={opacity} onChange={setOpacity} labelB={b.label} />}
          {view.mode === "flip" && (
            <p className="text-xs text-ink-300" aria-live="polite" data-testid="compare-flip-state">
              Showing <span className="font-mono text-ink-100">{view.flipSide === "a" ? a.label : b.label}</span> ·
              press B to flip
            </p>
          )}
          <CompareNotices notices={notices} frameStore={props.frameStore} b={b} />
        </div>
      )}
      <div
        className={`relative grid min-h-0 flex-1 gap-px bg-black ${b && !isStacked ? "grid-cols-2" : "grid-cols-1"}`}
      >
        <ViewerPane
          className={paneClass}
          style={layer("a")}
          testId="player-primary"
          isShown={b ? shows("a") : undefined}
          overlays={a.overlays}
        >
          {a.content}
          <SideLabel
            text={`${a.label} · this version`}
            isVisible={b !== null && (view.mode === "side-by-side" || view.mode === "wipe" || view.mode === "flip")}
          />
        </ViewerPane>
        {b && (
          <ViewerPane
            className={paneClass}
            style={layer("b")}
            testId="player-compare"
            isFailed={b.isFailed}
            isShown={shows("b")}
            overlays={b.overlays}
          >
            {b.content}
            <SideLabel
              text={view.mode === "overlay" ? `${b.label} over ${a.label} · ${opacity} %` : `${b.label} · compare`}
              isVisible={view.mode !== "difference"}
              isRight={view.mode === "wipe"}
            />
          </ViewerPane>
        )}
        {b && view.mode === "difference" && (
          <DifferenceLayer
            a={a.clock}
            b={b.clock}
            label={`Difference between ${a.label} and ${b.label}: black where they are the same`}
          />
        )}
        {b && view.mode === "wipe" && (
          <WipeDivider position={wipe} onPosition={setWipe} labelA={a.label} labelB={b.label} />
        )}
        {b && view.mode === "difference" && <SideLabel text={`|${a.label} − ${b.label}|`} isVisible isOnTop />}
        {props.overlay}
      </div>
    </div>
  );
}

/** Rate/length notices, plus the held-frame line while A is past B's end (re-renders per frame only here). */
function CompareNotices(props: { notices: readonly string[]; frameStore: FrameStore; b: CompareSide }) {
  const frame = useFrameStore(props.frameStore);
  const held = props.b.timeline ? heldNotice(frame, props.b.timeline, props.b.label) : null;
  if (props.notices.length === 0 && !held) return null;
  return (
    <div className="text-xs text-amber-200" data-testid="compare-notices">
      {props.notices.map((n) => (
        <p key={n}>{n}</p>
      ))}
      {held && (
        <p className="font-medium" data-testid="compare-held">
          {held}
        </p>
      )}
    </div>
  );
}

function SideLabel(props: { text: string; isVisible: boolean; isRight?: boolean; isOnTop?: boolean }) {
  if (!props.isVisible) return null;
  return (
    <figcaption
      className={`pointer-events-none absolute top-2 rounded bg-black/70 px-1.5 py-0.5 font-mono text-xs text-ink-100 ${
        props.isRight ? "right-2" : "left-2"
      } ${props.isOnTop ? "z-30" : ""}`}
    >
      {props.text}
    </figcaption>
  );
}
