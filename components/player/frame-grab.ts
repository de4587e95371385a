import { pictureRect, type Rect, type Size } from "./picture-rect";

/**
 * Frame grab: the frame on screen as a PNG at the video's own resolution (`videoWidth` × `videoHeight`,
 * i.e. the rendition playing — the MP4 proxy, or the current HLS rung), with an overlay canvas (the
 * drawings) composited on top, scaled from where it was drawn on screen onto the picture.
 */

/** What part of the player an overlay canvas covers: the whole <video> element, or just its picture rect. */
export type OverlayCoverage = "element" | "picture";

/**
 * The region of the overlay canvas (in its own pixels) that lies over the picture, to be stretched onto
 * the grabbed frame. An overlay covering the element has letterbox bars to skip; one covering the
 * picture maps whole. Null when the layout is not known (no metadata, a collapsed element).
 */
export function overlaySourceRect(params: { box: Size; media: Size; overlayPixels: Size; coverage: OverlayCoverage }): Rect | null {
  const { box, media, overlayPixels, coverage } = params;
  if (!(overlayPixels.width > 0 && overlayPixels.height > 0)) return null;
  if (coverage === "picture") return { x: 0, y: 0, width: overlayPixels.width, height: overlayPixels.height };
  const picture = pictureRect(box, media);
  if (!picture) return null;
  // The overlay's backing store may be larger than its CSS box (devicePixelRatio): scale per axis.
  const sx = overlayPixels.width / box.width;
  const sy = overlayPixels.height / box.height;
  return { x: picture.x * sx, y: picture.y * sy, width: picture.width * sx, height: picture.height * sy };
}

/** `asset_v3_f000123.png`: safe for any file system, sortable by frame. */
export function frameGrabFileName(params: { assetName: string; versionNumber: number | null; frame: number }): string {
  const base = params.assetName.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "frame";
  const version = params.versionNumber === null ? "" : `_v${params.versionNumber}`;
  return `${base}${version}_f${String(Math.max(0, Math.round(params.frame))).padStart(6, "0")}.png`;
}

export class FrameGrabError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FrameGrabError";
  }
}

/**
 * The current frame of `video` as a PNG Blob at its native size, with `overlay` drawn over the picture.
 * Grab while paused (the player parks on a frame): during playback the frame may be the next one by the
 * time it is drawn. Rejects with FrameGrabError before metadata, or when the browser refuses to export
 * the pixels (a cross-origin rendition without CORS taints the canvas).
 */
export async function grabFrame(
  video: HTMLVideoElement,
  overlay?: { canvas: HTMLCanvasElement; coverage: OverlayCoverage } | null,
): Promise<Blob> {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (!(width > 0 && height > 0)) throw new FrameGrabError("The video has no picture to grab yet.");
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new FrameGrabError("This browser cannot draw the frame.");
  ctx.drawImage(video, 0, 0, width, height);
  if (overlay) {
    const source = overlaySourceRect({
      box: { width: video.clientWidth, height: video.clientHeight },
      media: { width, height },
      overlayPixels: { width: overlay.canvas.width, height: overlay.canvas.height },
      coverage: overlay.coverage,
    });
    if (source) ctx.drawImage(overlay.canvas, source.x, source.y, source.width, source.height, 0, 0, width, height);
  }
  try {
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new FrameGrabError("The frame could not be encoded as PNG."))), "image/png");
    });
  } catch (err) {
    if (err instanceof FrameGrabError) throw err;
    throw new FrameGrabError("The browser refused to export this frame (the video is not served with CORS).", { cause: err });
  }
}
