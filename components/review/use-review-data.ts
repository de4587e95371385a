"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useEventStream } from "@/components/events/use-event-stream";
import { needsPageRefresh } from "@/components/events/event-invalidations";
import type { StreamEvent } from "@/lib/events/stream-event.types";
import { fetchComments, fetchReview, reviewKeys, type ReviewComment } from "./review-api";

/** While the worker is busy the room polls fast enough for the progress bar to move. */
const PROCESSING_POLL_MS = 2000;
/** Otherwise slower: decisions and new versions by others still show up without a reload. */
const IDLE_POLL_MS = 10_000;
/** "New comments appear without reload" — two seconds is the contract's suggested cadence. */
const COMMENTS_POLL_MS = 2000;

/**
 * The versions whose live stream is open in this tab. The room opens one stream
 * (`useReviewLiveUpdates`) and every hook below that reads the same version stops polling while it
 * is open — without the room threading a flag through every component that reads comments.
 */
const liveVersions = new Set<string>();
const liveListeners = new Set<() => void>();

function setVersionLive(versionId: string, isLive: boolean): void {
  if (liveVersions.has(versionId) === isLive) return;
  if (isLive) liveVersions.add(versionId);
  else liveVersions.delete(versionId);
  for (const listener of liveListeners) listener();
}

function subscribeLive(listener: () => void): () => void {
  liveListeners.add(listener);
  return () => liveListeners.delete(listener);
}

/** True while this tab's live stream for `versionId` is open: polling is then off. */
function useIsVersionLive(versionId: string | null): boolean {
  return useSyncExternalStore(
    subscribeLive,
    () => versionId !== null && liveVersions.has(versionId),
    () => false,
  );
}

/**
 * The room's live updates (docs/events.md, "Wiring the client"): one event stream for the version
 * shown, which keeps its review data and comments current; the polling of `useReview` and
 * `useComments` is the fallback for when the stream is down. Events that change server-rendered
 * parts (a new version, membership, archiving) refresh the page. Call once per room.
 */
export function useReviewLiveUpdates(versionId: string): void {
  const router = useRouter();
  const onEvent = useCallback(
    (event: StreamEvent) => {
      if (needsPageRefresh(event)) router.refresh();
    },
    [router],
  );
  const { isConnected } = useEventStream({ versionId }, { onEvent });
  useEffect(() => {
    setVersionLive(versionId, isConnected);
    return () => setVersionLive(versionId, false);
  }, [versionId, isConnected]);
}

export function useReview(versionId: string | null) {
  const isLive = useIsVersionLive(versionId);
  return useQuery({
    queryKey: reviewKeys.review(versionId ?? "none"),
    queryFn: () => fetchReview(versionId!),
    enabled: versionId !== null,
    refetchInterval: (query) => {
      if (isLive) return false;
      const state = query.state.data?.version.processingState;
      return state === "PENDING" || state === "PROCESSING" || state === "AWAITING_UPLOAD"
        ? PROCESSING_POLL_MS
        : IDLE_POLL_MS;
    },
  });
}

/**
 * The project of a version the room has loaded, read from the review query's cache without
 * observing it as a poller (a second `useReview` would run a second poll timer): null until loaded.
 */
export function useReviewProjectId(versionId: string): string | null {
  const projectId = useQuery({
    queryKey: reviewKeys.review(versionId),
    queryFn: () => fetchReview(versionId),
    enabled: false,
    select: (review) => review.asset.projectId,
  });
  return projectId.data ?? null;
}

function byTimeline(a: ReviewComment, b: ReviewComment): number {
  return a.frameIn - b.frameIn || a.createdAt.localeCompare(b.createdAt);
}

interface CommentsCache {
  since: string | null;
  comments: ReviewComment[];
}

/**
 * Comments of one version, kept current by incremental polling: the first call fetches all, later
 * calls pass the previous answer's `serverTime` as `since` and merge the changed comments by id
 * (the server overlaps a few seconds, so duplicates are expected). The cursor lives in the query's
 * own data, so every component using this hook shares one poll.
 */
export function useComments(versionId: string) {
  const queryClient = useQueryClient();
  const queryKey = reviewKeys.comments(versionId);
  const isLive = useIsVersionLive(versionId);
  return useQuery({
    queryKey,
    queryFn: async (): Promise<CommentsCache> => {
      const previous = queryClient.getQueryData<CommentsCache>(queryKey);
      const page = await fetchComments(versionId, previous?.since ?? null);
      const byId = new Map((previous?.comments ?? []).map((c) => [c.id, c]));
      for (const comment of page.comments) byId.set(comment.id, comment);
      return { since: page.serverTime, comments: [...byId.values()].sort(byTimeline) };
    },
    select: (cache) => cache.comments,
    // The live stream invalidates this query on each comment event; polling only while it is down.
    refetchInterval: isLive ? false : COMMENTS_POLL_MS,
    // Keep polling in a background tab: a reviewer often watches the room on a second screen.
    refetchIntervalInBackground: true,
  });
}

/** Refetches a version's comments after a change made here (the stream or the poll would take a moment). */
export function useInvalidateComments(versionId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: reviewKeys.comments(versionId) }), [queryClient, versionId]);
}
