import { z } from "zod";
import { notesReportSchema } from "@/lib/exports/notes-report";

/**
 * Every job AXIOM queues: a name, a zod payload schema (checked again in the worker, since
 * old jobs outlive the code that queued them) and its deterministic job key.
 * Handlers live in `jobs/` and are listed in `jobs/registry.ts`.
 */
export const JOBS = {
  "process-version": {
    payload: z.object({ versionId: z.string().uuid() }),
    // One live job per version: re-enqueueing replaces instead of duplicating.
    jobKey: (p: { versionId: string }) => `process-version:${p.versionId}`,
  },
  "abandon-stale-uploads": {
    payload: z.object({}).passthrough(),
    jobKey: () => "abandon-stale-uploads",
  },
  // Daily (crontab in jobs/run-worker.ts): the audit chain's end, signed, to the bucket.
  "write-audit-checkpoint": {
    payload: z.object({}).passthrough(),
    jobKey: () => "write-audit-checkpoint",
  },
  // The notes PDF of one version's notes as they were when asked (lib/exports/notes-pdf-export.ts):
  // the report travels in the payload, so the PDF is exactly the content its id names. One job per
  // version and content; asking again while it runs finds the same job.
  "render-notes-pdf": {
    payload: z.object({ versionId: z.uuid(), exportId: z.string().regex(/^[0-9a-f]{32}$/), report: notesReportSchema }),
    jobKey: (p: { versionId: string; exportId: string }) => `render-notes-pdf:${p.versionId}:${p.exportId}`,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
