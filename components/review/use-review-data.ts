"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { fetchComments, fetchReview, reviewKeys, type ReviewComment } from "./review-api";

/** While the worker is busy the room polls fast enough for the progress bar to move. */
const PROCESSING_POLL_MS = 2000;
/** Otherwise slower: decisions and new versions by others still show up without a reload. */
const IDLE_POLL_MS = 10_000;
/** "New comments appear without reload" — two seconds is the contract's suggested cadence. */
const COMMENTS_POLL_MS = 2000;

export function useReview(versionId: string | null) {
  return useQuery({
    queryKey: reviewKeys.review(versionId ?? "none"),
    queryFn: () => fetchReview(versionId!),
    enabled: versionId !== null,
    refetchInterval: (query) => {
      const state = query.state.data?.version.processingState;
      return state === "PENDING" || state === "PROCESSING" || state === "AWAITING_UPLOAD"
        ? PROCESSING_POLL_MS
        : IDLE_POLL_MS;
    },
  });
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
    refetchInterval: COMMENTS_POLL_MS,
    // Keep polling in a background tab: a reviewer often watches the room on a second screen.
    refetchIntervalInBackground: true,
  });
}

/** Refetches a version's comments after a change made here (the poll would take up to 2 s). */
export function useInvalidateComments(versionId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: reviewKeys.comments(versionId) }), [queryClient, versionId]);
}
