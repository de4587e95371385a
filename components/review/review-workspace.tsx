"use client";

import { useMemo, useState } from "react";
import type { ReviewPanelTab } from "@/lib/review/room-path";
import { NO_FILTER, type CommentFilter } from "./comment-filter";
import { playableOf } from "./playable";
import { PlayerWorkspace } from "./player-workspace";
import { ProcessingPanel } from "./processing-panel";
import type { ReviewData } from "./review-api";
import { WorkArea } from "./review-layout";
import { SidePanel } from "./side-panel";

export interface ReviewWorkspaceProps {
  data: ReviewData;
  /** The other version once its data or its error is in; null when not comparing (yet). */
  compare: { data: ReviewData | null; loadError: string | null } | null;
  /** Side-panel tab open at first. */
  initialTab: ReviewPanelTab;
}

/**
 * One version's work area: the player once the version can play, its processing state until then,
 * and the side panel either way. The comment filter lives here so it survives the switch from the
 * processing state to the player.
 */
export function ReviewWorkspace({ data, compare, initialTab }: ReviewWorkspaceProps) {
  const [filter, setFilter] = useState<CommentFilter>(NO_FILTER);
  // Memoised on the query's data (structurally shared): the player's callbacks stay put between polls.
  const playable = useMemo(() => playableOf(data), [data]);
  const compareData = compare?.data ?? null;
  const comparePlayable = useMemo(() => (compareData ? playableOf(compareData) : null), [compareData]);
  if (!playable) {
    const stage = (
      <section className="flex min-w-0 flex-1 bg-black" aria-label="Player">
        <ProcessingPanel version={data.version} canRetry={data.permissions.canRetry} canPrioritize={data.permissions.canPrioritize} />
      </section>
    );
    return <WorkArea stage={stage} side={<SidePanel data={data} initialTab={initialTab} filter={filter} onFilter={setFilter} player={null} />} />;
  }
  return (
    <PlayerWorkspace
      data={data}
      playable={playable}
      compare={compare && { ...compare, playable: comparePlayable }}
      initialTab={initialTab}
      filter={filter}
      onFilter={setFilter}
    />
  );
}
