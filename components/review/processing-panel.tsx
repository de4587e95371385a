"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LoaderCircle, RotateCcw, TriangleAlert } from "lucide-react";
import { errorMessage, retryVersion, reviewKeys, type ReviewVersion } from "./review-api";
import { UrgencyToggle } from "./urgency-toggle";

const STATE_TEXT: Record<string, string> = {
  AWAITING_UPLOAD: "Waiting for the upload to finish…",
  PENDING: "Queued for processing…",
  PROCESSING: "Processing…",
  ABANDONED: "The upload was abandoned before it finished.",
};

/** A heading that names whose problem it is: the file's, the codec's, or ours. */
const ERROR_HEADING: Record<string, string> = {
  corrupt_input: "The file cannot be read or decoded",
  unsupported_codec: "This codec cannot be decoded",
  no_media_streams: "No video or audio to review",
  limit_exceeded: "The file is outside the configured limits",
  checksum_mismatch: "The stored file is not the uploaded file",
  qc_failed: "Our renditions failed quality checks",
  pipeline_failed: "AXIOM failed to process this file",
  storage_unavailable: "Storage was unavailable",
  timeout: "Processing took too long",
  internal: "Processing failed on the server",
  cancelled: "Processing was cancelled",
};

/** Shown in place of the player until the version can play (READY, or its live preview while PROCESSING); the room polls and swaps it for the player. */
export function ProcessingPanel({
  version,
  canRetry,
  canPrioritize = false,
}: {
  version: ReviewVersion;
  canRetry: boolean;
  canPrioritize?: boolean;
}) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => retryVersion(version.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.review(version.id) }),
  });

  if (version.processingState === "ERROR") {
    return (
      <div className="m-auto w-full max-w-2xl p-6" data-testid="processing-error">
        <div role="alert" className="rounded border border-red-900 bg-red-950/50 p-4">
          <div className="flex items-center gap-2 text-red-200">
            <TriangleAlert size={18} aria-hidden />
            <h2 className="font-semibold">
              {(version.errorCode && ERROR_HEADING[version.errorCode]) ?? "Processing failed"}
              {version.errorCode && <span className="ml-2 font-mono text-xs font-normal text-red-300">{version.errorCode}</span>}
            </h2>
          </div>
          <p className="mt-2 text-red-100">{version.errorMessage ?? "The worker could not process this file."}</p>
        </div>
        {version.errorLogTail && (
          <details className="mt-3" open>
            <summary className="cursor-pointer text-ink-300">FFmpeg log (last lines)</summary>
            <pre className="mt-2 max-h-64 overflow-auto rounded border border-ink-700 bg-ink-950 p-3 font-mono text-xs text-ink-300">
              {version.errorLogTail}
            </pre>
          </details>
        )}
        {canRetry && (
          <div className="mt-4 flex items-center gap-3">
            <button type="button" className="btn-primary" onClick={() => retry.mutate()} disabled={retry.isPending}>
              <RotateCcw size={14} aria-hidden /> {retry.isPending ? "Retrying…" : "Retry processing"}
            </button>
            {retry.isError && (
              <span role="alert" className="text-red-300">
                {errorMessage(retry.error)}
              </span>
            )}
          </div>
        )}
      </div>
    );
  }

  const progress = version.progress ?? 0;
  const isActive = version.processingState === "PROCESSING" || version.processingState === "PENDING";
  return (
    <div className="m-auto w-full max-w-md p-6 text-center" data-testid="processing-state" data-state={version.processingState}>
      {isActive && <LoaderCircle size={28} className="mx-auto mb-3 animate-spin text-accent-400" aria-hidden />}
      <p className="text-ink-100" aria-live="polite">
        {STATE_TEXT[version.processingState] ?? version.processingState}
      </p>
      {version.processingState === "PROCESSING" && (
        <div className="mt-4">
          <div
            role="progressbar"
            aria-label="Processing progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress)}
            className="h-1.5 overflow-hidden rounded-full bg-ink-800"
          >
            <div className="h-full bg-accent-500 transition-[width] duration-500" style={{ width: `${progress}%` }} />
          </div>
          <p className="mt-2 font-mono text-xs text-ink-400">{Math.round(progress)}%</p>
        </div>
      )}
      {canPrioritize && <UrgencyToggle versionId={version.id} isUrgent={version.isUrgent} />}
      <p className="mt-3 text-xs text-ink-400">This page updates by itself when the version is ready.</p>
    </div>
  );
}
