"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { parseStreamEvent, type StreamEvent } from "@/lib/events/stream-event.types";
import { queryKeysToInvalidate } from "./event-invalidations";

// After the server refused the stream (EventSource does not retry a non-200 answer): first retry,
// doubling up to the cap. Polling keeps the page current meanwhile.
const FIRST_RETRY_MS = 5000;
const MAX_RETRY_MS = 60_000;

export type EventStreamTarget = { projectId: string } | { versionId: string };

export type EventStreamState = {
  /** The newest event received (null before the first). */
  lastEvent: StreamEvent | null;
  /**
   * True while the stream is open. Polling is the fallback for when it is not:
   * `refetchInterval: isConnected ? false : 2000` (docs/events.md, "Wiring the client").
   */
  isConnected: boolean;
};

/**
 * Follows `GET /api/events/stream` for a project or a version (null: nothing) and keeps TanStack
 * Query current: each event invalidates the queries of `queryKeysToInvalidate`; `event: reset`
 * (the resume point was pruned) invalidates every query; `event: revoked` (access withdrawn) ends
 * the stream for good. The browser's EventSource reconnects by itself and resumes with
 * `Last-Event-ID`, so nothing is missed across a network cut; when the server refused it (which
 * EventSource never retries) the hook tries again with backoff, resuming after the last event seen.
 * `onEvent` sees every event after the invalidations (e.g. `router.refresh()` when
 * `needsPageRefresh(event)`); pass a stable function (useCallback), or the stream reopens each render.
 */
export function useEventStream(
  target: EventStreamTarget | null,
  options: { onEvent?: (event: StreamEvent) => void } = {},
): EventStreamState {
  const queryClient = useQueryClient();
  const [lastEvent, setLastEvent] = useState<StreamEvent | null>(null);
  const [isConnected, setIsConnected] = useState(false);
  const { onEvent } = options;
  const query =
    target === null ? null : "projectId" in target ? `project=${target.projectId}` : `version=${target.versionId}`;

  useEffect(() => {
    if (query === null) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = FIRST_RETRY_MS;
    let lastSeq: number | null = null;
    let isRevoked = false;

    const connect = () => {
      // A fresh EventSource resumes where the previous one stopped: `Last-Event-ID` is per object.
      const resume = lastSeq === null ? "" : `&lastEventId=${lastSeq}`;
      const es = new EventSource(`/api/events/stream?${query}${resume}`);
      source = es;
      es.onopen = () => {
        retryMs = FIRST_RETRY_MS;
        setIsConnected(true);
      };
      es.onerror = () => {
        setIsConnected(es.readyState === EventSource.OPEN);
        // CONNECTING: the browser retries by itself (a network cut). CLOSED: it gave up — the
        // server answered an error (503 while the database restarts, 429, 401) — so try again
        // later ourselves, backing off; polling covers the gap.
        if (es.readyState === EventSource.CLOSED && !isRevoked) {
          retryTimer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        }
      };
      es.onmessage = (message: MessageEvent<string>) => {
        const event = parseStreamEvent(message.data);
        if (!event) return;
        lastSeq = event.seq;
        for (const queryKey of queryKeysToInvalidate(event)) void queryClient.invalidateQueries({ queryKey });
        setLastEvent(event);
        onEvent?.(event);
      };
      es.addEventListener("reset", () => void queryClient.invalidateQueries());
      es.addEventListener("revoked", () => {
        isRevoked = true;
        es.close();
        setIsConnected(false);
      });
    };
    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
      setIsConnected(false);
    };
  }, [query, queryClient, onEvent]);

  return { lastEvent, isConnected };
}
