"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Playback } from "./playback.types";
import type { QualityLevel, SourceKind } from "./video-surface";

export interface PlaybackSource {
  sourceKind: SourceKind;
  canUseHls: boolean;
  canUseProxy: boolean;
  /** hls.js's levels, as the primary video reported them. */
  levels: readonly QualityLevel[];
  /** hls.js level index, −1 for automatic selection. */
  level: number;
  setLevels: (levels: QualityLevel[]) => void;
  setLevel: (level: number) => void;
  /** Switches HLS ↔ MP4 proxy and comes back to the frame on screen once the new source is ready. */
  setSourceKind: (kind: SourceKind) => void;
}

/** Which rendition the primary video plays: the quality menu's state. */
export function usePlaybackSource(urls: { hlsUrl: string | null; proxyUrl: string | null }, playback: Playback): PlaybackSource {
  const canUseHls = urls.hlsUrl !== null;
  const canUseProxy = urls.proxyUrl !== null;
  const [levels, setLevels] = useState<QualityLevel[]>([]);
  const [level, setLevel] = useState(-1);
  const [sourceKind, setKind] = useState<SourceKind>(canUseHls ? "hls" : "proxy");
  // Switching re-attaches the source (and re-measures t0): the frame to return to, once ready.
  const resumeFrameRef = useRef<number | null>(null);
  // A new HLS URL for the same version (the live preview replaced by the final ladder at READY, docs/processing.md)
  // re-attaches too: come back to the frame on screen, and keep playing if it was. Same segments, same
  // timestamps, so the frame number means the same picture. Noted while rendering the new URL, before the
  // surface drops the old clock.
  const [attachedHlsUrl, setAttachedHlsUrl] = useState(urls.hlsUrl);
  const resumePlayingRef = useRef(false);
  if (attachedHlsUrl !== urls.hlsUrl) {
    setAttachedHlsUrl(urls.hlsUrl);
    if (playback.isReady) {
      resumeFrameRef.current = playback.currentFrame();
      resumePlayingRef.current = playback.isPlaying;
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the player becomes ready, not whenever seek's identity changes
  useEffect(() => {
    const resume = resumeFrameRef.current;
    if (playback.isReady && resume !== null) {
      resumeFrameRef.current = null;
      const isResumingPlay = resumePlayingRef.current;
      resumePlayingRef.current = false;
      void playback.seek(resume).then(() => {
        if (isResumingPlay) playback.play();
      });
    }
  }, [playback.isReady]);

  const setSourceKind = useCallback(
    (kind: SourceKind) => {
      if (kind === sourceKind) return;
      resumeFrameRef.current = playback.currentFrame();
      setLevel(-1);
      setKind(kind);
    },
    [sourceKind, playback],
  );

  return useMemo(
    () => ({ sourceKind, canUseHls, canUseProxy, levels, level, setLevels, setLevel, setSourceKind }),
    [sourceKind, canUseHls, canUseProxy, levels, level, setSourceKind],
  );
}
