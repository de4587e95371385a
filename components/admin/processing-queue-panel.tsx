"use client";

import Link from "next/link";
import { cancelVersionProcessingAction, setVersionUrgencyAction } from "@/lib/admin/admin-actions";
import { formatDate } from "@/lib/format-date";
import type { ProcessingQueueView } from "@/lib/processing/read-processing-queue";
import { formatBytes } from "@/lib/uploads/upload-policy";
import { TableHead } from "@/components/table-head";
import { ActionError, useAdminAction } from "./admin-action";

/** "3 min", "2 h 5 min": how long the oldest job has waited. */
function formatWait(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const versionLabel = (v: { projectCode: string; assetName: string; versionNumber: number | null }) =>
  `${v.projectCode} / ${v.assetName}${v.versionNumber !== null ? ` v${v.versionNumber}` : ""}`;

/**
 * The processing queue (docs/processing.md, "The queue on /admin"): what each worker runs, what waits
 * in the order the next free worker takes it, and per queued or running version a bump (urgent) and a
 * cancel (the version ends ERROR `cancelled`; its producers can Retry). The page re-renders after each.
 */
export function ProcessingQueuePanel({ queue }: { queue: ProcessingQueueView }) {
  const bump = useAdminAction(setVersionUrgencyAction);
  const cancel = useAdminAction(cancelVersionProcessingAction);
  const isPending = bump.isPending || cancel.isPending;
  const controls = (v: { versionId: string; isUrgent: boolean }, label: string) => (
    <td className="py-1.5 text-right whitespace-nowrap">
      <button
        type="button"
        className="btn mr-2"
        disabled={isPending}
        aria-label={`${v.isUrgent ? "Unmark urgent" : "Bump"} ${label}`}
        onClick={() => bump.run({ versionId: v.versionId, isUrgent: !v.isUrgent })}
      >
        {v.isUrgent ? "Not urgent" : "Bump"}
      </button>
      <button
        type="button"
        className="btn-danger"
        disabled={isPending}
        aria-label={`Cancel ${label}`}
        onClick={() => {
          if (window.confirm(`Cancel processing of ${label}? It ends in ERROR (cancelled); Retry runs it again.`)) {
            void cancel.run({ versionId: v.versionId });
          }
        }}
      >
        Cancel
      </button>
    </td>
  );

  return (
    <div className="space-y-4">
      <dl className="flex gap-8" aria-label="Queue summary">
        <div>
          <dt className="text-xs uppercase tracking-wide text-ink-400">Queued</dt>
          <dd className="font-mono text-ink-100" data-testid="queue-depth">{queue.depth}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-ink-400">Oldest waiting</dt>
          <dd className="font-mono text-ink-100">{formatWait(queue.oldestWaitSeconds)}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-ink-400">Running</dt>
          <dd className="font-mono text-ink-100">{queue.running.length}</dd>
        </div>
      </dl>
      <ActionError message={bump.error ?? cancel.error} />

      <table className="w-full border-collapse" aria-label="Running">
        <TableHead columns={["Worker", "Version", "Started", "Progress", { label: "Actions", isHidden: true }]} />
        <tbody>
          {queue.running.length === 0 && (
            <tr>
              <td colSpan={5} className="py-1.5 text-ink-400">
                No worker is processing anything.
              </td>
            </tr>
          )}
          {queue.running.map((v) => (
            <tr key={v.versionId} className="border-b border-ink-850">
              <td className="py-1.5 pr-4 font-mono text-xs text-ink-300">{v.workerId ?? "—"}</td>
              <td className="py-1.5 pr-4">
                <Link href={`/projects/${v.projectId}/assets/${v.assetId}/versions/${v.versionId}`} className="hover:text-ink-100">
                  {versionLabel(v)}
                </Link>
                {v.isUrgent && <span className="ml-2 text-xs text-amber-300">urgent</span>}
              </td>
              <td className="py-1.5 pr-4 text-ink-400">{v.startedAt ? formatDate(v.startedAt) : "—"}</td>
              <td className="py-1.5 pr-4 font-mono">{v.progress === null ? "—" : `${Math.round(v.progress)}%`}</td>
              {controls(v, versionLabel(v))}
            </tr>
          ))}
        </tbody>
      </table>

      <table className="w-full border-collapse" aria-label="Queued">
        <TableHead columns={["#", "Version", "Size", "Queued", "Rank", { label: "Actions", isHidden: true }]} />
        <tbody>
          {queue.queued.length === 0 && (
            <tr>
              <td colSpan={6} className="py-1.5 text-ink-400">
                Nothing is waiting.
              </td>
            </tr>
          )}
          {queue.queued.map((v, index) => (
            <tr key={v.versionId} className="border-b border-ink-850">
              <td className="py-1.5 pr-4 font-mono text-ink-400">{index + 1}</td>
              <td className="py-1.5 pr-4">
                {versionLabel(v)}
                {v.isUrgent && <span className="ml-2 text-xs text-amber-300">urgent</span>}
                {v.attempts > 0 && <span className="ml-2 text-xs text-ink-400">attempt {v.attempts + 1}</span>}
              </td>
              <td className="py-1.5 pr-4 text-ink-300">{formatBytes(v.sizeBytes)}</td>
              <td className="py-1.5 pr-4 text-ink-400">{v.queuedAt ? formatDate(v.queuedAt) : "no job yet"}</td>
              <td className="py-1.5 pr-4 font-mono text-xs text-ink-400" title="graphile-worker priority: lower runs first">
                {v.priority ?? "—"}
              </td>
              {controls(v, versionLabel(v))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
