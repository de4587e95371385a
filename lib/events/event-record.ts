import { and, asc, eq, gt, max, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { events, type EventRow } from "@/db/schema";
import { EVENT_TYPES, isEventType, type EventPayload, type EventType } from "./event-types";

type EventRecordOf<T extends EventType> = {
  /** The cursor: commit order (migration 0010). SSE `id:` lines, consumers' `last_seq`. */
  seq: number;
  /** Unique and stable: the idempotency key of at-least-once delivery. */
  id: string;
  type: T;
  projectId: string;
  assetId: string | null;
  versionId: string | null;
  commentId: string | null;
  actorId: string | null;
  payload: EventPayload<T>;
  /** ISO 8601. */
  occurredAt: string;
};

/** One event as consumers and live streams get it: a union over the types, `type` discriminating the payload. */
export type EventRecord = { [T in EventType]: EventRecordOf<T> }[EventType];

/**
 * A stored row as an EventRecord, its payload parsed again with its type's schema (a row can
 * outlive the code that wrote it). Null for a row this code cannot read — an unknown type or a
 * payload that no longer parses — which readers skip (and log): it cannot become readable later.
 */
export function toEventRecord(row: EventRow): EventRecord | null {
  if (!isEventType(row.type)) return null;
  const parsed = EVENT_TYPES[row.type].payload.safeParse(row.payload);
  if (!parsed.success) return null;
  return {
    seq: row.seq,
    id: row.id,
    type: row.type,
    projectId: row.projectId,
    assetId: row.assetId,
    versionId: row.versionId,
    commentId: row.commentId,
    actorId: row.actorId,
    payload: parsed.data,
    occurredAt: row.occurredAt.toISOString(),
  } as EventRecord;
}

export type EventScope = { projectId?: string; versionId?: string };

/**
 * Rows after `afterSeq` in seq order, at most `limit`, optionally of one project or version.
 * Rows the code cannot read come back as null in their place (see `toEventRecord`), so a reader
 * can still move its cursor past them.
 */
export async function listEventRowsAfter(
  db: DbOrTx,
  params: { afterSeq: number; limit: number } & EventScope,
): Promise<{ seq: number; event: EventRecord | null }[]> {
  const conditions: SQL[] = [gt(events.seq, params.afterSeq)];
  if (params.projectId) conditions.push(eq(events.projectId, params.projectId));
  if (params.versionId) conditions.push(eq(events.versionId, params.versionId));
  const rows = await db
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(asc(events.seq))
    .limit(params.limit);
  return rows.map((row) => ({ seq: row.seq, event: toEventRecord(row) }));
}

/** The newest seq (0 when there is no event): where a reader that wants no history starts. */
export async function getLatestEventSeq(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ seq: max(events.seq) }).from(events);
  return row?.seq ?? 0;
}
