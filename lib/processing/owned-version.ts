import { and, eq, type SQL } from "drizzle-orm";
import { versions } from "@/db/schema";

/** An attempt's identity: the version and the worker that claimed it. */
export type AttemptOwner = { versionId: string; workerId: string };

/**
 * WHERE clause of every write an attempt makes: still PROCESSING and still ours. When the sweeper
 * has handed the version to another worker (our heartbeat went stale), every write of the old
 * attempt matches no row, and the attempt stops (LostClaimError) instead of clobbering the new one.
 */
export function isOwnedBy(owner: AttemptOwner): SQL {
  return and(
    eq(versions.id, owner.versionId),
    eq(versions.processingState, "PROCESSING"),
    eq(versions.workerId, owner.workerId),
  ) as SQL;
}
