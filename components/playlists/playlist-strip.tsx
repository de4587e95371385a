"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { REVIEW_STATE_CLASS, REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";
import type { PlaylistView } from "@/lib/playlists/playlist-view.types";
import { itemLabel } from "./playlist-editor";
import { playlistPagePath } from "./playlist-paths";

export interface PlaylistStripProps {
  projectId: string;
  playlist: PlaylistView;
  index: number;
  onGo: (index: number) => void;
  autoAdvance: boolean;
  onAutoAdvance: (on: boolean) => void;
}

/**
 * The room's playlist strip, under its top bar while a playlist plays: where we are (shot n of m),
 * previous / next, every shot as a chip coloured by its decision (the current one marked), and the
 * auto-advance switch. The room itself (player, comments, decisions) is the version's own.
 */
export function PlaylistStrip({ projectId, playlist, index, onGo, autoAdvance, onAutoAdvance }: PlaylistStripProps) {
  const { items } = playlist;
  const buttonClass =
    "inline-flex h-7 items-center gap-1 rounded border border-ink-600 bg-ink-800 px-2 text-xs text-ink-100 hover:bg-ink-700 disabled:cursor-not-allowed disabled:opacity-45";
  return (
    <nav
      aria-label="Playlist"
      data-testid="playlist-strip"
      data-index={index}
      className="flex min-h-10 flex-wrap items-center gap-x-3 gap-y-1 border-b border-ink-800 bg-ink-900/70 px-3 py-1.5 text-xs"
    >
      <Link
        href={playlistPagePath(projectId, playlist.playlist.id)}
        className="font-medium text-accent-400 hover:underline"
      >
        {playlist.playlist.name}
      </Link>
      <span className="tabular-nums text-ink-300" data-testid="playlist-position">
        Shot {index + 1} of {items.length}
      </span>
      <button
        type="button"
        className={buttonClass}
        disabled={index === 0}
        onClick={() => onGo(index - 1)}
        data-testid="playlist-previous"
      >
        <ChevronLeft size={14} aria-hidden /> Previous shot
      </button>
      <button
        type="button"
        className={buttonClass}
        disabled={index >= items.length - 1}
        onClick={() => onGo(index + 1)}
        data-testid="playlist-next"
      >
        Next shot <ChevronRight size={14} aria-hidden />
      </button>
      <ol className="flex min-w-0 flex-1 gap-1 overflow-x-auto" aria-label="Shots">
        {items.map((item, i) => (
          <li key={item.id}>
            <button
              type="button"
              onClick={() => onGo(i)}
              aria-current={i === index ? "true" : undefined}
              title={item.reviewState ? REVIEW_STATE_LABEL[item.reviewState] : item.processingState.toLowerCase()}
              data-state={item.reviewState ?? item.processingState}
              className={`whitespace-nowrap rounded border px-1.5 py-0.5 ${item.reviewState ? REVIEW_STATE_CLASS[item.reviewState] : "border-ink-700 text-ink-300"} ${
                i === index ? "ring-2 ring-accent-500" : ""
              }`}
            >
              {i + 1}. {itemLabel(item)}
              <span className="sr-only">
                {" "}
                ({item.reviewState ? REVIEW_STATE_LABEL[item.reviewState] : item.processingState.toLowerCase()})
              </span>
            </button>
          </li>
        ))}
      </ol>
      <label className="inline-flex items-center gap-1.5 text-ink-300">
        <input
          type="checkbox"
          className="accent-accent-500"
          checked={autoAdvance}
          onChange={(e) => onAutoAdvance(e.target.checked)}
        />
        Auto-advance
      </label>
    </nav>
  );
}
