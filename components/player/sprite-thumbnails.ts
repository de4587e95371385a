/**
 * Scrub thumbnails from a WebVTT track whose cues point into a sprite sheet with media fragments:
 *
 *   00:00:02.000 --> 00:00:04.000
 *   sprite.jpg#xywh=160,0,160,90
 */
export interface ThumbnailCue {
  start: number;
  end: number;
  /** Absolute URL of the sprite image. */
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}(?:\.\d{1,3})?)\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}(?:\.\d{1,3})?)/;

function parseVttTime(text: string): number {
  const parts = text.split(":").map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** Cues sorted by start time. Malformed cues are skipped; relative image URLs resolve against `vttUrl`. */
export function parseThumbnailVtt(text: string, vttUrl: string): ThumbnailCue[] {
  const cues: ThumbnailCue[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const timing = TIMING.exec(lines[i]!);
    if (!timing) continue;
    const payload = (lines[i + 1] ?? "").trim();
    const hash = payload.lastIndexOf("#xywh=");
    if (hash < 0) continue;
    const box = payload
      .slice(hash + 6)
      .split(",")
      .map((n) => Number.parseInt(n, 10));
    if (box.length !== 4 || box.some((n) => !Number.isFinite(n) || n < 0)) continue;
    let url: string;
    try {
      url = new URL(payload.slice(0, hash), new URL(vttUrl, "http://localhost")).toString();
    } catch {
      continue;
    }
    // Keep same-origin sprite URLs relative to the page so no host is baked in.
    if (!/^https?:\/\//i.test(vttUrl) && url.startsWith("http://localhost/")) url = url.slice("http://localhost".length);
    const [x, y, w, h] = box as [number, number, number, number];
    cues.push({ start: parseVttTime(timing[1]!), end: parseVttTime(timing[2]!), url, x, y, w, h });
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** The cue covering `seconds` (or the last one starting before it). */
export function findThumbnail(cues: readonly ThumbnailCue[], seconds: number): ThumbnailCue | null {
  let lo = 0;
  let hi = cues.length - 1;
  let found: ThumbnailCue | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cue = cues[mid]!;
    if (cue.start <= seconds) {
      found = cue;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
