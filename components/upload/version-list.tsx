"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { AssetVersionRow } from "@/lib/versions/list-asset-versions";
import { formatBytes } from "@/lib/uploads/upload-policy";
import type { VersionStatus } from "@/lib/versions/version-status";

// Polling: every 2 s while a version moves (PENDING, PROCESSING, uploading). Cheap (one indexed
// row per request) and quick enough that a progress bar looks alive.
const POLL_MS = 2000;
const SETTLED = new Set(["READY", "ERROR", "ABANDONED"]);

/** The asset's versions, newest first; rows still in flight update live from the status endpoint. */
export function VersionList({ projectId, versions }: { projectId: string; versions: AssetVersionRow[] }) {
  if (versions.length === 0) return <p className="text-ink-400">No versions yet. Drop a file above to upload the first.</p>;
  return (
    <table className="w-full border-collapse" data-testid="version-list">
      <thead className="text-left text-xs uppercase tracking-wide text-ink-400">
        <tr className="border-b border-ink-800">
          <th className="py-2 pr-4 font-medium">Version</th>
          <th className="py-2 pr-4 font-medium">File</th>
          <th className="py-2 pr-4 text-right font-medium">Size</th>
          <th className="py-2 pr-4 font-medium">Uploaded by</th>
          <th className="py-2 pr-4 font-medium">Uploaded (UTC)</th>
          <th className="py-2 pr-4 font-medium">State</th>
          <th className="py-2 font-medium">SHA-256 (declared)</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <VersionRow key={v.id} projectId={projectId} initial={v} />
        ))}
      </tbody>
    </table>
  );
}

function VersionRow({ projectId, initial }: { projectId: string; initial: AssetVersionRow }) {
  const { data } = useQuery({
    queryKey: ["version-status", initial.id],
    queryFn: async (): Promise<VersionStatus> => {
      const res = await fetch(`/api/versions/${initial.id}`, { cache: "no-store" });
      if (!res.ok) throw new Error(`status ${res.status}`);
      return ((await res.json()) as { version: VersionStatus }).version;
    },
    initialData: initial,
    refetchInterval: (query) => (SETTLED.has(query.state.data?.processingState ?? "") ? false : POLL_MS),
  });
  const v = { ...initial, ...data };
  const when = v.uploadedAt ?? v.createdAt;
  return (
    <tr className="border-b border-ink-850 hover:bg-ink-900" data-testid="version-row" data-version-id={v.id} data-state={v.processingState}>
      <td className="py-2 pr-4 font-mono">
        {v.number !== null ? (
          <Link
            href={`/projects/${projectId}/assets/${v.assetId}/versions/${v.id}`}
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
        <StateCell status={v} />
      </td>
      <td className="py-2 font-mono text-xs text-ink-400" data-testid="version-sha256" title={v.sha256Declared ?? undefined}>
        {v.sha256Declared ? `${v.sha256Declared.slice(0, 12)}…` : "—"}
      </td>
    </tr>
  );
}

const STATE_STYLE: Record<string, string> = {
  AWAITING_UPLOAD: "text-ink-400",
  PENDING: "text-amber-300",
  PROCESSING: "text-accent-400",
  READY: "text-emerald-400",
  ERROR: "text-red-400",
  ABANDONED: "text-ink-400",
};

function StateCell({ status }: { status: VersionStatus }) {
  const label = status.processingState === "AWAITING_UPLOAD" ? "UPLOADING" : status.processingState;
  return (
    <div className="flex items-center gap-2">
      <span className={`text-xs font-semibold tracking-wide ${STATE_STYLE[status.processingState] ?? ""}`} data-testid="version-state">
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
      {status.processingState === "ERROR" && status.error?.message && (
        <span className="truncate text-xs text-red-300" title={status.error.message}>
          {status.error.message}
        </span>
      )}
    </div>
  );
}
