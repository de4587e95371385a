import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Deletes events older than `olderThanDays` (at least 1) through `axiom_prune_events`, the one way
 * the app role may delete events (db/roles.ts). Consumers' cursors are not consulted: one that is
 * that far behind is broken, and the outbox must not grow without bound for it (docs/events.md).
 * Returns the number of rows deleted.
 */
export async function pruneEvents(db: DbOrTx, params: { olderThanDays: number }): Promise<number> {
  const [row] = (await db.execute(
    sql`select axiom_prune_events(${params.olderThanDays}::int)::int as deleted`,
  )) as unknown as {
    deleted: number;
  }[];
  return row?.deleted ?? 0;
}
