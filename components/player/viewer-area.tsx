"use client";

import type { CSSProperties } from "react";

/** The player's messages over the picture area (CompareStage's `overlay`): loading, and why it cannot play. */
export function ViewerMessages(props: { isLoading: boolean; error: string | null }) {
  return (
    <>
      {props.isLoading && !props.error && (
        <p className="pointer-events-none absolute inset-x-0 bottom-3 z-30 text-center text-xs text-ink-400">Loading video…</p>
      )}
      {props.error && (
        <p role="alert" className="absolute inset-x-0 top-3 z-30 mx-auto w-fit rounded border border-red-900 bg-red-950/80 px-3 py-1.5 text-red-200">
          {props.error}
        </p>
      )}
    </>
  );
}

/**
 * One pane: a video (or what stands in for it) with layers stacked over it in order — its label,
 * then `overlays` (guides, drawings), absolutely positioned over the same box as the <video>.
 * CompareStage places the panes for the compare mode (`style`: grid cell, clip, opacity, z-order).
 */
export function ViewerPane(props: {
  testId: string;
  className: string;
  style?: CSSProperties;
  isFailed?: boolean;
  /** Whether the compare mode shows this pane (flip hides one); undefined when not comparing. */
  isShown?: boolean;
  children: React.ReactNode;
  /** Absolutely positioned layers over the video (`absolute inset-0`), after the label. */
  overlays?: React.ReactNode;
}) {
  return (
    <figure
      className={props.className}
      style={props.style}
      data-testid={props.testId}
      data-failed={props.isFailed || undefined}
      data-shown={props.isShown}
      aria-hidden={props.isShown === false || undefined}
    >
      {props.children}
      {props.overlays}
    </figure>
  );
}
