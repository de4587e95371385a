"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, Gauge } from "lucide-react";
import { memo } from "react";
import { formatPlaybackRate, PLAYBACK_RATES, type PlaybackRate } from "./playback-rate";

export interface PlaybackRateMenuProps {
  /** `playback.rate` */
  rate: PlaybackRate;
  /** `playback.setRate` */
  onRate: (rate: PlaybackRate) => void;
  disabled?: boolean;
  /** Shortcut text for the trigger's aria-keyshortcuts/title, once the key table has one (e.g. "Shift+< Shift+>"). */
  shortcut?: string;
}

/**
 * Playback speed: 0.25×, 0.5×, 1×, 2× (pitch kept). A radio group in a dropdown, in the look of the
 * transport bar's quality menu, so it can sit beside it.
 */
export const PlaybackRateMenu = memo(function PlaybackRateMenu(props: PlaybackRateMenuProps) {
  const label = formatPlaybackRate(props.rate);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        data-testid="playback-rate"
        data-rate={props.rate}
        disabled={props.disabled}
        className={`inline-flex h-8 items-center gap-1 rounded px-2 font-mono text-xs hover:bg-ink-700 disabled:opacity-40 ${
          props.rate === 1 ? "text-ink-300" : "text-accent-400"
        }`}
        aria-label={`Playback speed: ${label}`}
        aria-keyshortcuts={props.shortcut}
        title={props.shortcut ? `Playback speed (${props.shortcut})` : "Playback speed"}
      >
        <Gauge size={15} aria-hidden /> {label}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          side="top"
          align="end"
          sideOffset={6}
          className="z-50 min-w-32 rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs uppercase tracking-wide text-ink-400">Speed</DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={String(props.rate)}
            onValueChange={(v) => {
              const next = PLAYBACK_RATES.find((r) => String(r) === v);
              if (next !== undefined) props.onRate(next);
            }}
          >
            {PLAYBACK_RATES.map((r) => (
              <DropdownMenu.RadioItem
                key={r}
                value={String(r)}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 font-mono outline-none data-[highlighted]:bg-ink-700"
              >
                <span className="w-4">
                  <DropdownMenu.ItemIndicator>
                    <Check size={14} aria-hidden />
                  </DropdownMenu.ItemIndicator>
                </span>
                {formatPlaybackRate(r)}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
});
