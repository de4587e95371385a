"use client";

import { memo, useEffect, useRef, useState } from "react";
import type { WaveformPeaks } from "@/lib/media/waveform-peaks";
import type { FrameRate } from "@/lib/timecode";
import { useFrameStore, type FrameStore } from "./frame-store";
import { frameAtStripX, playheadFraction, timelineSpanSeconds, waveformColumns } from "./waveform-columns";

export interface WaveformStripProps {
  /** From `useWaveformPeaks(room.renditions.waveformPeaksUrl)`; null draws nothing (the strip is not shown). */
  peaks: WaveformPeaks | null;
  /** The frame on screen (the playhead), as the timeline gets it. */
  frameStore: FrameStore;
  frameCount: number;
  rate: FrameRate;
  /** Pointer scrubbing on the strip (the timeline stays the keyboard control). Omit for a passive strip. */
  onScrub?: (frame: number) => void;
  /** CSS height in pixels (default 40). */
  height?: number;
}

/**
 * The audio waveform under the timeline: min/max peaks drawn into a canvas at the strip's pixel width
 * (device pixels, so it stays sharp when the window or the devicePixelRatio changes), on the timeline's
 * scale (waveform-columns.ts), with the playhead. Mount it directly under <Timeline> inside the same
 * horizontal padding (`px-3`), so both share one width. Only the playhead re-renders while playing; the
 * canvas is redrawn when the width or the peaks change.
 */
export const WaveformStrip = memo(function WaveformStrip(props: WaveformStripProps) {
  const { peaks, frameCount, rate, onScrub, height = 40 } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // A callback ref kept in state, not useRef: the box mounts only once peaks arrive, and the observer must follow it.
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const [size, setSize] = useState<{ width: number; ratio: number }>({ width: 0, ratio: 1 });
  const scrubbing = useRef(false);

  useEffect(() => {
    if (!box) return;
    const measure = () => setSize({ width: box.clientWidth, ratio: window.devicePixelRatio || 1 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [box]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || !peaks || size.width === 0) return;
    const pixelWidth = Math.round(size.width * size.ratio);
    const pixelHeight = Math.round(height * size.ratio);
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
    ctx.clearRect(0, 0, pixelWidth, pixelHeight);
    // The colour comes from the canvas's own CSS `color` (a theme class, a plain hex), not a literal here.
    ctx.fillStyle = getComputedStyle(canvas).color;
    ctx.globalAlpha = 0.7;
    const columns = waveformColumns(peaks, pixelWidth, timelineSpanSeconds(frameCount, rate));
    const mid = pixelHeight / 2;
    for (let x = 0; x < pixelWidth; x++) {
      const top = mid - columns.max[x]! * mid;
      const bottom = mid - columns.min[x]! * mid;
      // At least one device pixel, so silence still reads as a line.
      ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }, [peaks, size, height, frameCount, rate]);

  if (!peaks) return null;

  const frameAt = (clientX: number) => {
    const rect = box?.getBoundingClientRect();
    return rect ? frameAtStripX(clientX - rect.left, rect.width, frameCount) : null;
  };

  return (
    <div className="px-3 pb-1" data-testid="waveform-strip">
      <div
        ref={setBox}
        className={`relative overflow-hidden rounded-sm bg-ink-900 ${onScrub ? "cursor-pointer touch-none" : ""}`}
        style={{ height }}
        // The timeline above is the accessible scrubber; this is its picture of the sound.
        aria-hidden="true"
        onPointerDown={(e) => {
          if (!onScrub || e.button !== 0) return;
          const frame = frameAt(e.clientX);
          if (frame === null) return;
          scrubbing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          onScrub(frame);
        }}
        onPointerMove={(e) => {
          if (!onScrub || !scrubbing.current) return;
          const frame = frameAt(e.clientX);
          if (frame !== null) onScrub(frame);
        }}
        onPointerUp={(e) => {
          scrubbing.current = false;
          if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
        }}
        onPointerCancel={() => {
          scrubbing.current = false;
        }}
      >
        <canvas ref={canvasRef} className="absolute inset-0 h-full w-full text-accent-400" />
        <WaveformPlayhead frameStore={props.frameStore} frameCount={frameCount} />
      </div>
    </div>
  );
});

/** The playhead alone subscribes to the frame, so playing does not redraw the canvas. */
function WaveformPlayhead(props: { frameStore: FrameStore; frameCount: number }) {
  const frame = useFrameStore(props.frameStore);
  const left = `${playheadFraction(frame, props.frameCount) * 100}%`;
  return (
    <>
      <div className="absolute inset-y-0 left-0 bg-white/5" style={{ width: left }} />
      <div data-testid="waveform-playhead" className="absolute inset-y-0 w-0.5 -translate-x-1/2 bg-white" style={{ left }} />
    </>
  );
}
