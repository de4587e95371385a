"use client";

import { useEffect, useRef, useState } from "react";
import type { FrameClock } from "./frame-clock";
import { frameAtMediaTime } from "./frame-clock-math";
import { createDifferenceRenderer, type DifferenceBackend, startDifferenceLoop } from "./difference-renderer";

export interface DifferenceLayerProps {
  a: FrameClock | null;
  b: FrameClock | null;
  label: string;
  /** Forces the 2D fallback (the canvas keeps the kind of its first context, so it is decided at mount). */
  prefer?: DifferenceBackend;
}

function sideOf(clock: FrameClock) {
  return {
    video: clock.video,
    frameAt: (mediaTime: number) =>
      frameAtMediaTime(mediaTime, { rate: clock.rate, frameCount: clock.frameCount, t0: clock.t0 }),
    frameNow: clock.frame,
    frameCount: clock.frameCount,
  };
}

/**
 * |A − B| over both pictures (which stay mounted and decoding underneath, so their frame clocks
 * keep reporting). The pair drawn last is in `data-frame-a` / `data-frame-b` and the backend in
 * `data-renderer`, set on the canvas directly: no React render per frame.
 */
export function DifferenceLayer(props: DifferenceLayerProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { a, b, prefer } = props;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !a || !b) return;
    const renderer = createDifferenceRenderer(canvas, { prefer });
    if (!renderer) {
      setProblem("This browser cannot draw the difference (no WebGL or 2D canvas).");
      return;
    }
    setProblem(null);
    canvas.dataset.renderer = renderer.backend;
    const stop = startDifferenceLoop({
      a: sideOf(a),
      b: sideOf(b),
      renderer,
      onRender: (frameA, frameB) => {
        canvas.dataset.frameA = String(frameA);
        canvas.dataset.frameB = String(frameB);
      },
    });
    return () => {
      stop();
      renderer.dispose();
    };
  }, [a, b, prefer]);

  return (
    <div className="relative col-start-1 row-start-1 z-20 flex min-h-0 bg-black">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={props.label}
        data-testid="compare-difference"
        className="h-full w-full object-contain"
      />
      {(!a || !b || problem) && (
        <p className="absolute inset-0 m-auto h-fit w-fit text-ink-400">{problem ?? "Waiting for both pictures…"}</p>
      )}
    </div>
  );
}
