"use client";

import { memo } from "react";
import { guideShapes, matteRects, type GuideId } from "./guides";
import { usePictureRect } from "./use-picture-rect";

export interface GuidesOverlayProps {
  /** The <video> the guides belong to (FrameClock's `video`); nothing is drawn without it. */
  video: HTMLVideoElement | null;
  /** The guides to draw; empty draws nothing. */
  guides: readonly GuideId[];
}

/**
 * Safe-area and aspect guides over the picture (not the letterbox around it), as SVG in the video
 * element's own pixels. Place it as a sibling of the <video> in the same positioned box (the player's
 * `<figure className="relative">`): it covers that box (`absolute inset-0`) and lets pointer events
 * through. Decorative for assistive tech; the control that toggles it carries the state.
 */
export const GuidesOverlay = memo(function GuidesOverlay({ video, guides }: GuidesOverlayProps) {
  const layout = usePictureRect(video);
  if (guides.length === 0 || !layout?.picture) return null;
  const { box, picture } = layout;
  const shapes = guideShapes(picture, guides);
  return (
    <svg
      data-testid="guides-overlay"
      data-guides={shapes.map((s) => s.id).join(" ")}
      aria-hidden="true"
      className="pointer-events-none absolute inset-0 h-full w-full"
      pointerEvents="none"
      viewBox={`0 0 ${box.width} ${box.height}`}
      preserveAspectRatio="none"
    >
      {shapes
        .filter((s) => s.kind === "aspect")
        .flatMap((s) => matteRects(picture, s.rect).map((m, i) => ({ key: `${s.id}-matte-${i}`, m })))
        .map(({ key, m }) => (
          <rect key={key} x={m.x} y={m.y} width={m.width} height={m.height} fill="black" fillOpacity={0.35} />
        ))}
      {shapes.map((s) => (
        <g key={s.id} data-guide={s.id}>
          <rect
            x={s.rect.x}
            y={s.rect.y}
            width={s.rect.width}
            height={s.rect.height}
            fill="none"
            // Safe areas dashed white, aspect frames solid amber: two families told apart at a glance.
            stroke={s.kind === "safe" ? "white" : "#fbbf24"}
            strokeOpacity={0.8}
            strokeWidth={1}
            strokeDasharray={s.kind === "safe" ? "6 4" : undefined}
            vectorEffect="non-scaling-stroke"
            shapeRendering="crispEdges"
          />
          <text
            x={s.rect.x + 4}
            y={s.rect.y + 12}
            fill={s.kind === "safe" ? "white" : "#fbbf24"}
            fillOpacity={0.9}
            fontSize={10}
            fontFamily="ui-monospace, monospace"
          >
            {s.label}
          </text>
        </g>
      ))}
    </svg>
  );
});
