import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { comments } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { forbidden } from "@/lib/errors";
import { actorSchema } from "@/lib/auth/permissions";
import { getCommentViewOrThrow, type CommentView } from "./comment-view";
import { getCommentForUpdateOrThrow } from "./get-comment-for-update";

export const deleteCommentParams = z.object({ actor: actorSchema, commentId: z.uuid() });
export type DeleteCommentParams = z.input<typeof deleteCommentParams>;

/**
 * Soft-deletes a comment (its author or an admin; `forbidden` otherwise). The row stays, so its
 * replies keep their thread and the audit trail keeps the text; the API shows it with an empty
 * body. Deleting a deleted comment changes nothing.
 */
export async function deleteComment(db: DbOrTx, params: DeleteCommentParams): Promise<CommentView> {
  const { actor, commentId } = deleteCommentParams.parse(params);
  return db.transaction(async (tx) => {
    const { comment, access } = await getCommentForUpdateOrThrow(tx, actor, commentId, "comment.create");
    if (comment.authorId !== actor.id && !actor.isAdmin) {
      throw forbidden("Only the author (or an admin) can delete a comment.");
    }
    if (!comment.deletedAt) {
      await tx.update(comments).set({ deletedAt: sql`now()` }).where(eq(comments.id, comment.id));
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: "comment.deleted",
        entityType: "comment",
        entityId: comment.id,
        projectId: access.project.id,
        data: { versionId: comment.versionId, body: comment.body, authorId: comment.authorId },
      });
      await appendEvent(tx, {
        type: "comment.deleted",
        projectId: access.project.id,
        actorId: actor.id,
        versionId: comment.versionId,
        commentId: comment.id,
        payload: { parentId: comment.parentId },
      });
    }
    return getCommentViewOrThrow(tx, comment.id);
  });
}
