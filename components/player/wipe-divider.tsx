"use client";

import { useRef } from "react";
import { wipePositionAfterKey, wipePositionAt } from "./compare-mode";

export interface WipeDividerProps {
  /** Percent of the stage width from the left. */
  position: number;
  onPosition: (position: number) => void;
  labelA: string;
  labelB: string;
}

/**
 * The wipe's vertical line: drag it (pointer capture, so the drag survives leaving the handle) or
 * focus it and use the arrows (Shift: 10 %), Page Up/Down, Home/End. Its keys never reach the
 * player's shortcuts (arrows there step frames). Positioned against the nearest positioned
 * ancestor, which must be the box both pictures fill.
 */
export function WipeDivider(props: WipeDividerProps) {
  const handleRef = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const moveTo = (clientX: number) => {
    const stage = handleRef.current?.parentElement?.getBoundingClientRect();
    if (stage) props.onPosition(wipePositionAt(clientX, stage));
  };

  return (
    <div
      ref={handleRef}
      role="slider"
      tabIndex={0}
      aria-label="Wipe position"
      aria-orientation="horizontal"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.position}
      aria-valuetext={`${props.labelA} left of ${props.position} %, ${props.labelB} right`}
      data-testid="wipe-divider"
      className="group absolute inset-y-0 z-20 -ml-2 w-4 cursor-ew-resize touch-none focus-visible:outline-none"
      style={{ left: `${props.position}%` }}
      onKeyDown={(e) => {
        const next = wipePositionAfterKey(props.position, e.key, e.shiftKey);
        if (next === null) return;
        e.preventDefault();
        e.stopPropagation();
        props.onPosition(next);
      }}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        e.currentTarget.focus();
      }}
      onPointerMove={(e) => {
        if (dragging.current) moveTo(e.clientX);
      }}
      onPointerUp={(e) => {
        dragging.current = false;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onPointerCancel={() => {
        dragging.current = false;
      }}
    >
      <div className="mx-auto h-full w-0.5 bg-white/85 shadow-[0_0_2px_rgba(0,0,0,0.9)] group-focus-visible:bg-accent-400" />
      <div className="absolute left-1/2 top-1/2 h-8 w-3 -translate-x-1/2 -translate-y-1/2 rounded-sm border border-black/60 bg-white/90 group-focus-visible:ring-2 group-focus-visible:ring-accent-400" />
    </div>
  );
}
