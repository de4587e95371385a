"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { needsPageRefresh } from "@/components/events/event-invalidations";
import { useEventStream } from "@/components/events/use-event-stream";
import { ReviewStanding } from "@/components/review/review-standing";
import type { ProcessingState } from "@/db/enums";
import { fetchVersionStatus } from "@/lib/api-client/endpoints";
import type { DecisionSummary } from "@/lib/decisions/summarize-decisions";
import { reviewRoomPath, type ReviewPanelTab } from "@/lib/review/room-path";
import type { AssetVersionRow } from "@/lib/versions/list-asset-versions";
import { formatBytes } from "@/lib/uploads/upload-policy";
import type { StreamEvent } from "@/lib/events/stream-event.types";
import type { VersionStatus } from "@/lib/versions/version-status.types";
import { TableHead } from "@/components/table-head";

// The project's live event stream keeps the rows current (each version event invalidates its
// row's status query). Polling is the fallback while the stream is down: every 2 s while a version
// moves (PENDING, PROCESSING, uploading) — cheap (one indexed row per request) and quick enough
// that a progress bar looks alive.
const POLL_MS = 2000;
const SETTLED: ReadonlySet<ProcessingState> = new Set(["READY", "ERROR", "ABANDONED"]);

/**
 * The asset's versions, newest first; rows still in flight update live from the status endpoint.
 * `decisions` holds each decided version's latest decision (keyed by version id).
 */
export function VersionList({
  projectId,
  versions,
  decisions,
}: {
  projectId: string;
  versions: AssetVersionRow[];
  decisions: Readonly<Record<string, DecisionSummary>>;
}) {
  const router = useRouter();
  // A new version (or a membership change) is a new server-rendered row: refresh the page for it.
  const onEvent = useCallback(
    (event: StreamEvent) => {
      if (needsPageRefresh(event)) router.refresh();
    },
    [router],
  );
  const { isConnected } = useEventStream({ projectId }, { onEvent });
  if (versions.length === 0) return <p className="text-ink-400">No versions yet. Drop a file above to upload the first.</p>;
  return (
    <table className="w-full border-collapse" data-testid="version-list">
      <TableHead columns={["Version", "File", { label: "Size", align: "right" }, "Uploaded by", "Uploaded (UTC)", "State", "Review", "SHA-256 (declared)"]} />
      <tbody>
        {versions.map((v) => (
          <VersionRow key={v.id} projectId={projectId} initial={v} decision={decisions[v.id] ?? null} isLive={isConnected} />
        ))}
      </tbody>
    </table>
  );
}

function VersionRow({
  projectId,
  initial,
  decision,
  isLive,
}: {
  projectId: string;
  initial: AssetVersionRow;
  decision: DecisionSummary | null;
  /** The project's event stream is open: it invalidates this row's query, no polling needed. */
  isLive: boolean;
}) {
  const { data } = useQuery({
    queryKey: ["version-status", initial.id],
    queryFn: () => fetchVersionStatus(initial.id),
    initialData: initial,
    refetchInterval: (query) => {
      if (isLive) return false;
      const state = query.state.data?.processingState;
      return state && SETTLED.has(state) ? false : POLL_MS;
    },
  });
  const v = { ...initial, ...data };
  const when = v.uploadedAt ?? v.createdAt;
  const roomHref = (tab?: ReviewPanelTab) => reviewRoomPath(projectId, v.assetId, v.id, { tab });
  return (
    <tr className="border-b border-ink-850 hover:bg-ink-900" data-testid="version-row" data-version-id={v.id} data-state={v.processingState}>
      <td className="py-2 pr-4 font-mono">
        {v.number !== null ? (
          <Link
            href={roomHref()}
            className="text-accent-400 hover:underline"
            data-testid="version-number"
          >
            v{v.number}
          </Link>
        ) : (
          <span className="text-ink-400">—</span>
        )}
      </td>
      <td className="max-w-64 truncate py-2 pr-4" title={v.originalFileName}>
        {v.originalFileName}
      </td>
      <td className="py-2 pr-4 text-right tabular-nums">{formatBytes(v.sizeBytes)}</td>
      <td className="py-2 pr-4">{v.uploaderName}</td>
      <td className="py-2 pr-4 tabular-nums text-ink-400">{when.slice(0, 16).replace("T", " ")}</td>
      <td className="py-2 pr-4">
        <StateCell status={v} roomHref={v.number !== null ? roomHref() : null} />
      </td>
      <td className="py-2 pr-4" data-testid="version-review">
        <ReviewStanding
          reviewState={v.processingState === "READY" ? v.reviewState : null}
          // Polling can turn a row READY after the page was rendered: its summary is then empty.
          summary={decision}
          historyHref={roomHref("decisions")}
        />
      </td>
      <td className="py-2 font-mono text-xs text-ink-400" data-testid="version-sha256" title={v.sha256Declared ?? undefined}>
        {v.sha256Declared ? `${v.sha256Declared.slice(0, 12)}…` : "—"}
      </td>
    </tr>
  );
}

// Every state has its colour: a state added to db/enums.ts does not compile until it has one here.
const STATE_STYLE: Record<ProcessingState, string> = {
  AWAITING_UPLOAD: "text-ink-400",
  PENDING: "text-amber-300",
  PROCESSING: "text-accent-400",
  READY: "text-emerald-400",
  ERROR: "text-red-400",
  ABANDONED: "text-ink-400",
};

function StateCell({ status, roomHref }: { status: VersionStatus; roomHref: string | null }) {
  const label = status.processingState === "AWAITING_UPLOAD" ? "UPLOADING" : status.processingState;
  return (
    <div className="flex items-center gap-2">
      <span className={`text-xs font-semibold tracking-wide ${STATE_STYLE[status.processingState]}`} data-testid="version-state">
        {label}
      </span>
      {status.processingState === "PROCESSING" && status.progress !== null && (
        <span className="flex items-center gap-1.5">
          <span
            role="progressbar"
            aria-label="Processing"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(status.progress)}
            className="block h-1 w-20 overflow-hidden rounded bg-ink-800"
          >
            <span className="block h-full bg-accent-500" style={{ width: `${status.progress}%` }} />
          </span>
          <span className="text-xs tabular-nums text-ink-400">{Math.round(status.progress)}%</span>
        </span>
      )}
      {status.processingState === "ERROR" && (
        <span className="flex min-w-0 items-baseline gap-2 text-xs" data-testid="version-error">
          {status.error?.code && <code className="text-red-300">{status.error.code}</code>}
          <span className="max-w-72 truncate text-red-200" title={status.error?.message ?? undefined}>
            {status.error?.message ?? "Processing failed."}
          </span>
          {roomHref && (
            // The room shows the FFmpeg log tail and, for producers, Retry.
            <Link href={roomHref} className="whitespace-nowrap text-accent-400 hover:underline">
              Log and retry
            </Link>
          )}
        </span>
      )}
    </div>
  );
}
