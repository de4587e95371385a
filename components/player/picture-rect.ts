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
 * `object-position: 50% 50%`. `pixelAspect` is the decoded video's sample aspect ratio (1 for AXIOM's
 * renditions; 4/3 makes anamorphic 1440×1080 a 16:9 picture). Null when a size is empty or not a
 * finite number (no metadata yet, or a hidden element). The one picture-rect function of the player:
 * guides, frame grabs and drawings all lie on it.
 */
export function pictureRect(box: Size, media: Size, pixelAspect = 1): Rect | null {
  const isSized = (n: number) => Number.isFinite(n) && n > 0;
  if (![box.width, box.height, media.width, media.height, pixelAspect].every(isSized)) return null;
  const mediaWidth = media.width * pixelAspect;
  // The side that touches the box is taken as is (not via a scale factor), so it has no rounding error.
  const isBoxWider = box.width * media.height > box.height * mediaWidth;
  const width = isBoxWider ? (box.height * mediaWidth) / media.height : box.width;
  const height = isBoxWider ? box.height : (box.width * media.height) / mediaWidth;
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
}

/** The picture rect of a <video> as laid out now (its client box and its decoded size). */
export function videoPictureRect(video: Pick<HTMLVideoElement, "clientWidth" | "clientHeight" | "videoWidth" | "videoHeight">): Rect | null {
  return pictureRect({ width: video.clientWidth, height: video.clientHeight }, { width: video.videoWidth, height: video.videoHeight });
}
