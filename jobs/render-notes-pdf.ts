import type { JobHelpers } from "graphile-worker";
import { renderNotesPdfExport } from "@/lib/exports/render-notes-pdf-export";
import type { JobPayload } from "@/lib/jobs/definitions";
import type { WorkerContext } from "./worker-context";

/**
 * `render-notes-pdf` (queued by the room's PDF export): the notes PDF of one version, stored in the
 * bucket for the room to download. Logic: lib/exports/render-notes-pdf-export.ts; docs/exports.md.
 */
export async function runRenderNotesPdf(
  ctx: Pick<WorkerContext, "db" | "storage" | "scratch" | "config" | "shutdownSignal" | "log">,
  payload: JobPayload<"render-notes-pdf">,
  helpers: Pick<JobHelpers, "job">,
): Promise<void> {
  const result = await renderNotesPdfExport(
    { db: ctx.db, storage: ctx.storage, scratch: ctx.scratch, sandbox: ctx.config.media.sandbox, signal: ctx.shutdownSignal },
    payload,
    String(helpers.job.id),
  );
  ctx.log("render-notes-pdf", { jobId: helpers.job.id, versionId: payload.versionId, exportId: payload.exportId, ...result });
}
