import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { comments } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { AppError, conflict, forbidden } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { getCommentViewOrThrow, type CommentView } from "./comment-view";
import { drawingAnchorError, drawingSchema, readStoredDrawing } from "./drawing";
import { describeDrawingChange } from "./drawing-audit";
import { resolveMentionsOrThrow } from "@/lib/mentions/resolve-mentions";
import { getCommentForUpdateOrThrow } from "./get-comment-for-update";
import { commentBodySchema } from "./schemas";

/**
 * What an edit may change: the text, the drawing, or both. A missing field stays as it is;
 * `drawing: null` removes the drawing.
 */
const editCommentChanges = {
  body: commentBodySchema.optional(),
  drawing: drawingSchema.nullable().optional(),
};
const hasAChange = (c: { body?: unknown; drawing?: unknown }) => c.body !== undefined || c.drawing !== undefined;
const nothingToEdit = { message: "send body, drawing, or both" };

/** The request body (the route parses it). */
export const editCommentInput = z.object(editCommentChanges).refine(hasAChange, nothingToEdit);
export type EditCommentParams = z.output<typeof editCommentInput> & { actor: Actor; commentId: string };

/**
 * Replaces a comment's text and/or its drawing. Only its author may (admins included: nobody puts
 * words in another's mouth, nor marks on their frame): `forbidden` otherwise; `conflict` once
 * deleted; `validation_failed` for a drawing on a reply. What is unchanged changes nothing.
 */
export async function editComment(db: DbOrTx, input: EditCommentParams): Promise<CommentView> {
  return db.transaction(async (tx) => {
    const { comment, access } = await getCommentForUpdateOrThrow(tx, input.actor, input.commentId, "comment.create");
    if (comment.authorId !== input.actor.id) throw forbidden("Only the author can edit a comment.");
    if (comment.deletedAt) throw conflict("This comment was deleted.");
    const body = input.body ?? comment.body;
    const drawing = input.drawing === undefined ? readStoredDrawing(comment.drawing) : input.drawing;
    const anchorError = drawing && drawingAnchorError(comment);
    if (anchorError) throw new AppError("validation_failed", anchorError, { field: "drawing" });

    const drawingChange = describeDrawingChange(readStoredDrawing(comment.drawing), drawing);
    if (body !== comment.body || drawingChange) {
      const mentions = await resolveMentionsOrThrow(tx, access.project.id, body, comment.mentions);
      await tx.update(comments).set({ body, drawing, mentions, editedAt: sql`now()` }).where(eq(comments.id, comment.id));
      await recordAuditEvent(tx, {
        actorId: input.actor.id,
        action: "comment.edited",
        entityType: "comment",
        entityId: comment.id,
        projectId: access.project.id,
        data: { versionId: comment.versionId, previousBody: comment.body, ...(drawingChange && { drawing: drawingChange }) },
      });
      await appendEvent(tx, {
        type: "comment.edited",
        projectId: access.project.id,
        actorId: input.actor.id,
        versionId: comment.versionId,
        commentId: comment.id,
        payload: { body, hasDrawing: drawing !== null },
      });
      // Only people the edit newly names are told; those named before were told then.
      const newlyMentioned = mentions.filter((id) => id !== input.actor.id && !comment.mentions.includes(id));
      if (newlyMentioned.length > 0) {
        await appendEvent(tx, {
          type: "comment.mentioned",
          projectId: access.project.id,
          actorId: input.actor.id,
          versionId: comment.versionId,
          commentId: comment.id,
          payload: { userIds: newlyMentioned, parentId: comment.parentId, frameIn: comment.frameIn, frameOut: comment.frameOut },
        });
      }
    }
    return getCommentViewOrThrow(tx, comment.id);
  });
}
