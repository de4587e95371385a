"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import type { StreamEvent } from "@/lib/events/stream-event.types";
import { needsPageRefresh } from "./event-invalidations";
import { useEventStream } from "./use-event-stream";

// What a fully server-rendered project page shows of a version: its number, state and review
// standing. Progress is not shown there, so its events (up to 20 per attempt) refresh nothing.
const REFRESHING_VERSION_EVENTS: ReadonlySet<string> = new Set([
  "version.processing_started",
  "version.processing_requeued",
  "version.ready",
  "version.processing_failed",
  "version.retry_requested",
  "decision.made",
]);

/**
 * Live updates for a page rendered entirely on the server (the project page's asset table): the
 * project's event stream, and `router.refresh()` on each event that changes what it shows. Renders
 * nothing; mount it inside <Providers> (the stream hook invalidates TanStack Query keys).
 */
export function ProjectLiveRefresh({ projectId }: { projectId: string }) {
  const router = useRouter();
  const onEvent = useCallback(
    (event: StreamEvent) => {
      if (needsPageRefresh(event) || REFRESHING_VERSION_EVENTS.has(event.type)) router.refresh();
    },
    [router],
  );
  useEventStream({ projectId }, { onEvent });
  return null;
}
