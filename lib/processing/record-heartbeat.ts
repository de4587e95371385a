import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { appendEvent } from "@/lib/events/append-event";
import { isOwnedBy, type AttemptOwner } from "./owned-version";
import { LostClaimError } from "./processing-error";

/** Proves the attempt is alive. Throws LostClaimError when the version is no longer ours. */
export async function recordHeartbeat(db: DbOrTx, owner: AttemptOwner): Promise<void> {
  const rows = await db.update(versions).set({ heartbeatAt: sql`now()` }).where(isOwnedBy(owner)).returning({ id: versions.id });
  if (rows.length === 0) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
}

/**
 * Progress events are coalesced (docs/events.md): one `version.processing_progress` each time the
 * progress crosses a multiple of this many percent, so at most 100 / 5 = 20 per attempt, however
 * often the worker writes (about once a second). The ends have their own events (started, ready).
 */
export const PROGRESS_EVENT_STEP_PERCENT = 5;

/**
 * Stores the attempt's progress (0..100); also counts as a heartbeat. When the new value crosses a
 * 5 % step the previous one had not reached, appends a progress event in the same transaction.
 * Throws LostClaimError when the version is no longer ours.
 */
export async function recordProgress(
  db: DbOrTx,
  owner: AttemptOwner,
  params: { percent: number; projectId: string; attempt: number },
): Promise<void> {
  const progress = Math.max(0, Math.min(100, Math.round(params.percent * 10) / 10));
  await db.transaction(async (tx) => {
    // The row lock orders concurrent writers of one attempt, so each step is announced once.
    const [before] = await tx.select({ progress: versions.progress }).from(versions).where(isOwnedBy(owner)).for("update");
    if (!before) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
    await tx.update(versions).set({ progress, heartbeatAt: sql`now()` }).where(isOwnedBy(owner));
    const step = progressStep(progress);
    if (step > progressStep(before.progress ?? 0)) {
      await appendEvent(tx, {
        type: "version.processing_progress",
        projectId: params.projectId,
        actorId: null,
        versionId: owner.versionId,
        payload: { percent: step * PROGRESS_EVENT_STEP_PERCENT, attempt: params.attempt },
      });
    }
  });
}

/** Which 5 % step a progress value has reached (0 below 5 %, 20 at 100 %). */
function progressStep(percent: number): number {
  return Math.floor(percent / PROGRESS_EVENT_STEP_PERCENT);
}
