import type { JobHelpers, Task, TaskList } from "graphile-worker";
import { JOBS, type JobName, type JobPayload } from "@/lib/jobs/definitions";
import { runAbandonStaleUploads } from "./abandon-stale-uploads";
import { runProcessVersion } from "./process-version";
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
};

/**
 * The graphile task list. Payloads are validated again here with the same zod schemas the queueing
 * side used: a job can outlive the code that queued it. A payload that fails validation will never
 * pass: it is logged and dropped (the job completes) rather than retried 25 times.
 */
export function buildTaskList(ctx: WorkerContext): TaskList {
  const list: TaskList = {};
  for (const name of Object.keys(TASK_HANDLERS) as JobName[]) {
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
