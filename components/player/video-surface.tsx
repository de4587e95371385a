"use client";

import type Hls from "hls.js";
import { useEffect, useRef } from "react";
import type { FrameRate } from "@/lib/timecode";
import { FrameClock } from "./frame-clock";

export interface QualityLevel {
  /** Index in hls.js's `levels` (sorted by bitrate, lowest first — never assume it is by height). */
  index: number;
  height: number;
  width: number;
  bitrate: number;
}

export type SourceKind = "hls" | "proxy";

export interface VideoSurfaceProps {
  hlsUrl: string | null;
  proxyUrl: string | null;
  posterUrl: string | null;
  sourceKind: SourceKind;
  rate: FrameRate;
  frameCount: number;
  /** hls.js level index, −1 for automatic selection. */
  level: number;
  volume: number;
  isMuted: boolean;
  label: string;
  onClock: (clock: FrameClock | null) => void;
  onLevels?: (levels: QualityLevel[]) => void;
  onError?: (message: string | null) => void;
}

/**
 * One <video> with its source attached (hls.js, native HLS where MSE is missing, or the MP4 proxy)
 * and a FrameClock that reports the frame on screen. Transport lives in the parent.
 */
export function VideoSurface(props: VideoSurfaceProps) {
  const { hlsUrl, proxyUrl, sourceKind, rate, frameCount, level, volume, isMuted } = props;
  const videoRef = useRef<HTMLVideoElement>(null);
  const hlsRef = useRef<Hls | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let clock: FrameClock | null = null;
    const report = (message: string | null) => callbacks.current.onError?.(message);

    const startClock = () => {
      if (cancelled) return;
      clock = new FrameClock(video, { rate, frameCount });
      const started = clock;
      started.start().then(
        () => {
          if (!cancelled) callbacks.current.onClock(started);
        },
        (err: unknown) => {
          if (!cancelled) report(err instanceof Error ? err.message : "The video could not be loaded.");
        },
      );
    };

    const attach = async () => {
      report(null);
      const wantsHls = sourceKind === "hls" && hlsUrl;
      if (wantsHls) {
        const { default: HlsClass } = await import("hls.js");
        if (cancelled) return;
        if (HlsClass.isSupported()) {
          const hls = new HlsClass({
            // Review wants the picture the user asked for, not one sized to the element.
            capLevelToPlayerSize: false,
            // A little more buffer than the default keeps frame stepping inside loaded media.
            maxBufferLength: 60,
            // From the first frame, also for the live preview's EVENT playlist (hls.js would start a live
            // playlist near its end).
            startPosition: 0,
          });
          hlsRef.current = hls;
          hls.on(HlsClass.Events.MANIFEST_PARSED, () => {
            callbacks.current.onLevels?.(
              hls.levels.map((l, index) => ({ index, height: l.height, width: l.width, bitrate: l.bitrate })),
            );
          });
          let mediaRecoveries = 0;
          let networkRecoveries = 0;
          hls.on(HlsClass.Events.ERROR, (_event, data) => {
            if (!data.fatal) return;
            // hls.js has already retried before calling an error fatal: one more start, then say so
            // (restarting forever would leave the player "loading" with no explanation).
            const isManifestError =
              data.details === HlsClass.ErrorDetails.MANIFEST_LOAD_ERROR ||
              data.details === HlsClass.ErrorDetails.MANIFEST_LOAD_TIMEOUT ||
              data.details === HlsClass.ErrorDetails.MANIFEST_PARSING_ERROR;
            if (data.type === HlsClass.ErrorTypes.NETWORK_ERROR && !isManifestError && networkRecoveries < 1) {
              networkRecoveries += 1;
              hls.startLoad();
            } else if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
              mediaRecoveries += 1;
              hls.recoverMediaError();
            } else {
              report(`Playback failed (${data.details}).`);
            }
          });
          hls.loadSource(hlsUrl);
          hls.attachMedia(video);
          startClock();
          return;
        }
        if (video.canPlayType("application/vnd.apple.mpegurl")) {
          video.src = hlsUrl;
          startClock();
          return;
        }
      }
      const fallback = proxyUrl ?? (wantsHls ? null : hlsUrl);
      if (!fallback) {
        report("This browser cannot play this version's renditions.");
        return;
      }
      video.src = fallback;
      startClock();
    };

    const onMediaError = () => {
      if (video.error) report(`Playback failed: ${video.error.message || `media error ${video.error.code}`}.`);
    };
    video.addEventListener("error", onMediaError);
    void attach();

    return () => {
      cancelled = true;
      video.removeEventListener("error", onMediaError);
      clock?.dispose();
      callbacks.current.onClock(null);
      callbacks.current.onLevels?.([]);
      hlsRef.current?.destroy();
      hlsRef.current = null;
      video.removeAttribute("src");
      video.load();
    };
  }, [hlsUrl, proxyUrl, sourceKind, rate, frameCount]);

  useEffect(() => {
    const hls = hlsRef.current;
    if (hls && hls.currentLevel !== level) hls.currentLevel = level;
  }, [level]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.volume = volume;
    video.muted = isMuted;
  }, [volume, isMuted]);

  return (
    <video
      ref={videoRef}
      aria-label={props.label}
      poster={props.posterUrl ?? undefined}
      // Pixels must stay readable (canvas QC in tests, future annotations) when segments come from S3.
      crossOrigin="anonymous"
      playsInline
      preload="auto"
      className="h-full w-full object-contain"
    />
  );
}
