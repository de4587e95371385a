"use client";

import { memo, useCallback, useRef, useState } from "react";
import { useFrameStore, type FrameStore } from "./frame-store";
import { isScrubKey } from "./player-keys";
import { findThumbnail, type ThumbnailCue } from "./sprite-thumbnails";

export interface TimelineMarker {
  id: string;
  frameIn: number;
  frameOut: number | null;
  /** Accessible name, e.g. "Comment by Ana at 01:00:00:12: too dark". */
  label: string;
  isResolved: boolean;
  isSelected: boolean;
}

export interface TimelineProps {
  /** The frame on screen; the timeline subscribes to it itself (see frame-store.ts). */
  frameStore: FrameStore;
  frameCount: number;
  /** Seconds from the first frame, for thumbnail lookup. */
  frameToSeconds: (frame: number) => number;
  format: (frame: number) => string;
  markers: readonly TimelineMarker[];
  inFrame: number | null;
  outFrame: number | null;
  thumbnails: readonly ThumbnailCue[];
  isDisabled?: boolean;
  onScrub: (frame: number) => void;
  onMarker: (id: string) => void;
}

/** Position of `frame` along a timeline whose last frame is `last`, as a CSS percentage. */
function percentOf(frame: number, last: number): string {
  return `${(Math.min(last, Math.max(0, frame)) / last) * 100}%`;
}

/**
 * Scrub bar with comment markers, range bars, in/out shading and sprite thumbnails — on hover, and
 * at the playhead after arrow/Home/End keys on the focused bar, so keyboard scrubbing previews too.
 */
export const Timeline = memo(function Timeline(props: TimelineProps) {
  const { frameCount, markers, inFrame, outFrame, thumbnails, format, onScrub } = props;
  const frame = useFrameStore(props.frameStore);
  const trackRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ frame: number; x: number; width: number } | null>(null);
  const [isKeyPreview, setIsKeyPreview] = useState(false);
  const scrubbing = useRef(false);
  const last = Math.max(1, frameCount - 1);
  const pct = (f: number) => percentOf(f, last);

  const frameAt = useCallback(
    (clientX: number) => {
      const rect = trackRef.current?.getBoundingClientRect();
      if (!rect || rect.width === 0) return null;
      const ratio = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
      return { frame: Math.round(ratio * last), x: clientX - rect.left, width: rect.width };
    },
    [last],
  );

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    setIsKeyPreview(false);
    if (props.isDisabled || e.button !== 0) return;
    const at = frameAt(e.clientX);
    if (!at) return;
    scrubbing.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    onScrub(at.frame);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const at = frameAt(e.clientX);
    setHover(at);
    if (scrubbing.current && at) onScrub(at.frame);
  };
  const endScrub = (e: React.PointerEvent<HTMLDivElement>) => {
    scrubbing.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const rangeStart = inFrame !== null && outFrame !== null ? Math.min(inFrame, outFrame) : inFrame;
  const rangeEnd = inFrame !== null && outFrame !== null ? Math.max(inFrame, outFrame) : outFrame;
  const preview = hover ?? (isKeyPreview ? { frame } : null);
  const thumb = preview ? findThumbnail(thumbnails, props.frameToSeconds(preview.frame)) : null;

  return (
    <div className="select-none px-3 pt-1" data-testid="timeline">
      <MarkerLayer markers={markers} last={last} onMarker={props.onMarker} />
      <div
        ref={trackRef}
        role="slider"
        tabIndex={props.isDisabled ? -1 : 0}
        aria-label="Timeline"
        aria-valuemin={0}
        aria-valuemax={last}
        aria-valuenow={frame}
        aria-valuetext={format(frame)}
        aria-disabled={props.isDisabled || undefined}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endScrub}
        onPointerCancel={endScrub}
        onPointerLeave={() => setHover(null)}
        onBlur={() => setIsKeyPreview(false)}
        // Keys that move the playhead (the player's shortcuts move it) show the preview; any other
        // key (Space to play, I/O…) puts it away.
        onKeyDown={(e) => setIsKeyPreview(isScrubKey(e.key))}
        className="relative h-7 cursor-pointer touch-none rounded-sm bg-ink-800"
      >
        {rangeStart !== null && (
          <div
            className="absolute inset-y-0 bg-accent-500/25"
            style={{
              left: pct(rangeStart),
              width: rangeEnd !== null ? `calc(${pct(rangeEnd)} - ${pct(rangeStart)} + 2px)` : "2px",
            }}
          />
        )}
        {rangeStart !== null && <div className="absolute inset-y-0 w-0.5 bg-accent-400" style={{ left: pct(rangeStart) }} />}
        {rangeEnd !== null && <div className="absolute inset-y-0 w-0.5 bg-accent-400" style={{ left: pct(rangeEnd) }} />}
        <div className="absolute inset-y-0 left-0 bg-ink-700" style={{ width: pct(frame) }} />
        <div className="absolute -inset-y-1 w-0.5 -translate-x-1/2 bg-white" style={{ left: pct(frame) }} />
        {preview && (
          <div
            data-testid="timeline-preview"
            className="pointer-events-none absolute bottom-full mb-8 -translate-x-1/2 rounded border border-ink-600 bg-ink-900 p-1 shadow-lg"
            style={{ left: hover ? Math.min(Math.max(hover.x, 84), hover.width - 84) : `clamp(84px, ${pct(frame)}, calc(100% - 84px))` }}
          >
            {thumb && (
              <div className="mb-1 overflow-hidden" style={{ width: 160, height: Math.round((160 * thumb.h) / thumb.w) }}>
                <div
                  className="origin-top-left bg-no-repeat"
                  style={{
                    width: thumb.w,
                    height: thumb.h,
                    backgroundImage: `url("${thumb.url}")`,
                    backgroundPosition: `-${thumb.x}px -${thumb.y}px`,
                    transform: `scale(${160 / thumb.w})`,
                  }}
                />
              </div>
            )}
            <div className="text-center font-mono text-xs text-ink-100">{format(preview.frame)}</div>
          </div>
        )}
      </div>
    </div>
  );
});

/** Range bars and marker buttons; memoised so a new frame on screen does not redraw them. */
const MarkerLayer = memo(function MarkerLayer(props: { markers: readonly TimelineMarker[]; last: number; onMarker: (id: string) => void }) {
  const { markers, last } = props;
  const pct = (f: number) => percentOf(f, last);
  const ranges = markers.filter((m) => m.frameOut !== null && m.frameOut > m.frameIn);
  return (
    <>
      {/* Range comments: one thin bar each, stacked in a few lanes so overlaps stay visible. */}
      <div className="relative h-3" aria-hidden="true">
        {ranges.map((m, i) => (
          <div
            key={m.id}
            className={`absolute h-1 rounded-full ${m.isSelected ? "bg-accent-400" : m.isResolved ? "bg-ink-600" : "bg-amber-400/80"}`}
            style={{
              left: pct(m.frameIn),
              width: `calc(${pct(m.frameOut!)} - ${pct(m.frameIn)} + 2px)`,
              top: `${(i % 3) * 4}px`,
            }}
          />
        ))}
      </div>
      {/* Markers: real buttons, so keyboard users can tab to a comment's frame. */}
      <div className="relative h-4">
        {markers.map((m) => (
          <button
            key={m.id}
            type="button"
            data-testid="comment-marker"
            data-frame={m.frameIn}
            aria-label={m.label}
            title={m.label}
            onClick={() => props.onMarker(m.id)}
            className={`absolute top-0 h-3.5 w-2 -translate-x-1/2 rounded-sm border ${
              m.isSelected
                ? "border-accent-400 bg-accent-400"
                : m.isResolved
                  ? "border-ink-600 bg-ink-700"
                  : "border-amber-300 bg-amber-400 hover:bg-amber-300"
            }`}
            style={{ left: pct(m.frameIn) }}
          />
        ))}
      </div>
    </>
  );
});
