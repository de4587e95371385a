"use client";

import { useCallback } from "react";
import { parseGoTo } from "@/components/player/frame-format";
import type { FrameGrab } from "@/components/player/use-frame-grab";
import type { Guides } from "@/components/player/use-guides";
import type { Playback } from "@/components/player/playback.types";
import { Timeline, type TimelineMarker } from "@/components/player/timeline";
import { TransportBar } from "@/components/player/transport-bar";
import type { PlaybackSource } from "@/components/player/use-playback-source";
import type { ThumbnailCue } from "@/components/player/sprite-thumbnails";
import type { Volume } from "@/components/player/use-volume";
import { useWaveformPeaks } from "@/components/player/use-waveform-peaks";
import { WaveformStrip } from "@/components/player/waveform-strip";
import { formatFrameRate, frameToSeconds, type FrameReadoutMode } from "@/lib/timecode";
import type { Playable } from "./playable";

export interface PlayerControlsProps {
  playable: Playable;
  playback: Playback;
  /** The readout's frame format (timecode, frames, feet+frames), shared with markers and the composer. */
  format: (frame: number) => string;
  readoutMode: FrameReadoutMode;
  onReadoutMode: (mode: FrameReadoutMode) => void;
  markers: readonly TimelineMarker[];
  onMarker: (id: string) => void;
  thumbnails: readonly ThumbnailCue[];
  volume: Volume;
  source: PlaybackSource;
  isFullscreen: boolean;
  onToggleFullscreen: () => void;
  guides: Guides;
  frameGrab: FrameGrab;
}

/**
 * Everything under the picture, as the room and the guest page show it: the timeline with comment
 * markers and sprite thumbnails, the audio waveform, and the transport (go-to, rate, volume, quality,
 * guides, frame grab, fullscreen). Seeks, scrubs and go-to all move the one `playback`.
 */
export function PlayerControls(props: PlayerControlsProps) {
  const { playable, playback } = props;
  const peaks = useWaveformPeaks(playable.waveformPeaksUrl);
  const goTo = useCallback(
    (text: string): string | null => {
      const result = parseGoTo(text, playable.timecode, playable.frameCount);
      if ("error" in result) return result.error;
      void playback.seek(result.frame);
      return null;
    },
    [playable.timecode, playable.frameCount, playback],
  );
  const frameToSecondsOfRate = useCallback((f: number) => frameToSeconds(f, playable.rate), [playable.rate]);
  const onScrub = useCallback((f: number) => void playback.seek(f), [playback]);

  return (
    <div className="bg-ink-900">
      <Timeline
        frameStore={playback.frameStore}
        frameCount={playable.frameCount}
        frameToSeconds={frameToSecondsOfRate}
        format={props.format}
        markers={props.markers}
        inFrame={playback.loop.inFrame}
        outFrame={playback.loop.outFrame}
        thumbnails={props.thumbnails}
        isDisabled={!playback.isReady}
        onScrub={onScrub}
        onMarker={props.onMarker}
      />
      <WaveformStrip peaks={peaks} frameStore={playback.frameStore} frameCount={playable.frameCount} rate={playable.rate} onScrub={onScrub} />
      <TransportBar
        playback={playback}
        readoutMode={props.readoutMode}
        onReadoutMode={props.onReadoutMode}
        formatFrame={props.format}
        goTo={goTo}
        rateLabel={`${formatFrameRate(playable.rate)}${playable.timecode.dropFrame ? " DF" : ""}`}
        volume={props.volume}
        source={props.source}
        isFullscreen={props.isFullscreen}
        onToggleFullscreen={props.onToggleFullscreen}
        guides={props.guides}
        frameGrab={props.frameGrab}
      />
    </div>
  );
}
