import type { Rect } from "./picture-rect";

/**
 * Safe-area and aspect guides, as geometry on the displayed picture (picture-rect.ts). Pure: the overlay
 * (guides-overlay.tsx) only draws what this returns.
 *
 * - Safe areas are centred rects of a fraction of the picture's width and height: action safe 90 %,
 *   title safe 80 % (SMPTE RP 2046-1 / EBU R 95 give 93 % / 90 % for HD; 90 / 80 is the long-standing
 *   convention reviewers expect and what the brief asks for).
 * - Aspect guides are the largest centred rect of that aspect inside the picture: a wider aspect is
 *   letterboxed (full width), a narrower one pillarboxed (full height) — where a 2.39 extraction or a
 *   9:16 social cut-down of this picture would be.
 */

export const GUIDE_IDS = ["action_safe", "title_safe", "aspect_2_39", "aspect_1_85", "aspect_4_3", "aspect_9_16"] as const;
export type GuideId = (typeof GUIDE_IDS)[number];

interface GuideDefinition {
  label: string;
  kind: "safe" | "aspect";
  /** safe: fraction of width and height; aspect: width / height. */
  value: number;
}

export const GUIDES: Record<GuideId, GuideDefinition> = {
  action_safe: { label: "Action safe 90 %", kind: "safe", value: 0.9 },
  title_safe: { label: "Title safe 80 %", kind: "safe", value: 0.8 },
  aspect_2_39: { label: "2.39:1", kind: "aspect", value: 2.39 },
  aspect_1_85: { label: "1.85:1", kind: "aspect", value: 1.85 },
  aspect_4_3: { label: "4:3", kind: "aspect", value: 4 / 3 },
  aspect_9_16: { label: "9:16", kind: "aspect", value: 9 / 16 },
};

export interface GuideShape {
  id: GuideId;
  label: string;
  kind: "safe" | "aspect";
  rect: Rect;
}

/** A centred rect of `fraction` of the picture's width and height. */
export function safeAreaRect(picture: Rect, fraction: number): Rect {
  const width = picture.width * fraction;
  const height = picture.height * fraction;
  return { x: picture.x + (picture.width - width) / 2, y: picture.y + (picture.height - height) / 2, width, height };
}

/** The largest centred rect of `aspect` (width / height) inside the picture. */
export function aspectGuideRect(picture: Rect, aspect: number): Rect {
  const pictureAspect = picture.width / picture.height;
  if (aspect >= pictureAspect) {
    const height = picture.width / aspect;
    return { x: picture.x, y: picture.y + (picture.height - height) / 2, width: picture.width, height };
  }
  const width = picture.height * aspect;
  return { x: picture.x + (picture.width - width) / 2, y: picture.y, width, height: picture.height };
}

/** The shapes of the enabled guides, in GUIDE_IDS order (so drawing order does not depend on clicks). */
export function guideShapes(picture: Rect, enabled: readonly GuideId[]): GuideShape[] {
  return GUIDE_IDS.filter((id) => enabled.includes(id)).map((id) => {
    const g = GUIDES[id];
    const rect = g.kind === "safe" ? safeAreaRect(picture, g.value) : aspectGuideRect(picture, g.value);
    return { id, label: g.label, kind: g.kind, rect };
  });
}

/** The picture outside `inner` (the matte an aspect guide shades): up to two bars, none when it fills it. */
export function matteRects(picture: Rect, inner: Rect): Rect[] {
  const bars: Rect[] = [];
  const top = inner.y - picture.y;
  const bottom = picture.y + picture.height - (inner.y + inner.height);
  const left = inner.x - picture.x;
  const right = picture.x + picture.width - (inner.x + inner.width);
  const min = 0.5; // below half a CSS pixel a bar is rounding, not a matte
  if (top > min) bars.push({ x: picture.x, y: picture.y, width: picture.width, height: top });
  if (bottom > min) bars.push({ x: picture.x, y: inner.y + inner.height, width: picture.width, height: bottom });
  if (left > min) bars.push({ x: picture.x, y: picture.y, width: left, height: picture.height });
  if (right > min) bars.push({ x: inner.x + inner.width, y: picture.y, width: right, height: picture.height });
  return bars;
}
