import { z } from "zod";

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
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
