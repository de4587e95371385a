import type { Page } from "@playwright/test";

/** A picture-normalised point (docs/drawing.md): fractions of the displayed picture's width and height. */
export type Point = [number, number];

/**
 * The most opaque alpha (0–255) of the primary pane's drawing canvas in a 5×5 device-pixel patch at
 * each picture-normalised point: the overlay's own pixels, not the video's.
 */
export async function inkAt(page: Page, points: Point[]): Promise<number[]> {
  return page.evaluate((pts) => {
    const pane = document.querySelector('[data-testid="player-primary"]');
    const canvas = pane?.querySelector<HTMLCanvasElement>('[data-testid="drawing-canvas"]');
    const video = pane?.querySelector("video");
    const ctx = canvas?.getContext("2d");
    if (!canvas || !video || !ctx || canvas.clientWidth === 0 || video.videoWidth === 0) throw new Error("no drawing canvas over a loaded video");
    // object-fit: contain, as the room lays the picture out (and the canvas covers the video's box).
    const bw = video.clientWidth;
    const bh = video.clientHeight;
    const scale = Math.min(bw / video.videoWidth, bh / video.videoHeight);
    const pw = video.videoWidth * scale;
    const ph = video.videoHeight * scale;
    const dpr = canvas.width / canvas.clientWidth;
    return pts.map(([x, y]) => {
      const cx = Math.round(((bw - pw) / 2 + x * pw) * dpr);
      const cy = Math.round(((bh - ph) / 2 + y * ph) * dpr);
      const data = ctx.getImageData(cx - 2, cy - 2, 5, 5).data;
      let max = 0;
      for (let i = 3; i < data.length; i += 4) max = Math.max(max, data[i]!);
      return max;
    });
  }, points);
}

/** Where a picture-normalised point is on the page (for the mouse). */
export async function pagePoint(page: Page, [x, y]: Point): Promise<Point> {
  return page.evaluate(
    ([px, py]) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="player-primary"] video')!;
      const box = video.getBoundingClientRect();
      const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
      const pw = video.videoWidth * scale;
      const ph = video.videoHeight * scale;
      return [box.left + (box.width - pw) / 2 + px * pw, box.top + (box.height - ph) / 2 + py * ph] as [number, number];
    },
    [x, y] as Point,
  );
}

/** A real pointer drag over the canvas, in steps (pointerdown, moves, pointerup). */
export async function drag(page: Page, from: Point, to: Point): Promise<void> {
  const [x0, y0] = await pagePoint(page, from);
  const [x1, y1] = await pagePoint(page, to);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 12 });
  await page.mouse.up();
}
