"use client";

import { useEffect, useRef } from "react";
import { WATERMARK_ANGLE_RAD, watermarkCopies, watermarkGridFor, watermarkText } from "./watermark-layout";

/** Redrawn this often: the clock in the text moves by the second, and the grid drifts smoothly enough. */
const REDRAW_MS = 500;

/**
 * The guest watermark (docs/review-links.md, "Watermark"): a canvas over the picture with `who`
 * and the current time repeated on a drifting diagonal grid (watermark-layout.ts). It takes no
 * pointer and is hidden from assistive technology (the page says a watermark is on in words).
 * The frame grab composites this canvas too, so a grabbed frame carries it.
 */
export function WatermarkOverlay({ who }: { who: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const draw = () => {
      const { clientWidth: width, clientHeight: height } = canvas;
      if (width === 0 || height === 0) return;
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
      }
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      const now = Date.now();
      const text = watermarkText(who, new Date(now));
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.font = `600 ${Math.round(Math.max(12, Math.min(18, Math.min(width, height) / 40)))}px system-ui, sans-serif`;
      const grid = watermarkGridFor(width, height, ctx.measureText(text).width);
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      // Light text with a dark edge: readable over bright skies and black frames alike.
      ctx.lineWidth = 2;
      ctx.strokeStyle = "rgba(0, 0, 0, 0.28)";
      ctx.fillStyle = "rgba(255, 255, 255, 0.32)";
      for (const copy of watermarkCopies(width, height, now, grid)) {
        ctx.save();
        ctx.translate(copy.x, copy.y);
        ctx.rotate(WATERMARK_ANGLE_RAD);
        ctx.strokeText(text, 0, 0);
        ctx.fillText(text, 0, 0);
        ctx.restore();
      }
    };
    draw();
    const timer = window.setInterval(draw, REDRAW_MS);
    const resize = new ResizeObserver(draw);
    resize.observe(canvas);
    return () => {
      window.clearInterval(timer);
      resize.disconnect();
    };
  }, [who]);
  return (
    <canvas ref={canvasRef} data-testid="guest-watermark" data-watermark-text={who} aria-hidden className="pointer-events-none absolute inset-0 z-[27] h-full w-full" />
  );
}
