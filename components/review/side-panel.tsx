"use client";

import * as Tabs from "@radix-ui/react-tabs";
import { memo, useMemo } from "react";
import type { ReviewPanelTab } from "@/lib/review/room-path";
import { AuditPanel } from "./audit-panel";
import { groupThreads, openThreadCount, type CommentFilter } from "./comment-filter";
import { CommentsPanel } from "./comments-panel";
import { DecisionHistory } from "./decision-bar";
import type { PlayerLink } from "./player-link";
import { errorMessage, type ReviewComment, type ReviewData } from "./review-api";
import { useComments } from "./use-review-data";

export interface SidePanelProps {
  data: ReviewData;
  /** Tab open at first (the lists link to the decision history). */
  initialTab: ReviewPanelTab;
  filter: CommentFilter;
  onFilter: (filter: CommentFilter) => void;
  /** The player, once the version can play; until then comments are read-only. */
  player: PlayerLink | null;
}

const NO_COMMENTS: ReviewComment[] = [];
const TAB_CLASS =
  "border-b-2 border-transparent px-3 py-2 text-ink-300 data-[state=active]:border-accent-500 data-[state=active]:text-ink-100";

/**
 * The room's right-hand side: Comments and Decisions tabs, and Audit for those who may see the
 * trail (audit.view). It loads the version's comments itself
 * (the shared, polled query of use-review-data.ts, so the timeline's markers and this panel make
 * one request). Memoised: it does not re-render per frame.
 */
export const SidePanel = memo(function SidePanel({ data, initialTab, filter, onFilter, player }: SidePanelProps) {
  const versionId = data.version.id;
  const comments = useComments(versionId);
  const grouped = useMemo(() => groupThreads(comments.data ?? NO_COMMENTS), [comments.data]);
  const openCount = openThreadCount(grouped);
  const { permissions } = data;
  const blockedReason = player
    ? permissions.canComment
      ? null
      : "You cannot comment on this project."
    : "Comments open once the version is ready.";
  const viewer = useMemo(() => ({ id: data.viewer.id, isAdmin: data.viewer.isAdmin }), [data.viewer.id, data.viewer.isAdmin]);

  return (
    <aside className="flex w-[360px] shrink-0 flex-col border-l border-ink-800 bg-ink-900" aria-label="Review panel">
      <Tabs.Root defaultValue={initialTab === "audit" && !permissions.canViewAudit ? "comments" : initialTab} className="flex min-h-0 flex-1 flex-col">
        <Tabs.List aria-label="Review panel" className="flex border-b border-ink-800 text-sm">
          <Tabs.Trigger value="comments" className={TAB_CLASS}>
            Comments <span className="ml-1 rounded bg-ink-800 px-1 text-xs">{openCount}</span>
          </Tabs.Trigger>
          <Tabs.Trigger value="decisions" className={TAB_CLASS}>
            Decisions <span className="ml-1 rounded bg-ink-800 px-1 text-xs">{data.decisions.length}</span>
          </Tabs.Trigger>
          {permissions.canViewAudit && (
            <Tabs.Trigger value="audit" className={TAB_CLASS}>
              Audit
            </Tabs.Trigger>
          )}
        </Tabs.List>
        <Tabs.Content value="comments" className="min-h-0 flex-1 focus-visible:outline-none data-[state=inactive]:hidden" forceMount>
          <CommentsPanel
            versionId={versionId}
            grouped={grouped}
            openCount={openCount}
            isLoading={comments.isPending}
            loadError={comments.isError ? errorMessage(comments.error) : null}
            viewer={viewer}
            canComment={permissions.canComment}
            canResolve={permissions.canResolve ?? permissions.canComment}
            blockedReason={blockedReason}
            filter={filter}
            onFilter={onFilter}
            player={player}
          />
        </Tabs.Content>
        <Tabs.Content value="decisions" className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-none">
          <DecisionHistory decisions={data.decisions} />
        </Tabs.Content>
        {permissions.canViewAudit && (
          <Tabs.Content value="audit" className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-none">
            <AuditPanel projectId={data.asset.projectId} versionId={versionId} revision={data.decisions.length} />
          </Tabs.Content>
        )}
      </Tabs.Root>
    </aside>
  );
});
