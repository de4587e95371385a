import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { comments, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { selectCommentViews, type CommentView } from "@/lib/comments/comment-view";
import { drawingSchema } from "@/lib/comments/drawing";
import { summarizeDrawingForAudit } from "@/lib/comments/drawing-audit";
import { commentBodySchema, frameSchema } from "@/lib/comments/schemas";
import { appendEvent } from "@/lib/events/append-event";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import type { GuestSession } from "./guest-session";
import { assertVersionSharedOrThrow } from "./guest-share";
import type { GuestComment } from "./review-link.types";

/**
 * What a guest sends: a note at a frame or an inclusive range, optionally with a drawing on it in
 * the members' format (the same schema, docs/drawing.md). Threads of their own only: no replies,
 * mentions or attachments — so a guest's comment is always placed on a frame and may always draw.
 */
export const createGuestCommentInput = z
  .strictObject({ frameIn: frameSchema, frameOut: frameSchema.nullish(), body: commentBodySchema, drawing: drawingSchema.nullish() })
  .refine((c) => c.frameOut == null || c.frameOut >= c.frameIn, { message: "must not be before frameIn", path: ["frameOut"] });
export type CreateGuestCommentInput = z.output<typeof createGuestCommentInput>;

/** A comment as a guest sees it: names only (never a member's e-mail or id). */
function toGuestComment(view: CommentView): GuestComment {
  return {
    id: view.id,
    parentId: view.parentId,
    frameIn: view.frameIn,
    frameOut: view.frameOut,
    body: view.body,
    drawing: view.drawing,
    authorName: view.author.name,
    authorIsGuest: view.authorIsGuest,
    createdAt: view.createdAt,
  };
}

/** The comments of a shared version (deleted ones left out), for its guests. */
export async function listGuestComments(db: DbOrTx, session: GuestSession, versionId: string): Promise<GuestComment[]> {
  await assertVersionSharedOrThrow(db, session, versionId);
  const views = await selectCommentViews(db, and(eq(comments.versionId, versionId), isNull(comments.deletedAt)));
  return views.map(toGuestComment);
}

/**
 * A guest's note on a shared version, when the link allows comments (`forbidden` otherwise):
 * stored with the guest as its author, audited (`comment.created` with the link's and the guest's
 * ids) and announced as `comment.added` through the outbox like a member's, so the producer's
 * room shows it live. The actor of both is null (no user): the guest is named in the data.
 */
export async function createGuestComment(
  db: DbOrTx,
  params: { session: GuestSession; versionId: string; comment: CreateGuestCommentInput },
): Promise<GuestComment> {
  const { session, versionId, comment: input } = params;
  const { link, guest } = session;
  await assertVersionSharedOrThrow(db, session, versionId);
  if (!link.allowComments) throw forbidden("This review link does not take comments.");
  return db.transaction(async (tx) => {
    const [version] = await tx
      .select({ number: versions.number, frameCount: versions.frameCount, state: versions.processingState })
      .from(versions)
      .where(eq(versions.id, versionId));
    if (!version) throw notFound("Version not found");
    if (version.state !== "READY") throw conflict("This version cannot be played yet.");
    const frameOut = input.frameOut ?? null;
    const drawing = input.drawing ?? null;
    if (version.frameCount !== null) {
      for (const [field, frame] of [["frameIn", input.frameIn], ["frameOut", frameOut]] as const) {
        if (frame !== null && frame >= version.frameCount) {
          throw new AppError("validation_failed", `${field}: must be below the version's frame count (${version.frameCount})`, { field });
        }
      }
    }
    const [row] = await tx
      .insert(comments)
      .values({ versionId, guestId: guest.id, frameIn: input.frameIn, frameOut, body: input.body, drawing })
      .returning({ id: comments.id });
    await recordAuditEvent(tx, {
      actorId: null,
      action: "comment.created",
      entityType: "comment",
      entityId: row!.id,
      projectId: link.projectId,
      data: {
        versionId, parentId: null, frameIn: input.frameIn, frameOut, reviewLinkId: link.id, guestId: guest.id, guestName: guest.name,
        ...(drawing && { drawing: summarizeDrawingForAudit(drawing) }),
      },
    });
    const [view] = await selectCommentViews(tx, eq(comments.id, row!.id));
    await appendEvent(tx, {
      type: "comment.added",
      projectId: link.projectId,
      actorId: null,
      versionId,
      commentId: row!.id,
      payload: { frameIn: input.frameIn, frameOut, body: input.body, hasDrawing: drawing !== null },
    });
    return toGuestComment(view!);
  });
}
