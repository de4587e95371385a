import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { JOBS, type JobName, type JobPayload } from "./definitions";

/**
 * Queues a job with `graphile_worker.add_job` on the given transaction, so the job exists if
 * and only if the transaction that made it necessary commits (docs/architecture.md: the job is enqueued in the same transaction).
 */
export async function enqueueJob<N extends JobName>(
  tx: DbOrTx,
  name: N,
  payload: JobPayload<N>,
  /** `priority`: lower runs first (graphile-worker's default 0); for jobs a person is waiting on. */
  options: { maxAttempts?: number; runAt?: Date; priority?: number } = {},
): Promise<void> {
  const def = JOBS[name];
  const parsed = def.payload.parse(payload);
  const jobKey = (def.jobKey as (p: JobPayload<N>) => string)(parsed as JobPayload<N>);
  // A named graphile queue runs its jobs one at a time, across every worker.
  const queueName = "queueName" in def ? (def.queueName as (p: JobPayload<N>) => string)(parsed as JobPayload<N>) : null;
  // A job ranked by the database (process-version) ignores `options.priority`: one rank, one place.
  const priority =
    "prioritySql" in def ? (def.prioritySql as (p: JobPayload<N>) => SQL)(parsed as JobPayload<N>) : sql`${options.priority ?? null}`;
  await tx.execute(sql`select graphile_worker.add_job(
    ${name}::text,
    ${JSON.stringify(parsed)}::json,
    job_key => ${jobKey}::text,
    queue_name => ${queueName}::text,
    max_attempts => ${options.maxAttempts ?? 25}::int,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    priority => (${priority})::smallint
  )`);
}
