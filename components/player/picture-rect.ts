/**
 * Where the picture is inside a <video> element drawn with `object-fit: contain`: the element's box
 * minus the letterbox (wider box) or pillarbox (taller box) bars. Overlays (guides, drawings) are drawn
 * relative to this rect, not to the element, so they sit on the picture at any player size.
 * The proxy and HLS renditions are square-pixel and already rotated (lib/media), so `videoWidth` ×
 * `videoHeight` is the displayed shape.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The content rect of `media` (intrinsic size) fitted into `box` (the element's size), centred like
 * `object-position: 50% 50%`. Null when either size is empty (no metadata yet, or a hidden element).
 */
export function pictureRect(box: Size, media: Size): Rect | null {
  if (!(box.width > 0 && box.height > 0 && media.width > 0 && media.height > 0)) return null;
  // The side that touches the box is taken as is (not via a scale factor), so it has no rounding error.
  const isBoxWider = box.width * media.height > box.height * media.width;
  const width = isBoxWider ? (box.height * media.width) / media.height : box.width;
  const height = isBoxWider ? box.height : (box.width * media.height) / media.width;
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
}

/** The picture rect of a <video> as laid out now (its client box and its decoded size). */
export function videoPictureRect(video: Pick<HTMLVideoElement, "clientWidth" | "clientHeight" | "videoWidth" | "videoHeight">): Rect | null {
  return pictureRect({ width: video.clientWidth, height: video.clientHeight }, { width: video.videoWidth, height: video.videoHeight });
}
