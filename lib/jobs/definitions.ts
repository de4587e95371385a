import { sql } from "drizzle-orm";
import { z } from "zod";
import { DIGEST_PERIODS } from "@/db/enums";
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
    // The fair queue's rank, computed by PostgreSQL when the job is queued and again whenever a version
    // of the same project or uploader starts or stops running (migration 0018, docs/processing.md
    // "Queue order"): urgent first, then whoever holds the fewest workers, then the smallest master.
    prioritySql: (p: { versionId: string }) => sql`axiom_processing_priority(${p.versionId}::uuid)`,
  },
  "abandon-stale-uploads": {
    payload: z.object({}).passthrough(),
    jobKey: () => "abandon-stale-uploads",
  },
  // Every minute the chain moved (crontab in jobs/run-worker.ts): the audit chain's end, signed, to the bucket.
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
  // The events relay (docs/events.md). Queued by every transaction that appends an event
  // (lib/events/append-event.ts): graphile's NOTIFY at COMMIT wakes a worker. One key: while one
  // relay runs, the next event queues exactly one more (graphile's job-key "replace" mode).
  "relay-events": {
    payload: z.object({}).passthrough(),
    jobKey: () => "relay-events",
  },
  // One consumer's catch-up, queued by the relay. Its own graphile queue per consumer runs one at a
  // time (no two deliveries to one consumer race) while other consumers' run beside it.
  "deliver-events": {
    payload: z.object({ consumer: z.string().min(1).max(100) }),
    jobKey: (p: { consumer: string }) => `deliver-events:${p.consumer}`,
    queueName: (p: { consumer: string }) => `events:${p.consumer}`,
  },
  // Daily (crontab in jobs/run-worker.ts): events older than EVENTS_RETENTION_DAYS go.
  "prune-events": {
    payload: z.object({}).passthrough(),
    jobKey: () => "prune-events",
  },
  // One webhook delivery (docs/webhooks.md), queued by the webhooks consumer with
  // WEBHOOK_MAX_ATTEMPTS (graphile's backoff spans ~22 h of retries), or by an admin's redelivery
  // (`manual`, one attempt, a key of its own so it never replaces the scheduled retry).
  "deliver-webhook": {
    payload: z.object({ deliveryId: z.uuid(), manual: z.boolean() }),
    jobKey: (p: { deliveryId: string; manual: boolean }) => `deliver-webhook:${p.deliveryId}${p.manual ? ":manual" : ""}`,
  },
  // One e-mail of outgoing_emails (lib/email/queue-email.ts, docs/notifications.md "E-mail"),
  // queued with the row in the same transaction; retried on graphile's backoff.
  "send-email": {
    payload: z.object({ emailId: z.uuid() }),
    jobKey: (p: { emailId: string }) => `send-email:${p.emailId}`,
  },
  // Hourly and daily (the events runner's crontab, jobs/run-worker.ts): one e-mail per user whose
  // preference is that period, listing their unread, not yet e-mailed inbox rows (docs/notifications.md).
  "send-notification-digests": {
    payload: z.object({ period: z.enum(DIGEST_PERIODS) }).passthrough(),
    jobKey: (p: { period: string }) => `send-notification-digests:${p.period}`,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
