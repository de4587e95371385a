import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { renditions } from "@/db/schema";
import type { JobPayload } from "@/lib/jobs/definitions";
import { extractFrames } from "@/lib/media/extract-frames";
import type { ProcessSandbox } from "@/lib/media/run-process";
import type { ProcessScratch } from "@/lib/processing/scratch-space";
import type { Storage } from "@/lib/storage";
import { notesPdfKey } from "./notes-pdf-export";
import { notesPdfPageCount, renderNotesPdf } from "./notes-pdf";

export type RenderNotesPdfDeps = {
  db: DbOrTx;
  storage: Storage;
  scratch: ProcessScratch;
  /** FFmpeg's limits and user (the worker's MediaConfig.sandbox): the proxy is ours, the rules are not relaxed. */
  sandbox?: ProcessSandbox;
  signal?: AbortSignal;
  now?: () => Date;
};

/** The presigned proxy URL FFmpeg reads: long enough for 600 seeks on a slow host. */
const PROXY_URL_SECONDS = 60 * 60;

/**
 * The worker side of the notes PDF (`render-notes-pdf`): grabs each noted frame from the version's
 * H.264 proxy (exact frames: lib/media/extract-frames.ts), renders the report the job carries and
 * stores it at its content-addressed key. Idempotent: a PDF already stored is left as it is. A
 * version without a proxy or a frame rate gets a PDF without pictures (grey boxes say so); FFmpeg
 * or storage failures throw, and graphile-worker tries again.
 */
export async function renderNotesPdfExport(
  deps: RenderNotesPdfDeps,
  payload: JobPayload<"render-notes-pdf">,
  attemptId: string,
): Promise<{ key: string; skipped: boolean; pages: number; pictures: number }> {
  const { versionId, exportId, report } = payload;
  const key = notesPdfKey(versionId, exportId);
  const pages = notesPdfPageCount(report.notes.length);
  if (await deps.storage.head(key)) return { key, skipped: true, pages, pictures: 0 };

  const [proxy] = await deps.db
    .select({ storageKey: renditions.storageKey })
    .from(renditions)
    .where(and(eq(renditions.versionId, versionId), eq(renditions.kind, "proxy_mp4")));
  const rate = report.version.timecode?.rate ?? null;
  const frames = new Map<number, Buffer>();
  if (proxy && rate && report.notes.length > 0) {
    const jobDir = await deps.scratch.createJobDir(versionId, `notes-pdf-${attemptId}`);
    try {
      const input = await deps.storage.presignGet(proxy.storageKey, { expiresIn: PROXY_URL_SECONDS, forServer: true });
      const grabbed = await extractFrames({
        input,
        frames: report.notes.map((n) => n.frameIn),
        rate,
        outDir: jobDir.outDir,
        sandbox: deps.sandbox,
        signal: deps.signal,
      });
      for (const [frame, file] of grabbed) frames.set(frame, await readFile(file));
    } finally {
      await deps.scratch.removeJobDir(jobDir.dir).catch(() => {});
    }
  }
  const pdf = await renderNotesPdf({ report, frames, generatedAt: deps.now?.() ?? new Date() });
  await deps.storage.putBytes(key, pdf, "application/pdf");
  return { key, skipped: false, pages, pictures: frames.size };
}
