"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Gauge } from "lucide-react";
import { memo } from "react";
import { formatPlaybackRate, PLAYBACK_RATES, type PlaybackRate } from "./playback-rate";
import { TRANSPORT_MENU_ITEM_CLASS, TransportMenu, TransportMenuCheck } from "./transport-menu";

export interface PlaybackRateMenuProps {
  /** `playback.rate` */
  rate: PlaybackRate;
  /** `playback.setRate` */
  onRate: (rate: PlaybackRate) => void;
  disabled?: boolean;
  /** Shortcut text for the trigger's aria-keyshortcuts/title, once the key table has one (e.g. "Shift+< Shift+>"). */
  shortcut?: string;
}

/** Playback speed: 0.25×, 0.5×, 1×, 2× (pitch kept), a radio group beside the quality menu. */
export const PlaybackRateMenu = memo(function PlaybackRateMenu(props: PlaybackRateMenuProps) {
  const label = formatPlaybackRate(props.rate);
  return (
    <TransportMenu
      icon={<Gauge size={15} aria-hidden />}
      value={label}
      heading="Speed"
      triggerClassName={`font-mono ${props.rate === 1 ? "text-ink-300" : "text-accent-400"}`}
      data-testid="playback-rate"
      data-rate={props.rate}
      disabled={props.disabled}
      aria-label={`Playback speed: ${label}`}
      aria-keyshortcuts={props.shortcut}
      title={props.shortcut ? `Playback speed (${props.shortcut})` : "Playback speed"}
    >
      <DropdownMenu.RadioGroup
        value={String(props.rate)}
        onValueChange={(v) => {
          const next = PLAYBACK_RATES.find((r) => String(r) === v);
          if (next !== undefined) props.onRate(next);
        }}
      >
        {PLAYBACK_RATES.map((r) => (
          <DropdownMenu.RadioItem key={r} value={String(r)} className={`${TRANSPORT_MENU_ITEM_CLASS} font-mono`}>
            <TransportMenuCheck />
            {formatPlaybackRate(r)}
          </DropdownMenu.RadioItem>
        ))}
      </DropdownMenu.RadioGroup>
    </TransportMenu>
  );
});
