import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditEvents, comments } from "@/db/schema";
import { actorSchema } from "@/lib/auth/permissions";
import { authorizeVersionOrThrow } from "@/lib/review/authorize-version";
import { selectCommentViews } from "./comment-view";
import type { CommentsPage } from "./comment-view.types";

export const listCommentsParams = z.object({
  actor: actorSchema,
  versionId: z.uuid(),
  /** Only comments created or changed at or after this instant (the previous answer's `serverTime`). */
  since: z.iso.datetime({ offset: true }).optional(),
});
export type ListCommentsParams = z.input<typeof listCommentsParams>;

/**
 * Row timestamps are the writing transaction's start time, but the row only becomes visible at
 * COMMIT, a little later (the audit trigger serialises writers on an advisory lock). Looking back
 * this far past `since` catches rows that committed after the previous poll's snapshot although
 * they are stamped before it. Clients merge by id, so the repeats are harmless.
 */
const POLL_OVERLAP_MS = 5_000;

/**
 * The comments of a version (permission `project.view`), ordered by frame then creation.
 * With `since`, only those created or changed since: edits, deletions and resolutions stamp the
 * row; un-resolving clears `resolved_at`, so it is found through its audit event instead.
 */
export async function listComments(
  db: DbOrTx,
  params: ListCommentsParams,
): Promise<CommentsPage> {
  const input = listCommentsParams.parse(params);
  await authorizeVersionOrThrow(db, input.actor, input.versionId, "project.view");
  // The database's clock, the one that stamped the rows (not this process's).
  const clock = await db.execute<{ now: string | Date }>(sql`select clock_timestamp() as now`);
  const serverTime = new Date(clock[0]!.now).toISOString();

  let where = eq(comments.versionId, input.versionId);
  if (input.since) {
    // An ISO string with a cast: postgres.js cannot bind a Date inside a raw sql`` fragment.
    const from = new Date(Date.parse(input.since) - POLL_OVERLAP_MS).toISOString();
    where = and(
      where,
      or(
        sql`greatest(${comments.createdAt}, ${comments.editedAt}, ${comments.resolvedAt}, ${comments.deletedAt}) >= ${from}::timestamptz`,
        sql`exists (select 1 from ${auditEvents} a where a.entity_type = 'comment' and a.entity_id = ${comments.id}
                     and a.action = 'comment.unresolved' and a.occurred_at >= ${from}::timestamptz)`,
      ),
    )!;
  }
  return { comments: await selectCommentViews(db, where), serverTime };
}
