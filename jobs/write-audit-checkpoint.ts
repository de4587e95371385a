import type { JobHelpers } from "graphile-worker";
import { writeAuditCheckpoint } from "@/lib/audit/audit-checkpoint";
import { getAuditKeys, type AuditKeys } from "@/lib/env";
import type { JobPayload } from "@/lib/jobs/definitions";
import type { WorkerContext } from "./worker-context";

/**
 * `write-audit-checkpoint` (crontab, every minute, on the events runner): verifies the audit chain
 * since the last checkpoint and, if it moved, writes its end (seq, hash), signed with AUDIT_HMAC_KEY,
 * to `audit/checkpoint.json` in the bucket; `npm run audit:verify` compares the database with it.
 * Rows cut off the end after the last checkpoint are what no check can see: checkpointing every
 * minute keeps that window to about a minute (docs/audit.md, "Checkpoints"). Without a key there is
 * nothing to sign with: logged and skipped. A broken chain is logged and not checkpointed (the job
 * still completes: retrying will not mend it, and the log line every minute is the alarm).
 * Logic: lib/audit/audit-checkpoint.ts.
 */
let hasWarnedNoKey = false;

export async function runWriteAuditCheckpoint(
  ctx: Pick<WorkerContext, "db" | "storage" | "log">,
  _payload: JobPayload<"write-audit-checkpoint">,
  helpers: Pick<JobHelpers, "job">,
  options: { keys?: AuditKeys; now?: Date } = {},
): Promise<void> {
  const keys = options.keys ?? getAuditKeys();
  if (!keys.current) {
    // Once per process: the job runs every minute.
    if (!hasWarnedNoKey) ctx.log("write-audit-checkpoint: AUDIT_HMAC_KEY is not set, no checkpoint written", { jobId: helpers.job.id });
    hasWarnedNoKey = true;
    return;
  }
  const result = await writeAuditCheckpoint(ctx.db, ctx.storage, { keys: keys.all, signingKey: keys.current, now: options.now });
  if (result.written) {
    ctx.log("write-audit-checkpoint", { jobId: helpers.job.id, seq: result.checkpoint.seq, verifiedSince: result.verifiedSince });
  } else if (result.reason === "chain_broken") {
    ctx.log("AUDIT CHAIN BROKEN: no checkpoint written; run `npm run audit:verify`", { jobId: helpers.job.id, seq: result.seq, failure: result.failure });
  }
}
