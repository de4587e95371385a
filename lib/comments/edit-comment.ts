import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { comments } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { conflict, forbidden } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { getCommentViewOrThrow, type CommentView } from "./comment-view";
import { getCommentForUpdateOrThrow } from "./get-comment-for-update";
import { commentBodySchema } from "./schemas";

/** The request body (the route parses it). */
export const editCommentInput = z.object({ body: commentBodySchema });
export type EditCommentParams = z.output<typeof editCommentInput> & { actor: Actor; commentId: string };

/**
 * Replaces a comment's text. Only its author may (admins included: nobody puts words in
 * another's mouth): `forbidden` otherwise; `conflict` once deleted. Unchanged text changes nothing.
 */
export async function editComment(db: DbOrTx, input: EditCommentParams): Promise<CommentView> {
  return db.transaction(async (tx) => {
    const { comment, access } = await getCommentForUpdateOrThrow(tx, input.actor, input.commentId, "comment.create");
    if (comment.authorId !== input.actor.id) throw forbidden("Only the author can edit a comment.");
    if (comment.deletedAt) throw conflict("This comment was deleted.");
    if (comment.body !== input.body) {
      await tx.update(comments).set({ body: input.body, editedAt: sql`now()` }).where(eq(comments.id, comment.id));
      await recordAuditEvent(tx, {
        actorId: input.actor.id,
        action: "comment.edited",
        entityType: "comment",
        entityId: comment.id,
        projectId: access.project.id,
        data: { versionId: comment.versionId, previousBody: comment.body },
      });
    }
    return getCommentViewOrThrow(tx, comment.id);
  });
}
