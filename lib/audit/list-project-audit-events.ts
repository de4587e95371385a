import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, type Page, type PageQuery } from "@/lib/api/pagination";

export const auditEventViewSchema = z
  .strictObject({
    seq: z.int().meta({ description: "Position in the hash chain: the order events happened in." }),
    occurredAt: z.iso.datetime(),
    actorId: z.uuid().nullable().meta({ description: "Null: the system (worker, sweeper)." }),
    action: z.string().meta({ example: "version.ready" }),
    entityType: z.string(),
    entityId: z.uuid(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEvent" });
export type AuditEventView = z.infer<typeof auditEventViewSchema>;

/**
 * A project's audit events in chain order (oldest first, so a client that keeps the last cursor
 * reads only what is new next time), paged in SQL on `seq` (the trail grows without bound) through
 * the (project_id, seq) index. The hashes stay out: `npm run audit:verify` is what checks them.
 */
export async function listProjectAuditEvents(
  db: DbOrTx,
  input: { projectId: string; page: PageQuery },
): Promise<Page<AuditEventView>> {
  const key = input.page.cursor === undefined ? null : decodeCursor(input.page.cursor);
  const afterSeq = key === null ? null : key[0];
  if (afterSeq !== null && typeof afterSeq !== "number") {
    throw new AppError("validation_failed", "cursor: not a cursor of this list", { field: "cursor" });
  }
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.projectId, input.projectId), afterSeq === null ? undefined : gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(input.page.limit + 1);
  const items = rows.slice(0, input.page.limit).map((r) => ({
    seq: r.seq,
    occurredAt: r.occurredAt.toISOString(),
    actorId: r.actorId,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    data: r.data as Record<string, unknown>,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.page.limit && last ? encodeCursor([last.seq]) : null };
}
