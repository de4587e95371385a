import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { isOwnedBy, type AttemptOwner } from "./owned-version";
import { LostClaimError } from "./processing-error";

/** Proves the attempt is alive. Throws LostClaimError when the version is no longer ours. */
export async function recordHeartbeat(db: DbOrTx, owner: AttemptOwner): Promise<void> {
  const rows = await db.update(versions).set({ heartbeatAt: sql`now()` }).where(isOwnedBy(owner)).returning({ id: versions.id });
  if (rows.length === 0) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
}

/**
 * Stores the attempt's progress (0..100); also counts as a heartbeat. Throws LostClaimError when
 * the version is no longer ours.
 */
export async function recordProgress(db: DbOrTx, owner: AttemptOwner, percent: number): Promise<void> {
  const progress = Math.max(0, Math.min(100, Math.round(percent * 10) / 10));
  const rows = await db
    .update(versions)
    .set({ progress, heartbeatAt: sql`now()` })
    .where(isOwnedBy(owner))
    .returning({ id: versions.id });
  if (rows.length === 0) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
}
