"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import {
  ArrowLeftToLine,
  ArrowRightToLine,
  Check,
  FastForward,
  Maximize,
  Minimize,
  Pause,
  Play,
  Repeat,
  Rewind,
  Settings2,
  StepBack,
  StepForward,
  Volume2,
  VolumeX,
} from "lucide-react";
import { memo, useState } from "react";
import type { FrameReadoutMode } from "@/lib/timecode";
import { useFrameStore } from "./frame-store";
import type { Playback } from "./use-playback";
import type { QualityLevel, SourceKind } from "./video-surface";

const READOUT_LABEL: Record<FrameReadoutMode, string> = { timecode: "TC", frame: "Frames", seconds: "Seconds" };
const NEXT_MODE: Record<FrameReadoutMode, FrameReadoutMode> = { timecode: "frame", frame: "seconds", seconds: "timecode" };

export interface TransportBarProps {
  playback: Playback;
  readoutMode: FrameReadoutMode;
  onReadoutMode: (mode: FrameReadoutMode) => void;
  formatFrame: (frame: number) => string;
  goTo: (text: string) => string | null;
  rateLabel: string;
  volume: number;
  isMuted: boolean;
  onVolume: (volume: number) => void;
  onToggleMute: () => void;
  isFullscreen: boolean;
  onToggleFullscreen: () => void;
  levels: readonly QualityLevel[];
  level: number;
  onLevel: (level: number) => void;
  sourceKind: SourceKind;
  canUseProxy: boolean;
  canUseHls: boolean;
  onSourceKind: (kind: SourceKind) => void;
}

function IconButton(props: {
  label: string;
  shortcut?: string;
  onClick: () => void;
  isPressed?: boolean;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  const title = props.shortcut ? `${props.label} (${props.shortcut})` : props.label;
  return (
    <button
      type="button"
      aria-label={props.label}
      aria-keyshortcuts={props.shortcut}
      aria-pressed={props.isPressed}
      title={title}
      disabled={props.disabled}
      onClick={props.onClick}
      className={`inline-flex h-8 w-8 items-center justify-center rounded text-ink-100 hover:bg-ink-700 disabled:opacity-40 ${
        props.isPressed ? "bg-ink-700 text-accent-400" : ""
      }`}
    >
      {props.children}
    </button>
  );
}

/**
 * Transport, readout, go-to, in/out/loop, volume, quality and fullscreen under the timeline.
 * Memoised: while playing only the readout (its own subscriber to the frame) re-renders.
 */
export const TransportBar = memo(function TransportBar(props: TransportBarProps) {
  const { playback: p } = props;
  const [goToText, setGoToText] = useState("");
  const [goToError, setGoToError] = useState<string | null>(null);
  const disabled = !p.isReady;
  const speedLabel = p.speed === 0 ? "" : `${p.speed > 0 ? "" : "−"}${Math.abs(p.speed)}×`;
  const qualityLabel =
    props.sourceKind === "proxy"
      ? "MP4"
      : props.level < 0
        ? "Auto"
        : `${props.levels.find((l) => l.index === props.level)?.height ?? "?"}p`;
  const levelsByHeight = [...props.levels].sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);

  return (
    <div className="flex flex-wrap items-center gap-1 border-t border-ink-800 bg-ink-900 px-2 py-1.5">
      <IconButton label="First frame" shortcut="Home" onClick={() => void p.seek(0)} disabled={disabled}>
        <ArrowLeftToLine size={16} aria-hidden />
      </IconButton>
      <IconButton label="Previous frame" shortcut="ArrowLeft" onClick={() => void p.step(-1)} disabled={disabled}>
        <StepBack size={16} aria-hidden />
      </IconButton>
      <IconButton label="Play backwards / faster backwards" shortcut="J" onClick={p.shuttleReverse} disabled={disabled} isPressed={p.speed < 0}>
        <Rewind size={16} aria-hidden />
      </IconButton>
      <IconButton label={p.isPlaying ? "Pause" : "Play"} shortcut="Space" onClick={p.togglePlay} disabled={disabled}>
        {p.isPlaying ? <Pause size={18} aria-hidden /> : <Play size={18} aria-hidden />}
      </IconButton>
      <IconButton label="Play / faster forwards" shortcut="L" onClick={p.shuttleForward} disabled={disabled} isPressed={p.speed > 1}>
        <FastForward size={16} aria-hidden />
      </IconButton>
      <IconButton label="Next frame" shortcut="ArrowRight" onClick={() => void p.step(1)} disabled={disabled}>
        <StepForward size={16} aria-hidden />
      </IconButton>
      <IconButton label="Last frame" shortcut="End" onClick={() => void p.seek(p.frameCount - 1)} disabled={disabled}>
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

      <form
        className="flex items-center"
        onSubmit={(e) => {
          e.preventDefault();
          const error = props.goTo(goToText);
          setGoToError(error);
          if (!error) (e.currentTarget.elements.namedItem("goto") as HTMLInputElement | null)?.select();
        }}
      >
        <label htmlFor="player-goto" className="sr-only">
          Go to timecode
        </label>
        <input
          id="player-goto"
          name="goto"
          value={goToText}
          onChange={(e) => {
            setGoToText(e.target.value);
            setGoToError(null);
          }}
          placeholder="Go to…"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={goToError ? true : undefined}
          aria-describedby={goToError ? "player-goto-error" : undefined}
          disabled={disabled}
          className={`h-8 w-28 rounded border bg-ink-950 px-2 font-mono text-xs text-ink-100 placeholder:text-ink-400 focus:border-accent-500 focus:outline-none ${
            goToError ? "border-red-500" : "border-ink-700"
          }`}
        />
        {goToError && (
          <span id="player-goto-error" role="alert" className="ml-2 max-w-64 truncate text-xs text-red-300" title={goToError}>
            {goToError}
          </span>
        )}
      </form>

      <div className="ml-auto flex items-center gap-1">
        <button
          type="button"
          className="h-8 rounded px-1.5 font-mono text-xs text-ink-300 hover:bg-ink-700"
          aria-label={p.loop.inFrame === null ? "Set in point" : `In point ${props.formatFrame(p.loop.inFrame)}. Set in point`}
          aria-keyshortcuts="I"
          title="Set in point (I)"
          onClick={() => p.setIn(p.currentFrame())}
          disabled={disabled}
        >
          I{p.loop.inFrame !== null && <span className="ml-1 text-[11px] text-ink-100">{props.formatFrame(p.loop.inFrame)}</span>}
        </button>
        <button
          type="button"
          className="h-8 rounded px-1.5 font-mono text-xs text-ink-300 hover:bg-ink-700"
          aria-label={p.loop.outFrame === null ? "Set out point" : `Out point ${props.formatFrame(p.loop.outFrame)}. Set out point`}
          aria-keyshortcuts="O"
          title="Set out point (O)"
          onClick={() => p.setOut(p.currentFrame())}
          disabled={disabled}
        >
          O{p.loop.outFrame !== null && <span className="ml-1 text-[11px] text-ink-100">{props.formatFrame(p.loop.outFrame)}</span>}
        </button>
        <IconButton
          label="Loop in to out"
          shortcut="Shift+L"
          onClick={p.toggleLoop}
          isPressed={p.loop.isLooping}
          disabled={disabled || p.loop.inFrame === null || p.loop.outFrame === null}
        >
          <Repeat size={16} aria-hidden />
        </IconButton>

        <IconButton label={props.isMuted ? "Unmute" : "Mute"} shortcut="M" onClick={props.onToggleMute}>
          {props.isMuted || props.volume === 0 ? <VolumeX size={16} aria-hidden /> : <Volume2 size={16} aria-hidden />}
        </IconButton>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={props.isMuted ? 0 : props.volume}
          onChange={(e) => props.onVolume(Number(e.target.value))}
          aria-label="Volume"
          className="w-16 accent-accent-500"
        />

        <DropdownMenu.Root>
          <DropdownMenu.Trigger
            className="inline-flex h-8 items-center gap-1 rounded px-2 text-xs text-ink-300 hover:bg-ink-700"
            aria-label={`Playback quality: ${qualityLabel}`}
            title="Playback quality"
          >
            <Settings2 size={15} aria-hidden /> {qualityLabel}
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              side="top"
              align="end"
              sideOffset={6}
              className="z-50 min-w-44 rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl"
            >
              <DropdownMenu.Label className="px-2 py-1 text-xs uppercase tracking-wide text-ink-400">Quality</DropdownMenu.Label>
              {props.canUseHls && (
                <>
                  <QualityItem
                    label="Auto"
                    isChecked={props.sourceKind === "hls" && props.level < 0}
                    onSelect={() => {
                      props.onSourceKind("hls");
                      props.onLevel(-1);
                    }}
                  />
                  {levelsByHeight.map((l) => (
                    <QualityItem
                      key={l.index}
                      label={`${l.height}p`}
                      detail={`${Math.round(l.bitrate / 1000)} kb/s`}
                      isChecked={props.sourceKind === "hls" && props.level === l.index}
                      onSelect={() => {
                        props.onSourceKind("hls");
                        props.onLevel(l.index);
                      }}
                    />
                  ))}
                </>
              )}
              {props.canUseProxy && (
                <QualityItem
                  label="MP4 proxy"
                  detail="full file"
                  isChecked={props.sourceKind === "proxy"}
                  onSelect={() => props.onSourceKind("proxy")}
                />
              )}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>

        <IconButton
          label={props.isFullscreen ? "Exit full screen" : "Full screen"}
          shortcut="F"
          onClick={props.onToggleFullscreen}
        >
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

function QualityItem(props: { label: string; detail?: string; isChecked: boolean; onSelect: () => void }) {
  return (
    <DropdownMenu.CheckboxItem
      checked={props.isChecked}
      onSelect={props.onSelect}
      className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-ink-700"
    >
      <span className="w-4">
        <DropdownMenu.ItemIndicator>
          <Check size={14} aria-hidden />
        </DropdownMenu.ItemIndicator>
      </span>
      <span className="flex-1">{props.label}</span>
      {props.detail && <span className="text-xs text-ink-400">{props.detail}</span>}
    </DropdownMenu.CheckboxItem>
  );
}
