"use client";

import { X } from "lucide-react";
import { formatBytes } from "@/lib/uploads/upload-policy";
import type { UploadProgress } from "./upload-progress";

/** One file in the upload panel, from staged to done. */
export type UploadItem = {
  id: string;
  file: File;
  /** Asset name for a new asset (project page); ignored on an asset page. */
  assetName: string;
  status: "staged" | "active" | "done" | "failed" | "cancelled";
  progress: UploadProgress | null;
  message?: string;
  versionNumber?: number | null;
};

/** One upload: its asset name (editable while staged), progress bar, state in words and actions. */
export function UploadRow(props: {
  item: UploadItem;
  isAssetPage: boolean;
  onRename: (name: string) => void;
  onRemove: () => void;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const { item } = props;
  const p = item.progress;
  const percent = p && p.totalBytes > 0 ? Math.floor((p.sentBytes / p.totalBytes) * 100) : 0;
  const isPaused = item.status === "active" && Boolean(p?.paused);
  return (
    <li className="space-y-1.5 px-3 py-2" data-testid="upload-row" data-status={item.status} data-paused={isPaused || undefined}>
      <div className="flex items-center gap-3">
        {item.status === "staged" && !props.isAssetPage ? (
          <label className="flex flex-1 items-center gap-2">
            <span className="text-xs text-ink-400">Asset</span>
            <input
              className="input py-1"
              aria-label={`Asset name for ${item.file.name}`}
              value={item.assetName}
              maxLength={200}
              onChange={(e) => props.onRename(e.target.value)}
            />
          </label>
        ) : (
          <span className="flex-1 truncate font-medium">{props.isAssetPage ? "New version" : item.assetName}</span>
        )}
        <span className="truncate font-mono text-xs text-ink-400" title={item.file.name}>
          {item.file.name}
        </span>
        <span className="text-xs text-ink-400">{formatBytes(item.file.size)}</span>
        {item.status === "staged" && (
          <button type="button" className="btn py-0.5" onClick={props.onRemove} aria-label={`Remove ${item.file.name}`}>
            <X aria-hidden className="size-3.5" />
          </button>
        )}
        {item.status === "active" && (
          <button type="button" className="btn py-0.5" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        {(item.status === "failed" || item.status === "cancelled") && (
          <button type="button" className="btn py-0.5" onClick={props.onRetry}>
            {item.status === "failed" ? "Retry" : "Upload again"}
          </button>
        )}
      </div>
      {item.status !== "staged" && (
        <>
          <div
            role="progressbar"
            aria-label={`Upload of ${item.file.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-1.5 overflow-hidden rounded bg-ink-800"
          >
            <div
              className={`h-full ${
                item.status === "failed" ? "bg-red-500" : item.status === "done" ? "bg-emerald-500" : isPaused ? "bg-amber-500" : "bg-accent-500"
              }`}
              style={{ width: `${percent}%` }}
            />
          </div>
          <p className="text-xs text-ink-400" data-testid="upload-status">
            {describe(item)}
          </p>
        </>
      )}
    </li>
  );
}

function describe(item: UploadItem): string {
  const p = item.progress;
  if (item.status === "done") return `Uploaded — v${item.versionNumber ?? "?"} is queued for processing.`;
  // Server messages end in a full stop already; one sentence, one stop.
  if (item.status === "failed") return `Failed: ${(item.message ?? "unknown error").replace(/\.+$/, "")}. ${retryPromise(p)}`;
  if (item.status === "cancelled") return "Cancelled.";
  if (!p) return "Starting…";
  const bytes = `${formatBytes(p.sentBytes)} of ${formatBytes(p.totalBytes)}`;
  const hash = p.hashedBytes < p.totalBytes ? ` · checksum ${Math.floor((p.hashedBytes / p.totalBytes) * 100)}%` : " · checksum ready";
  // An outage is nobody's fault here and needs nobody's action: say so, and that nothing is lost.
  if (p.paused) {
    return `Paused: ${p.paused.reason} (${formatDuration(p.paused.forSeconds)}). Retrying by itself — ${bytes} already stored, nothing is lost${hash}`;
  }
  switch (p.phase) {
    case "starting":
      return "Starting…";
    case "completing":
      return p.hashedBytes < p.totalBytes ? `Sent. Finishing the checksum…${hash}` : "Completing…";
    default: {
      const speed = p.bytesPerSecond > 0 ? ` · ${formatBytes(p.bytesPerSecond)}/s` : "";
      const left = p.secondsLeft !== null ? ` · ${formatDuration(p.secondsLeft)} left` : "";
      const resumed = p.resumedBytes > 0 ? ` · resumed (${formatBytes(p.resumedBytes)} already stored)` : "";
      return `${bytes}${speed}${left}${hash}${resumed}`;
    }
  }
}

/** What Retry will do, as uploadFile does it (the resume record is kept until completion or Cancel). */
function retryPromise(p: UploadProgress | null): string {
  if (!p?.versionId) return "Retry starts it again.";
  if (p.mode === "single") return "Retry sends the file again as the same version.";
  return "Retry resumes where it stopped (parts already stored are kept).";
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
