"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import type { Playback } from "@/components/player/playback.types";

/** `?frame=N` as a frame number, or null when absent or not a non-negative integer. */
export function parseInitialFrame(value: string | null): number | null {
  if (value === null || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

/**
 * Opens the room on the frame a link names (`?frame=N`: a notification's comment, a shared note),
 * once, when the player can first seek by frame. Past the end it stops on the last frame.
 */
export function useInitialFrame(playback: Playback): void {
  const frame = parseInitialFrame(useSearchParams().get("frame"));
  const isDone = useRef(false);
  useEffect(() => {
    if (isDone.current || frame === null || !playback.isReady) return;
    isDone.current = true;
    void playback.seek(Math.min(frame, Math.max(0, playback.frameCount - 1)));
  }, [frame, playback]);
}
