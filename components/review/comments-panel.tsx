"use client";

import { useMemo } from "react";
import { visibleThreads, type CommentFilter, type CommentThreads } from "./comment-filter";
import { CommentFilterBar } from "./comment-filter-bar";
import { CommentComposer } from "./comment-composer";
import type { ThreadScope } from "./comment-item";
import { CommentThread } from "./comment-thread";
import type { PlayerLink } from "./player-link";
import { useInvalidateComments } from "./use-review-data";

export interface CommentsPanelProps {
  versionId: string;
  /** The version's comments, grouped (loaded by the side panel). */
  grouped: CommentThreads;
  openCount: number;
  isLoading: boolean;
  loadError: string | null;
  viewer: { id: string; isAdmin: boolean };
  canComment: boolean;
  canResolve: boolean;
  /** Why the composer is disabled (permission or version state), shown as text. */
  blockedReason: string | null;
  filter: CommentFilter;
  onFilter: (filter: CommentFilter) => void;
  player: PlayerLink | null;
}

/**
 * The Comments tab: filters, threads and the composer. Comments stay with their version: this
 * panel is per version. The frame on screen reaches only the composer's target line, so playback
 * does not re-render the threads.
 */
export function CommentsPanel(props: CommentsPanelProps) {
  const { grouped, player } = props;
  const onChanged = useInvalidateComments(props.versionId);
  const visible = visibleThreads(grouped, props.filter);
  const { versionId, viewer, canComment, canResolve } = props;
  const scope: ThreadScope = useMemo(
    () => ({
      versionId,
      viewer,
      canComment,
      canResolve,
      formatFrame: player?.formatFrame ?? String,
      onJump: player?.jumpTo ?? null,
      drawing: player?.drawing ?? null,
      onChanged,
    }),
    [versionId, viewer, canComment, canResolve, player?.formatFrame, player?.jumpTo, player?.drawing, onChanged],
  );

  return (
    <div className="flex h-full min-h-0 flex-col">
      <CommentFilterBar filter={props.filter} onFilter={props.onFilter} authors={grouped.authors} openCount={props.openCount} />

      <div className="min-h-0 flex-1 overflow-y-auto" aria-label="Comment threads" role="region">
        {props.isLoading && <p className="p-3 text-ink-400">Loading comments…</p>}
        {props.loadError && (
          <p role="alert" className="m-3 rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
            {props.loadError}
          </p>
        )}
        {!props.isLoading && visible.length === 0 && (
          <p className="p-3 text-ink-400">{grouped.threads.length === 0 ? "No comments yet." : "No comments match the filter."}</p>
        )}
        <ol className="divide-y divide-ink-800">
          {visible.map((thread) => (
            <li key={thread.id}>
              <CommentThread
                thread={thread}
                replies={grouped.repliesOf.get(thread.id) ?? NO_REPLIES}
                isSelected={player?.selectedId === thread.id}
                scope={scope}
              />
            </li>
          ))}
        </ol>
      </div>

      <CommentComposer versionId={props.versionId} player={player} blockedReason={props.blockedReason} onSent={onChanged} />
    </div>
  );
}

const NO_REPLIES: readonly never[] = [];
