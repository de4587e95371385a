"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { parseStreamEvent, queryKeysToInvalidate, type StreamEvent } from "./event-invalidations";

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
 * `Last-Event-ID`, so nothing is missed across a network cut. `onEvent` sees every event after the
 * invalidations (e.g. `router.refresh()` when `needsPageRefresh(event)`).
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
    const source = new EventSource(`/api/events/stream?${query}`);
    source.onopen = () => setIsConnected(true);
    // EventSource retries by itself after a network error; a refusal (401/404/429) closes it.
    source.onerror = () => setIsConnected(source.readyState === EventSource.OPEN);
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseStreamEvent(message.data);
      if (!event) return;
      for (const queryKey of queryKeysToInvalidate(event)) void queryClient.invalidateQueries({ queryKey });
      setLastEvent(event);
      onEvent?.(event);
    };
    source.addEventListener("reset", () => void queryClient.invalidateQueries());
    source.addEventListener("revoked", () => {
      source.close();
      setIsConnected(false);
    });
    return () => {
      source.close();
      setIsConnected(false);
    };
  }, [query, queryClient, onEvent]);

  return { lastEvent, isConnected };
}
