import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { comments, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { AppError, conflict } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { resolveMentionsOrThrow } from "@/lib/mentions/resolve-mentions";
import { authorizeVersionOrThrow } from "@/lib/review/authorize-version";
import { attachmentIdSchema, verifyCommentAttachment, type AttachmentStorage } from "./comment-attachment";
import { getCommentViewOrThrow, type CommentView } from "./comment-view";
import { drawingAnchorError, drawingSchema } from "./drawing";
import { summarizeDrawingForAudit } from "./drawing-audit";
import { commentBodySchema, frameSchema } from "./schemas";

/** What a client sends (the route parses the body with it). Replies inherit their parent's frames, so `frameIn` is optional for them. */
export const createCommentInput = z
  .object({
    frameIn: frameSchema.optional(),
    frameOut: frameSchema.nullish(),
    body: commentBodySchema,
    parentId: z.uuid().nullish(),
    /** Vector drawing on the comment's frame (docs/drawing.md); top-level comments only. */
    drawing: drawingSchema.nullish(),
    /** A frame grab uploaded through POST /api/versions/:id/comment-attachments (comment-attachment.ts). */
    attachmentId: attachmentIdSchema.nullish(),
  })
  .refine((c) => c.parentId || c.frameIn !== undefined, { message: "is required", path: ["frameIn"] })
  .refine((c) => c.frameOut == null || c.frameIn === undefined || c.frameOut >= c.frameIn, {
    message: "must not be before frameIn",
    path: ["frameOut"],
  });

export type CreateCommentInput = z.output<typeof createCommentInput>;
export type CreateCommentParams = {
  actor: Actor;
  versionId: string;
  comment: CreateCommentInput;
  /** Where an attachment is checked; needed only when the comment names one. */
  storage?: AttachmentStorage;
};

/**
 * Adds a comment (or a reply) to a version at a frame or an inclusive frame range
 * (permission `comment.create`), with its audit event, in one transaction.
 * `@[Name](user-id)` tokens in the body are its mentions (lib/mentions): stored in `mentions`, each
 * a member of the project, announced by `comment.mentioned`.
 * Throws `validation_failed` for frames past the end of the version, a mention of a non-member, a parent that is not a
 * top-level comment of the same version, or a drawing on a reply (a drawing belongs to the frame a
 * thread is placed on) or an attachment that is not an uploaded PNG frame grab of this version;
 * `conflict` when the version has no upload yet or the parent is deleted.
 */
export async function createComment(db: DbOrTx, params: CreateCommentParams): Promise<CommentView> {
  const { actor, versionId, comment: input } = params;
  return db.transaction(async (tx) => {
    const access = await authorizeVersionOrThrow(tx, actor, versionId, "comment.create");
    const [version] = await tx
      .select({ number: versions.number, frameCount: versions.frameCount })
      .from(versions)
      .where(eq(versions.id, versionId));
    if (!version) throw new AppError("not_found", "Version not found");
    if (version.number === null) throw conflict("This version has not been uploaded yet.");

    let frameIn: number;
    let frameOut: number | null;
    if (input.parentId) {
      const [parent] = await tx.select().from(comments).where(eq(comments.id, input.parentId));
      // Another version's comment (or a made-up id) is not a valid parent here; do not say which.
      if (!parent || parent.versionId !== versionId) {
        throw new AppError("validation_failed", "parentId: no such comment on this version", { field: "parentId" });
      }
      if (parent.parentId !== null) {
        throw new AppError("validation_failed", "parentId: reply to the thread's first comment", { field: "parentId" });
      }
      if (parent.deletedAt) throw conflict("That comment was deleted; start a new thread instead.");
      frameIn = parent.frameIn;
      frameOut = parent.frameOut;
    } else {
      frameIn = input.frameIn!;
      frameOut = input.frameOut ?? null;
      if (version.frameCount !== null) {
        for (const [field, frame] of [["frameIn", frameIn], ["frameOut", frameOut]] as const) {
          if (frame !== null && frame >= version.frameCount) {
            throw new AppError(
              "validation_failed",
              `${field}: must be below the version's frame count (${version.frameCount})`,
              { field },
            );
          }
        }
      }
    }

    const drawing = input.drawing ?? null;
    const anchorError = drawing && drawingAnchorError({ parentId: input.parentId ?? null, frameIn });
    if (anchorError) throw new AppError("validation_failed", anchorError, { field: "drawing" });

    const mentions = await resolveMentionsOrThrow(tx, access.project.id, input.body);

    let attachmentKey: string | null = null;
    if (input.attachmentId) {
      if (!params.storage) throw new AppError("internal", "createComment was given an attachment without the storage to check it");
      attachmentKey = await verifyCommentAttachment(params.storage, versionId, input.attachmentId);
    }

    const [row] = await tx
      .insert(comments)
      .values({ versionId, authorId: actor.id, parentId: input.parentId ?? null, frameIn, frameOut, body: input.body, drawing, mentions, attachmentKey })
      .returning({ id: comments.id });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: "comment.created",
      entityType: "comment",
      entityId: row!.id,
      projectId: access.project.id,
      data: {
        versionId,
        parentId: input.parentId ?? null,
        frameIn,
        frameOut,
        ...(drawing && { drawing: summarizeDrawingForAudit(drawing) }),
        ...(attachmentKey && { attachmentKey }),
      },
    });
    const view = await getCommentViewOrThrow(tx, row!.id);
    const subject = { projectId: access.project.id, actorId: actor.id, versionId, commentId: row!.id };
    if (input.parentId) {
      await appendEvent(tx, { ...subject, type: "comment.replied", payload: { parentId: input.parentId, frameIn, frameOut, body: input.body } });
    } else {
      await appendEvent(tx, { ...subject, type: "comment.added", payload: { frameIn, frameOut, body: input.body, hasDrawing: drawing !== null } });
    }
    // Mentioning yourself tells nobody anything.
    const mentioned = mentions.filter((id) => id !== actor.id);
    if (mentioned.length > 0) {
      const payload = { userIds: mentioned, parentId: input.parentId ?? null, frameIn, frameOut };
      await appendEvent(tx, { ...subject, type: "comment.mentioned", payload });
    }
    return view;
  });
}
