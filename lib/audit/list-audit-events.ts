import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditEvents, comments } from "@/db/schema";
import { SYSTEM_ACTOR, type AuditEventFilters, type AuditEventView } from "./audit-trail.types";

/**
 * Which events: a project's (`projectId`), one version's within it (`versionId`: the version's own
 * events and those of its comments), or every event of every project and of none (`projectId`
 * null: the admins' trail, which includes users' sign-ins and accounts). The caller authorises.
 */
export type AuditScope = { projectId: string; versionId?: string } | { projectId: null };

/**
 * Where in the trail: strictly after `after` (newer), strictly before `before` (older), or else
 * from one `end` of it. Keyset on `seq` (the chain's order), so a page never repeats or skips an
 * event when new ones arrive.
 */
export type AuditWindow = { limit: number } & ({ after: number } | { before: number } | { end: "oldest" | "newest" });

/** An event as the API shows it, and its project (null: an event of no project, e.g. a sign-in). */
export type AuditEventRow = AuditEventView & { projectId: string | null };

export type AuditEventsSlice = {
  /** In chain order (oldest first), whichever way the window looked. */
  events: AuditEventRow[];
  hasOlder: boolean;
  hasNewer: boolean;
};

/**
 * The one query behind every view of the audit trail: /api/v1's list, the project and admin
 * pages and the review room's panel. Pages in SQL on `seq` through the (project_id, seq) and
 * (entity_type, entity_id, seq) indexes; the filters narrow within them. Hashes stay out:
 * verifying them is lib/audit/check-audit-trail.ts's job.
 */
export async function listAuditEvents(
  db: DbOrTx,
  params: { scope: AuditScope; filters?: AuditEventFilters; window: AuditWindow },
): Promise<AuditEventsSlice> {
  const where = [...scopeConditions(params.scope), ...filterConditions(params.filters ?? {})];
  const { window } = params;
  const isAscending = "after" in window || ("end" in window && window.end === "oldest");
  const bound =
    "after" in window
      ? gt(auditEvents.seq, window.after)
      : "before" in window
        ? lt(auditEvents.seq, window.before)
        : undefined;
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where, bound))
    .orderBy(isAscending ? asc(auditEvents.seq) : desc(auditEvents.seq))
    .limit(window.limit + 1);
  const hasMore = rows.length > window.limit;
  const page = rows.slice(0, window.limit);
  if (!isAscending) page.reverse();
  const events = page.map(toView);

  // The other way: only a window that started from a seq can have something behind it.
  const first = events[0]?.seq;
  const last = events.at(-1)?.seq;
  const exists = async (condition: SQL) =>
    (
      await db
        .select({ seq: auditEvents.seq })
        .from(auditEvents)
        .where(and(...where, condition))
        .limit(1)
    ).length > 0;
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (isAscending) {
    hasNewer = hasMore;
    hasOlder = "after" in window ? await exists(lt(auditEvents.seq, first ?? window.after + 1)) : false;
  } else {
    hasOlder = hasMore;
    hasNewer = "before" in window ? await exists(gt(auditEvents.seq, last ?? window.before - 1)) : false;
  }
  return { events, hasOlder, hasNewer };
}

function scopeConditions(scope: AuditScope): SQL[] {
  if (scope.projectId === null) return [];
  const inProject = eq(auditEvents.projectId, scope.projectId);
  if (!scope.versionId) return [inProject];
  // A comment never moves to another version (migration 0007), so its events belong to this one.
  const ofVersion = or(
    and(eq(auditEvents.entityType, "version"), eq(auditEvents.entityId, scope.versionId)),
    and(
      eq(auditEvents.entityType, "comment"),
      inArray(
        auditEvents.entityId,
        sql`(select ${comments.id} from ${comments} where ${comments.versionId} = ${scope.versionId})`,
      ),
    ),
  );
  return [inProject, ofVersion!];
}

function filterConditions(filters: AuditEventFilters): SQL[] {
  const where: SQL[] = [];
  if (filters.action) where.push(eq(auditEvents.action, filters.action));
  if (filters.actor === SYSTEM_ACTOR) where.push(isNull(auditEvents.actorId));
  else if (filters.actor) where.push(eq(auditEvents.actorId, filters.actor));
  // Whole UTC days, `to` inclusive.
  if (filters.from) where.push(gte(auditEvents.occurredAt, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) where.push(lt(auditEvents.occurredAt, new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000)));
  return where;
}

function toView(row: typeof auditEvents.$inferSelect): AuditEventRow {
  return {
    projectId: row.projectId,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    data: row.data as Record<string, unknown>,
  };
}
