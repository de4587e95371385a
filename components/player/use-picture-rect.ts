"use client";

import { useEffect, useState } from "react";
import { videoPictureRect, type Rect, type Size } from "./picture-rect";

export interface PictureLayout {
  /** The <video> element's box (the overlay's coordinate space). */
  box: Size;
  /** The picture inside it (object-fit: contain), or null before metadata. */
  picture: Rect | null;
}

/**
 * The displayed picture rect of a <video>, kept current: the element resizes (window, compare split,
 * fullscreen) or a new source brings other dimensions (`loadedmetadata`, `resize`).
 */
export function usePictureRect(video: HTMLVideoElement | null): PictureLayout | null {
  const [layout, setLayout] = useState<PictureLayout | null>(null);
  useEffect(() => {
    if (!video) {
      setLayout(null);
      return;
    }
    const measure = () =>
      setLayout({ box: { width: video.clientWidth, height: video.clientHeight }, picture: videoPictureRect(video) });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(video);
    video.addEventListener("loadedmetadata", measure);
    video.addEventListener("resize", measure);
    return () => {
      observer.disconnect();
      video.removeEventListener("loadedmetadata", measure);
      video.removeEventListener("resize", measure);
    };
  }, [video]);
  return layout;
}
