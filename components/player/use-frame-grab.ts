"use client";

import { useCallback, useRef, useState } from "react";
import { FrameGrabError, frameGrabFileName, grabFrame, type OverlayCoverage } from "./frame-grab";

/** A canvas drawn over the picture (the drawings) to composite into the grab, and what it covers. */
export interface FrameGrabOverlay {
  canvas: HTMLCanvasElement;
  coverage: OverlayCoverage;
}

export interface FrameGrabSource {
  /** The <video> on screen (the primary FrameClock's `video`), null while it cannot play. */
  video: HTMLVideoElement | null;
  assetName: string;
  versionNumber: number | null;
  /** The frame on screen, for the file name. */
  currentFrame: () => number;
  /**
   * The drawing canvas over the picture, if one is mounted: it is composited onto the frame. Read
   * at grab time (a ref's current value), so a canvas mounted later is picked up.
   */
  overlay?: () => FrameGrabOverlay | null;
}

export interface FrameGrab {
  /** Downloads the frame on screen (with its drawings) as a PNG. */
  grab: () => void;
  /**
   * The frame on screen (with its drawings) as a PNG, for the composer to attach. Rejects with a
   * FrameGrabError whose message says why (no picture yet, a tainted canvas).
   */
  capture: () => Promise<Blob>;
  isGrabbing: boolean;
  /** Why the last download failed, until the next one. */
  error: string | null;
}

/** The frame grab (Shift+S and the transport's button): the frame on screen as a PNG download, or as a Blob to attach. */
export function useFrameGrab(source: FrameGrabSource): FrameGrab {
  const latest = useRef(source);
  latest.current = source;
  const [isGrabbing, setGrabbing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const capture = useCallback(async () => {
    const { video, overlay } = latest.current;
    if (!video) throw new FrameGrabError("The video has no picture to grab yet.");
    return grabFrame(video, overlay?.() ?? null);
  }, []);

  const grab = useCallback(() => {
    const { video, assetName, versionNumber, currentFrame } = latest.current;
    if (!video || busy.current) return;
    busy.current = true;
    setGrabbing(true);
    setError(null);
    const fileName = frameGrabFileName({ assetName, versionNumber, frame: currentFrame() });
    capture()
      .then((blob) => downloadBlob(blob, fileName))
      .catch((err: unknown) => setError(err instanceof FrameGrabError ? err.message : "The frame could not be grabbed."))
      .finally(() => {
        busy.current = false;
        setGrabbing(false);
      });
  }, [capture]);

  return { grab, capture, isGrabbing, error };
}

function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the URL to the download; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
