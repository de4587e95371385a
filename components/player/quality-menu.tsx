"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Settings2 } from "lucide-react";
import { TRANSPORT_MENU_ITEM_CLASS, TransportMenu, TransportMenuCheck } from "./transport-menu";
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
    <TransportMenu
      icon={<Settings2 size={15} aria-hidden />}
      value={label}
      heading="Quality"
      menuWidthClassName="min-w-44"
      aria-label={`Playback quality: ${label}`}
      title="Playback quality"
    >
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
    </TransportMenu>
  );
}

function QualityItem(props: { label: string; detail?: string; isChecked: boolean; onSelect: () => void }) {
  return (
    <DropdownMenu.CheckboxItem checked={props.isChecked} onSelect={props.onSelect} className={TRANSPORT_MENU_ITEM_CLASS}>
      <TransportMenuCheck />
      <span className="flex-1">{props.label}</span>
      {props.detail && <span className="text-xs text-ink-400">{props.detail}</span>}
    </DropdownMenu.CheckboxItem>
  );
}
