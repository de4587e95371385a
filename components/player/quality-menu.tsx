"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, Settings2 } from "lucide-react";
import type { PlaybackSource } from "./use-playback-source";

/** Playback quality: Auto, each HLS level by height, or the MP4 proxy. */
export function QualityMenu({ source }: { source: PlaybackSource }) {
  const label =
    source.sourceKind === "proxy"
      ? "MP4"
      : source.level < 0
        ? "Auto"
        : `${source.levels.find((l) => l.index === source.level)?.height ?? "?"}p`;
  // hls.js sorts its levels by bitrate; people choose by height.
  const levelsByHeight = [...source.levels].sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);
  const chooseLevel = (level: number) => {
    source.setSourceKind("hls");
    source.setLevel(level);
  };

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="inline-flex h-8 items-center gap-1 rounded px-2 text-xs text-ink-300 hover:bg-ink-700"
        aria-label={`Playback quality: ${label}`}
        title="Playback quality"
      >
        <Settings2 size={15} aria-hidden /> {label}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          side="top"
          align="end"
          sideOffset={6}
          className="z-50 min-w-44 rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs uppercase tracking-wide text-ink-400">Quality</DropdownMenu.Label>
          {source.canUseHls && (
            <>
              <QualityItem label="Auto" isChecked={source.sourceKind === "hls" && source.level < 0} onSelect={() => chooseLevel(-1)} />
              {levelsByHeight.map((l) => (
                <QualityItem
                  key={l.index}
                  label={`${l.height}p`}
                  detail={`${Math.round(l.bitrate / 1000)} kb/s`}
                  isChecked={source.sourceKind === "hls" && source.level === l.index}
                  onSelect={() => chooseLevel(l.index)}
                />
              ))}
            </>
          )}
          {source.canUseProxy && (
            <QualityItem
              label="MP4 proxy"
              detail="full file"
              isChecked={source.sourceKind === "proxy"}
              onSelect={() => source.setSourceKind("proxy")}
            />
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
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
