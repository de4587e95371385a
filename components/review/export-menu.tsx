"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Download, FileJson2, FileSpreadsheet, FileText, Film, Loader2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { fetchNotesPdfExport, requestNotesPdf } from "@/lib/api-client/endpoints";

/**
 * "Export notes" for the review room (docs/exports.md): CSV, marker EDL for Resolve or Avid, and
 * the PDF report, plus the version's metadata as MovieLabs OMC-JSON (docs/omc.md) for asset
 * management systems. CSV, EDL and OMC-JSON are plain downloads; the PDF is rendered by a worker, so asking for
 * it starts a wait here (status polled every POLL_MS) that ends in the download, an error with a
 * retry, or a timeout. Self-contained: give it the version id.
 */

const POLL_MS = 1500;
/** Eight notes take ~15 s on a busy 2-core worker; a long list behind a transcode can take minutes. */
const GIVE_UP_AFTER_MS = 5 * 60 * 1000;

type PdfState = { kind: "idle" } | { kind: "rendering"; noteCount: number } | { kind: "failed"; message: string };

export function ExportMenu({ versionId }: { versionId: string }) {
  const [pdf, setPdf] = useState<PdfState>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const base = `/api/versions/${versionId}`;

  async function exportPdf(): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const started = Date.now();
    try {
      let current = await requestNotesPdf(versionId);
      while (current.status === "rendering") {
        setPdf({ kind: "rendering", noteCount: current.noteCount });
        if (Date.now() - started > GIVE_UP_AFTER_MS) {
          throw new Error("The PDF is taking unusually long (the workers may be busy). Try again in a few minutes.");
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (controller.signal.aborted) return;
        current = await fetchNotesPdfExport(versionId, current.id);
      }
      if (current.status === "failed" || !current.downloadUrl) {
        throw new Error(current.message ?? "The PDF could not be made.");
      }
      // The file route answers with a redirect to an attachment: the browser downloads, the room stays.
      window.location.assign(current.downloadUrl);
      setPdf({ kind: "idle" });
    } catch (err) {
      if (!controller.signal.aborted) setPdf({ kind: "failed", message: errorMessage(err) });
    }
  }

  const isRendering = pdf.kind === "rendering";
  const itemClass =
    "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-ink-100 no-underline outline-none data-[highlighted]:bg-ink-700 data-[disabled]:cursor-default data-[disabled]:opacity-50";

  return (
    <div className="inline-flex items-center gap-2">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="inline-flex h-8 items-center gap-1.5 rounded px-2 text-xs text-ink-300 hover:bg-ink-700"
          aria-label="Export notes"
        >
          {isRendering ? <Loader2 size={15} className="animate-spin" aria-hidden /> : <Download size={15} aria-hidden />}
          Export notes
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={6}
            className="z-50 min-w-56 rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl"
          >
            <DropdownMenu.Item asChild className={itemClass}>
              <a href={`${base}/notes.csv`} download>
                <FileSpreadsheet size={15} aria-hidden /> Spreadsheet (CSV)
              </a>
            </DropdownMenu.Item>
            <DropdownMenu.Item asChild className={itemClass}>
              <a href={`${base}/notes.edl`} download>
                <Film size={15} aria-hidden /> Markers for Resolve (EDL)
              </a>
            </DropdownMenu.Item>
            <DropdownMenu.Item asChild className={itemClass}>
              <a href={`${base}/notes.edl?dialect=avid`} download>
                <Film size={15} aria-hidden /> Locators for Avid (EDL)
              </a>
            </DropdownMenu.Item>
            <DropdownMenu.Item className={itemClass} disabled={isRendering} onSelect={() => void exportPdf()}>
              <FileText size={15} aria-hidden /> {isRendering ? "Making the PDF…" : "Report with frames (PDF)"}
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-ink-700" />
            <DropdownMenu.Item asChild className={itemClass}>
              <a href={`${base}/omc.json`} download>
                <FileJson2 size={15} aria-hidden /> Version metadata (OMC-JSON)
              </a>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <span role="status" aria-live="polite" className="text-xs text-ink-400">
        {pdf.kind === "rendering" && `Making the PDF of ${pdf.noteCount} note${pdf.noteCount === 1 ? "" : "s"}…`}
        {pdf.kind === "failed" && (
          <>
            <span className="text-red-400">{pdf.message}</span>{" "}
            <button type="button" className="underline hover:text-ink-100" onClick={() => void exportPdf()}>
              Try again
            </button>
          </>
        )}
      </span>
    </div>
  );
}
