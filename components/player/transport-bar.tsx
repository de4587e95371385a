"use client";

import {
  ArrowLeftToLine,
  Camera,
  ArrowRightToLine,
  FastForward,
  Maximize,
  Minimize,
  Pause,
  Play,
  Repeat,
  Rewind,
  StepBack,
  StepForward,
  Volume2,
  VolumeX,
} from "lucide-react";
import { memo } from "react";
import type { FrameReadoutMode } from "@/lib/timecode";
import { useFrameStore } from "./frame-store";
import { GoToField } from "./go-to-field";
import { IconButton } from "./icon-button";
import { GuidesMenu } from "./guides-menu";
import { PlaybackRateMenu } from "./playback-rate-menu";
import { ariaKeyOf, bindingsOf, keyHintOf } from "./player-keys";
import { QualityMenu } from "./quality-menu";
import type { FrameGrab } from "./use-frame-grab";
import type { Guides } from "./use-guides";
import type { Playback } from "./playback.types";
import type { PlaybackSource } from "./use-playback-source";
import type { Volume } from "./use-volume";

const READOUT_LABEL: Record<FrameReadoutMode, string> = { timecode: "TC", frame: "Frames", seconds: "Seconds" };
/** "Shift+< Shift+>": the rate menu's aria-keyshortcuts, from the key table. */
const RATE_SHORTCUTS = [...bindingsOf("slower"), ...bindingsOf("faster")].map(ariaKeyOf).join(" ");
const NEXT_MODE: Record<FrameReadoutMode, FrameReadoutMode> = { timecode: "frame", frame: "seconds", seconds: "timecode" };

export interface TransportBarProps {
  playback: Playback;
  readoutMode: FrameReadoutMode;
  onReadoutMode: (mode: FrameReadoutMode) => void;
  formatFrame: (frame: number) => string;
  goTo: (text: string) => string | null;
  rateLabel: string;
  volume: Volume;
  source: PlaybackSource;
  isFullscreen: boolean;
  onToggleFullscreen: () => void;
  guides: Guides;
  frameGrab: FrameGrab;
}

/**
 * Transport, readout, go-to, in/out/loop, volume, quality and fullscreen under the timeline.
 * Memoised: while playing only the readout (its own subscriber to the frame) re-renders.
 */
export const TransportBar = memo(function TransportBar(props: TransportBarProps) {
  const { playback: p, volume } = props;
  const disabled = !p.isReady;
  const speedLabel = p.speed === 0 ? "" : `${p.speed > 0 ? "" : "−"}${Math.abs(p.speed)}×`;

  return (
    <div className="flex flex-wrap items-center gap-1 border-t border-ink-800 bg-ink-900 px-2 py-1.5">
      <IconButton label="First frame" action="firstFrame" onClick={() => void p.seek(0)} disabled={disabled}>
        <ArrowLeftToLine size={16} aria-hidden />
      </IconButton>
      <IconButton label="Previous frame" action="previousFrame" onClick={() => void p.step(-1)} disabled={disabled}>
        <StepBack size={16} aria-hidden />
      </IconButton>
      <IconButton label="Play backwards / faster backwards" action="shuttleReverse" onClick={p.shuttleReverse} disabled={disabled} isPressed={p.speed < 0}>
        <Rewind size={16} aria-hidden />
      </IconButton>
      <IconButton label={p.isPlaying ? "Pause" : "Play"} action="togglePlay" onClick={p.togglePlay} disabled={disabled}>
        {p.isPlaying ? <Pause size={18} aria-hidden /> : <Play size={18} aria-hidden />}
      </IconButton>
      <IconButton label="Play / faster forwards" action="shuttleForward" onClick={p.shuttleForward} disabled={disabled} isPressed={p.speed > 1}>
        <FastForward size={16} aria-hidden />
      </IconButton>
      <IconButton label="Next frame" action="nextFrame" onClick={() => void p.step(1)} disabled={disabled}>
        <StepForward size={16} aria-hidden />
      </IconButton>
      <IconButton label="Last frame" action="lastFrame" onClick={() => void p.seek(p.frameCount - 1)} disabled={disabled}>
        <ArrowRightToLine size={16} aria-hidden />
      </IconButton>
      <span className="w-7 text-center font-mono text-xs text-accent-400" aria-live="polite">
        {speedLabel}
      </span>

      <div className="flex items-center gap-1 rounded border border-ink-700 bg-ink-950 pl-2">
        <FrameReadout playback={p} formatFrame={props.formatFrame} />
        <button
          type="button"
          onClick={() => props.onReadoutMode(NEXT_MODE[props.readoutMode])}
          title="Switch readout between timecode, frames and seconds"
          aria-label={`Readout: ${READOUT_LABEL[props.readoutMode]}. Switch readout`}
          className="h-8 rounded-r border-l border-ink-700 px-2 text-xs text-ink-300 hover:bg-ink-800"
        >
          {READOUT_LABEL[props.readoutMode]}
        </button>
      </div>
      <span className="px-1 font-mono text-xs text-ink-400" title="Frame rate">
        {props.rateLabel}
      </span>

      <GoToField goTo={props.goTo} disabled={disabled} />

      <div className="ml-auto flex items-center gap-1">
        <button
          type="button"
          className="h-8 rounded px-1.5 font-mono text-xs text-ink-300 hover:bg-ink-700"
          aria-label={p.loop.inFrame === null ? "Set in point" : `In point ${props.formatFrame(p.loop.inFrame)}. Set in point`}
          {...keyHintOf("setIn", "Set in point")}
          onClick={() => p.setIn(p.currentFrame())}
          disabled={disabled}
        >
          I{p.loop.inFrame !== null && <span className="ml-1 text-[11px] text-ink-100">{props.formatFrame(p.loop.inFrame)}</span>}
        </button>
        <button
          type="button"
          className="h-8 rounded px-1.5 font-mono text-xs text-ink-300 hover:bg-ink-700"
          aria-label={p.loop.outFrame === null ? "Set out point" : `Out point ${props.formatFrame(p.loop.outFrame)}. Set out point`}
          {...keyHintOf("setOut", "Set out point")}
          onClick={() => p.setOut(p.currentFrame())}
          disabled={disabled}
        >
          O{p.loop.outFrame !== null && <span className="ml-1 text-[11px] text-ink-100">{props.formatFrame(p.loop.outFrame)}</span>}
        </button>
        <IconButton
          label="Loop in to out"
          action="toggleLoop"
          onClick={p.toggleLoop}
          isPressed={p.loop.isLooping}
          disabled={disabled || p.loop.inFrame === null || p.loop.outFrame === null}
        >
          <Repeat size={16} aria-hidden />
        </IconButton>

        <IconButton label={volume.isMuted ? "Unmute" : "Mute"} action="toggleMute" onClick={volume.toggleMute}>
          {volume.isMuted || volume.volume === 0 ? <VolumeX size={16} aria-hidden /> : <Volume2 size={16} aria-hidden />}
        </IconButton>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={volume.isMuted ? 0 : volume.volume}
          onChange={(e) => volume.setVolume(Number(e.target.value))}
          aria-label="Volume"
          className="w-16 accent-accent-500"
        />

        <PlaybackRateMenu rate={p.rate} onRate={p.setRate} disabled={disabled} shortcut={RATE_SHORTCUTS} />
        <GuidesMenu guides={props.guides} disabled={disabled} />
        <IconButton label="Download this frame (PNG)" action="grabFrame" onClick={props.frameGrab.grab} disabled={disabled || props.frameGrab.isGrabbing}>
          <Camera size={16} aria-hidden />
        </IconButton>
        {props.frameGrab.error && (
          <span role="alert" className="max-w-48 text-xs text-red-300" data-testid="frame-grab-error">
            {props.frameGrab.error}
          </span>
        )}
        <QualityMenu source={props.source} />

        <IconButton label={props.isFullscreen ? "Exit full screen" : "Full screen"} action="toggleFullscreen" onClick={props.onToggleFullscreen}>
          {props.isFullscreen ? <Minimize size={16} aria-hidden /> : <Maximize size={16} aria-hidden />}
        </IconButton>
      </div>
    </div>
  );
});

/** The position readout: the one part of the bar that changes with every presented frame. */
function FrameReadout({ playback, formatFrame }: { playback: Playback; formatFrame: (frame: number) => string }) {
  const frame = useFrameStore(playback.frameStore);
  return (
    <output
      data-testid="frame-readout"
      data-frame={frame}
      aria-label="Current position"
      className="min-w-[7.75rem] font-mono text-base tabular-nums text-ink-100"
    >
      {formatFrame(Math.max(0, frame))}
    </output>
  );
}
