import type { JobHelpers, Task, TaskList } from "graphile-worker";
import { JOBS, type JobName, type JobPayload } from "@/lib/jobs/definitions";
import { runAbandonStaleUploads } from "./abandon-stale-uploads";
import { runDeliverWebhook } from "./deliver-webhook";
import { runProcessVersion } from "./process-version";
import { runPruneEvents } from "./prune-events";
import { runDeliverEvents, runRelayEvents } from "./relay-events";
import { runSendEmail } from "./send-email";
import { runSendNotificationDigests } from "./send-notification-digests";
import { runRenderNotesPdf } from "./render-notes-pdf";
import { runWriteAuditCheckpoint } from "./write-audit-checkpoint";
import type { WorkerContext } from "./worker-context";

type Handler<N extends JobName> = (ctx: WorkerContext, payload: JobPayload<N>, helpers: JobHelpers) => Promise<void>;

/**
 * Every task this worker runs, by the names of lib/jobs/definitions.ts. The mapped type makes a job
 * defined there without a handler here a compile error.
 */
export const TASK_HANDLERS: { [N in JobName]: Handler<N> } = {
  "process-version": runProcessVersion,
  "abandon-stale-uploads": runAbandonStaleUploads,
  "write-audit-checkpoint": runWriteAuditCheckpoint,
  "render-notes-pdf": runRenderNotesPdf,
  "relay-events": runRelayEvents,
  "deliver-events": runDeliverEvents,
  "prune-events": runPruneEvents,
  "deliver-webhook": runDeliverWebhook,
  "send-email": runSendEmail,
  "send-notification-digests": runSendNotificationDigests,
};

/**
 * The tasks of the events runner, a graphile runner of their own in every worker process
 * (jobs/run-worker.ts): with WORKER_CONCURRENCY 1 a relay queued behind a 10-minute transcode would
 * wait 10 minutes. A runner only takes jobs of the tasks in its list, so the two never share a slot.
 */
// Webhook deliveries too: each is at most 10 s (the request's timeout), and a receiver must not
// wait behind a transcode. E-mails likewise: a password reset link must not wait for a transcode,
// and a digest (a few queries and one queued e-mail per user) is no media work either.
// The audit checkpoint too: its cadence is the window in which rows cut off the chain go unseen.
export const EVENT_TASK_NAMES = [
  "relay-events",
  "deliver-events",
  "prune-events",
  "deliver-webhook",
  "send-email",
  "send-notification-digests",
  "write-audit-checkpoint",
] as const satisfies readonly JobName[];
const ALL_TASK_NAMES = Object.keys(TASK_HANDLERS) as JobName[];
/** Everything else: the media runner's tasks. */
export const MEDIA_TASK_NAMES: readonly JobName[] = ALL_TASK_NAMES.filter((n) => !(EVENT_TASK_NAMES as readonly JobName[]).includes(n));

/**
 * The graphile task list. Payloads are validated again here with the same zod schemas the queueing
 * side used: a job can outlive the code that queued it. A payload that fails validation will never
 * pass: it is logged and dropped (the job completes) rather than retried 25 times.
 */
export function buildTaskList(ctx: WorkerContext, names: readonly JobName[] = ALL_TASK_NAMES): TaskList {
  const list: TaskList = {};
  for (const name of names) {
    list[name] = makeTask(ctx, name);
  }
  return list;
}

function makeTask<N extends JobName>(ctx: WorkerContext, name: N): Task {
  const handler = TASK_HANDLERS[name] as Handler<N>;
  const schema = JOBS[name].payload;
  return async (rawPayload, helpers) => {
    const parsed = schema.safeParse(rawPayload);
    if (!parsed.success) {
      ctx.log(`${name}: invalid payload, job dropped`, { jobId: helpers.job.id, issues: parsed.error.issues });
      return;
    }
    await handler(ctx, parsed.data as JobPayload<N>, helpers);
  };
}
