import type { DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, type Page, type PageQuery } from "@/lib/api/pagination";
import type { AuditEventFilters, AuditEventView } from "./audit-trail.types";
import { listAuditEvents } from "./list-audit-events";

/**
 * /api/v1's list: a project's audit events in chain order (oldest first, so a client that keeps
 * the last cursor reads only what is new next time), with the screens' filters. The query is
 * lib/audit/list-audit-events.ts; this maps the API's opaque cursor onto its `after`.
 */
export async function listProjectAuditEvents(
  db: DbOrTx,
  input: { projectId: string; filters?: AuditEventFilters; page: PageQuery },
): Promise<Page<AuditEventView>> {
  const key = input.page.cursor === undefined ? null : decodeCursor(input.page.cursor);
  const afterSeq = key === null ? null : key[0];
  if (afterSeq !== null && typeof afterSeq !== "number") {
    throw new AppError("validation_failed", "cursor: not a cursor of this list", { field: "cursor" });
  }
  const limit = input.page.limit;
  const slice = await listAuditEvents(db, {
    scope: { projectId: input.projectId },
    filters: input.filters,
    window: afterSeq === null ? { limit, end: "oldest" } : { limit, after: afterSeq },
  });
  const last = slice.events.at(-1);
  const items = slice.events.map(({ projectId: _inProject, ...event }) => event);
  return { items, nextCursor: slice.hasNewer && last ? encodeCursor([last.seq]) : null };
}
