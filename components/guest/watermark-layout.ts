/**
 * Where the guest watermark's copies go (docs/review-links.md, "Watermark"). Pure: the canvas
 * component draws what this returns.
 *
 * The text is repeated on a grid rotated by −30°, with rows `spacingY` apart and copies `spacingX`
 * apart along each row, every other row shifted by half a step, over the whole picture and past
 * its edges. So any crop of a screen recording larger than one grid cell (a quarter of the
 * shorter side, by default) still holds at least one whole copy — cropping cannot remove it. The
 * grid drifts slowly (a full cell every `driftPeriodMs`), so no fixed spot is always free to
 * retouch, and the text carries the current time, so a still from a recording says when it was taken.
 */

export const WATERMARK_ANGLE_RAD = -Math.PI / 6;

export interface WatermarkGrid {
  /** Distance between copies along a row, and between rows, in CSS pixels. */
  spacingX: number;
  spacingY: number;
  /** Milliseconds for the grid to drift by one full cell (then it repeats). */
  driftPeriodMs: number;
}

/**
 * A cell about a quarter of the shorter side, and along a row at least the text's width plus a
 * gap (`textWidth`, as the canvas measured it), so copies never run into each other.
 */
export function watermarkGridFor(width: number, height: number, textWidth = 0): WatermarkGrid {
  const cell = Math.max(140, Math.min(width, height) / 4);
  return { spacingX: Math.max(cell * 1.6, 220, textWidth + 80), spacingY: Math.max(cell * 0.9, 110), driftPeriodMs: 40_000 };
}

export interface WatermarkCopy {
  /** Centre of the copy in picture coordinates (CSS pixels, origin top left). */
  x: number;
  y: number;
}

/**
 * Every copy whose centre falls within the picture grown by one cell on each side (copies whose
 * centre is just outside still show their half inside), at time `nowMs`.
 */
export function watermarkCopies(width: number, height: number, nowMs: number, grid = watermarkGridFor(width, height)): WatermarkCopy[] {
  const phase = (nowMs % grid.driftPeriodMs) / grid.driftPeriodMs;
  const cos = Math.cos(WATERMARK_ANGLE_RAD);
  const sin = Math.sin(WATERMARK_ANGLE_RAD);
  const cx = width / 2;
  const cy = height / 2;
  // Enough rows and columns (in the rotated grid) to cover the picture's diagonal and a margin.
  const reach = Math.hypot(width, height) / 2 + Math.max(grid.spacingX, grid.spacingY);
  const rows = Math.ceil(reach / grid.spacingY);
  const cols = Math.ceil(reach / grid.spacingX) + 1;
  const copies: WatermarkCopy[] = [];
  for (let r = -rows; r <= rows; r++) {
    const rowShift = (r & 1 ? 0.5 : 0) + phase;
    for (let c = -cols; c <= cols; c++) {
      // Grid coordinates (u along the row, v across), then rotated into the picture about its centre.
      const u = (c + rowShift) * grid.spacingX;
      const v = (r + phase) * grid.spacingY;
      const x = cx + u * cos - v * sin;
      const y = cy + u * sin + v * cos;
      if (x >= -grid.spacingX && x <= width + grid.spacingX && y >= -grid.spacingY && y <= height + grid.spacingY) copies.push({ x, y });
    }
  }
  return copies;
}

/** The watermark's text: who (name, e-mail, or the link's name) and when, to the second. */
export function watermarkText(who: string, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const when = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return `${who} · ${when}`;
}
