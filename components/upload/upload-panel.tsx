"use client";

import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { abortUpload } from "@/lib/api-client/endpoints";
import { MEDIA_ACCEPT_ATTRIBUTE } from "@/lib/media/media-formats";
import { formatBytes } from "@/lib/uploads/upload-policy";
import { CANCELLED_BY_USER, uploadFile, type UploadTarget } from "./upload-file";
import { listResumeRecords, removeResumeRecord, type ResumeRecord } from "./resume-store";
import { UploadRow, type UploadItem } from "./upload-row";

export type UploadPanelProps = {
  projectId: string;
  /** Set on an asset page: every dropped file becomes a new version of this asset. */
  assetId?: string;
  /** Parts sent at once per file: UPLOAD_PARALLEL_PARTS, passed in by the server page (default 4). */
  concurrency?: number;
  /** `version.prioritize`: the "Urgent" box is offered (docs/processing.md, "Queue order"). */
  canMarkUrgent?: boolean;
};

/** "A001_C002.mov" -> "A001_C002": the default asset name for a dropped file. */
export function defaultAssetName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return (dot > 0 ? fileName.slice(0, dot) : fileName).trim() || fileName;
}

/**
 * Drop zone and upload list. On the project page each file becomes a new asset (name editable
 * before starting; an existing name adds a version to that asset); on an asset page each file
 * starts at once as the asset's next version. Choosing a file whose upload was interrupted
 * (same name, size and date, same target asset) resumes it. Leaving the page stops sending but
 * keeps the upload resumable; only Cancel abandons it.
 */
export function UploadPanel({ projectId, assetId, concurrency = 4, canMarkUrgent = false }: UploadPanelProps) {
  const router = useRouter();
  const inputId = useId();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [isDragging, setDragging] = useState(false);
  // Applies to the uploads started while it is ticked (each file's version is queued urgent).
  const [isUrgent, setUrgent] = useState(false);
  const [unfinished, setUnfinished] = useState<ResumeRecord[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const refreshUnfinished = useCallback(() => {
    setUnfinished(listResumeRecords(projectId).filter((r) => !assetId || r.assetId === assetId));
  }, [projectId, assetId]);
  useEffect(refreshUnfinished, [refreshUnfinished]);

  const patch = (id: string, change: Partial<UploadItem>) =>
    setItems((all) => all.map((it) => (it.id === id ? { ...it, ...change } : it)));

  const start = useCallback(
    async (item: UploadItem) => {
      const controller = new AbortController();
      controllers.current.set(item.id, controller);
      patch(item.id, { status: "active", message: undefined });
      const target: UploadTarget = assetId
        ? { projectId, assetId }
        : { projectId, assetName: item.assetName.trim() || defaultAssetName(item.file.name) };
      try {
        const version = await uploadFile(item.file, target, {
          concurrency,
          urgent: canMarkUrgent && isUrgent,
          signal: controller.signal,
          onProgress: (progress) => patch(item.id, { progress }),
        });
        patch(item.id, { status: "done", versionNumber: version.number });
        router.refresh();
      } catch (err) {
        if (controller.signal.aborted && controller.signal.reason === CANCELLED_BY_USER) patch(item.id, { status: "cancelled", message: "Cancelled" });
        else if (controller.signal.aborted) return; // the page was left; this component is gone
        else patch(item.id, { status: "failed", message: err instanceof Error ? err.message : String(err) });
      } finally {
        controllers.current.delete(item.id);
        refreshUnfinished();
      }
    },
    [assetId, canMarkUrgent, concurrency, isUrgent, projectId, refreshUnfinished, router],
  );

  const addFiles = (files: FileList | File[]) => {
    const added: UploadItem[] = [...files].map((file) => ({
      id: `${file.name}-${file.size}-${file.lastModified}-${Math.random().toString(36).slice(2)}`,
      file,
      assetName: defaultAssetName(file.name),
      status: "staged",
      progress: null,
    }));
    setItems((all) => [...all, ...added]);
    // On an asset page there is nothing to edit: go.
    if (assetId) for (const item of added) void start(item);
  };

  // Leaving the page only stops sending: the uploads stay open and resumable (choose the same
  // file again). Only the Cancel button abandons an upload.
  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((c) => c.abort("left-page"));
  }, []);

  // Closing or reloading the tab stops the uploads too: ask first while any is running.
  const isUploading = items.some((i) => i.status === "active");
  useEffect(() => {
    if (!isUploading) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ""; // older browsers show the prompt only when this is set
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [isUploading]);

  const staged = items.filter((i) => i.status === "staged");
  // Uploads running in this panel are not "unfinished" leftovers of an earlier page.
  const running = new Set(items.filter((i) => i.status === "active").map((i) => i.progress?.versionId));
  const leftovers = unfinished.filter((r) => !running.has(r.versionId));

  return (
    <section aria-label="Upload" className="space-y-3">
      <div
        data-testid="upload-drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
        }}
        className={`flex items-center gap-3 rounded border border-dashed px-4 py-3 text-ink-300 ${
          isDragging ? "border-accent-400 bg-ink-850" : "border-ink-600"
        }`}
      >
        <Upload aria-hidden className="size-4 shrink-0" />
        <span>
          {assetId ? "Drop files here to add new versions, or " : "Drop media files here to create assets, or "}
          <label htmlFor={inputId} className="cursor-pointer text-accent-400 underline-offset-2 hover:underline">
            choose files
          </label>
          .
        </span>
        <input
          id={inputId}
          type="file"
          multiple
          className="sr-only"
          accept={MEDIA_ACCEPT_ATTRIBUTE}
          onChange={(e) => {
            if (e.target.files?.length) addFiles(e.target.files);
            e.target.value = "";
          }}
        />
      </div>

      {canMarkUrgent && (
        <label className="inline-flex items-center gap-2 text-ink-300">
          <input type="checkbox" checked={isUrgent} onChange={(e) => setUrgent(e.target.checked)} />
          Urgent: process these before other uploads
        </label>
      )}

      {leftovers.length > 0 && (
        <div className="rounded border border-ink-700 bg-ink-900 px-3 py-2 text-xs text-ink-300">
          <p className="mb-1 font-medium text-ink-100">Unfinished uploads — choose the same file again to resume:</p>
          <ul className="space-y-1">
            {leftovers.map((r) => (
              <li key={r.versionId} className="flex items-center gap-2">
                <span className="font-mono">{r.fileName}</span>
                <span>{formatBytes(r.size)}</span>
                {r.assetLabel && <span>→ {r.assetLabel}</span>}
                <button
                  type="button"
                  className="ml-auto text-ink-400 hover:text-ink-100"
                  onClick={async () => {
                    await abortUpload(r.versionId).catch(() => {});
                    removeResumeRecord(r.versionId);
                    refreshUnfinished();
                  }}
                >
                  Discard
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {items.length > 0 && (
        <ul className="divide-y divide-ink-800 rounded border border-ink-800" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow
              key={item.id}
              item={item}
              isAssetPage={Boolean(assetId)}
              onRename={(assetName) => patch(item.id, { assetName })}
              onRemove={() => setItems((all) => all.filter((i) => i.id !== item.id))}
              onCancel={() => controllers.current.get(item.id)?.abort(CANCELLED_BY_USER)}
              onRetry={() => void start(item)}
            />
          ))}
        </ul>
      )}

      {staged.length > 0 && (
        <button type="button" className="btn-primary" onClick={() => staged.forEach((item) => void start(item))}>
          Upload {staged.length} {staged.length === 1 ? "file" : "files"}
        </button>
      )}
    </section>
  );
}
