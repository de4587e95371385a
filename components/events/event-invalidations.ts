import type { QueryKey } from "@tanstack/react-query";
import type { StreamEvent } from "@/lib/events/stream-event.types";

// The TanStack Query keys the live updates refresh. They mirror components/review/review-api.ts
// (`reviewKeys.review`, `reviewKeys.comments`) and components/upload/version-list.tsx
// (`["version-status", id]`); event-invalidations.test.ts fails when those change.
const reviewKey = (versionId: string) => ["review", versionId] as const;
const commentsKey = (versionId: string) => ["comments", versionId] as const;
const versionStatusKey = (versionId: string) => ["version-status", versionId] as const;

type Invalidation = (event: StreamEvent & { versionId: string }) => QueryKey[];

const versionState: Invalidation = (e) => [reviewKey(e.versionId), versionStatusKey(e.versionId)];
const comments: Invalidation = (e) => [commentsKey(e.versionId)];
// Always written beside the comment's own event (added/replied/edited), which refreshes the comments.
const none: Invalidation = () => [];

/**
 * Which queries each event type makes stale. Version events refresh the room's review data (state,
 * progress, decisions) and the version list's status row; comment events the version's comments
 * (an incremental `since` fetch, so cheap). Project and membership events touch no query of one
 * version: what shows them (lists, menus, who may do what) is server-rendered, so the page calls
 * `router.refresh()` on them (see `needsPageRefresh`).
 */
export const INVALIDATIONS: Record<string, Invalidation> = {
  "version.uploaded": versionState,
  "version.processing_started": versionState,
  "version.processing_progress": versionState,
  "version.preview_available": versionState,
  "version.processing_requeued": versionState,
  "version.ready": versionState,
  "version.processing_failed": versionState,
  "version.retry_requested": versionState,
  "decision.made": versionState,
  "comment.added": comments,
  "comment.replied": comments,
  "comment.edited": comments,
  "comment.mentioned": none,
  "comment.resolved": comments,
  "comment.reopened": comments,
  "comment.deleted": comments,
};

/** The query keys `event` makes stale (none for an unknown type or one without a version). */
export function queryKeysToInvalidate(event: StreamEvent): QueryKey[] {
  const invalidation = Object.hasOwn(INVALIDATIONS, event.type) ? INVALIDATIONS[event.type] : undefined;
  if (!invalidation || event.versionId === null) return [];
  return invalidation({ ...event, versionId: event.versionId });
}

/** Events that change what server-rendered parts of a page show (lists of versions, members, archived state). */
export function needsPageRefresh(event: StreamEvent): boolean {
  return event.type === "version.uploaded" || event.type.startsWith("member.") || event.type.startsWith("project.");
}
