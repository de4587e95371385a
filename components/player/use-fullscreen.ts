"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export interface Fullscreen<T extends HTMLElement> {
  /** Attach to the element that goes full screen. */
  ref: React.RefObject<T | null>;
  /** True while that element (not another one) is the document's full-screen element. */
  isFullscreen: boolean;
  /** Enters full screen, or leaves it whichever element holds it. */
  toggle: () => void;
}

/** Full screen for one element, following the browser's own state (Esc leaves it without us). */
export function useFullscreen<T extends HTMLElement>(): Fullscreen<T> {
  const ref = useRef<T>(null);
  const [isFullscreen, setIsFullscreen] = useState(false);

  useEffect(() => {
    const onChange = () => setIsFullscreen(document.fullscreenElement !== null && document.fullscreenElement === ref.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    // Refused without a user gesture or by a permissions policy: nothing to do but stay put.
    else void ref.current?.requestFullscreen().catch(() => undefined);
  }, []);

  return { ref, isFullscreen, toggle };
}
