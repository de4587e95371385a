import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { comments } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { conflict } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { getCommentViewOrThrow, type CommentView } from "./comment-view";
import { getCommentForUpdateOrThrow } from "./get-comment-for-update";

/** The request body (the route parses it). */
export const setCommentResolvedInput = z.object({ resolved: z.boolean() });
export type SetCommentResolvedParams = z.output<typeof setCommentResolvedInput> & { actor: Actor; commentId: string };

/**
 * Resolves or reopens a thread (permission `comment.resolve`). Threads are resolved through
 * their first comment: a reply, or a deleted comment, is a `conflict`. Idempotent.
 */
export async function setCommentResolved(db: DbOrTx, params: SetCommentResolvedParams): Promise<CommentView> {
  const { actor, commentId, resolved } = params;
  return db.transaction(async (tx) => {
    const { comment, access } = await getCommentForUpdateOrThrow(tx, actor, commentId, "comment.resolve");
    if (comment.parentId !== null) throw conflict("Resolve the thread through its first comment.");
    if (comment.deletedAt) throw conflict("This comment was deleted.");
    const isResolved = comment.resolvedAt !== null;
    if (isResolved !== resolved) {
      await tx
        .update(comments)
        .set(resolved ? { resolvedAt: sql`now()`, resolvedBy: actor.id } : { resolvedAt: null, resolvedBy: null })
        .where(eq(comments.id, comment.id));
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: resolved ? "comment.resolved" : "comment.unresolved",
        entityType: "comment",
        entityId: comment.id,
        projectId: access.project.id,
        data: { versionId: comment.versionId },
      });
      await appendEvent(tx, {
        type: resolved ? "comment.resolved" : "comment.reopened",
        projectId: access.project.id,
        actorId: actor.id,
        versionId: comment.versionId,
        commentId: comment.id,
        payload: {},
      });
    }
    return getCommentViewOrThrow(tx, comment.id);
  });
}
