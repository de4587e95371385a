import { eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { comments, reviewLinkGuests, users } from "@/db/schema";
import { commentAttachmentUrl } from "./comment-attachment";
import type { CommentView } from "./comment-view.types";
import { readStoredDrawing } from "./drawing";

export type { CommentView } from "./comment-view.types";

const resolver = alias(users, "resolver");

/** Comments matching `where`, with their author (a member or a guest) and resolver, ordered as the timeline reads. */
export async function selectCommentViews(db: DbOrTx, where: SQL | undefined): Promise<CommentView[]> {
  const rows = await db
    .select({
      comment: comments,
      memberName: users.name,
      guestName: reviewLinkGuests.name,
      resolver: { id: resolver.id, name: resolver.name },
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .leftJoin(reviewLinkGuests, eq(reviewLinkGuests.id, comments.guestId))
    .leftJoin(resolver, eq(resolver.id, comments.resolvedBy))
    .where(where)
    .orderBy(comments.frameIn, comments.createdAt, comments.id);
  // Typed callback: a field added here and not in the schema is a compile error (no excess-property
  // check on an inferred callback result).
  return rows.map((r): CommentView => ({
    id: r.comment.id,
    versionId: r.comment.versionId,
    parentId: r.comment.parentId,
    frameIn: r.comment.frameIn,
    frameOut: r.comment.frameOut,
    body: r.comment.deletedAt ? "" : r.comment.body,
    drawing: r.comment.deletedAt ? null : readStoredDrawing(r.comment.drawing),
    attachmentUrl: r.comment.deletedAt ? null : commentAttachmentUrl(r.comment.versionId, r.comment.attachmentKey),
    // Exactly one of the two is set (comments_one_author).
    author: { id: (r.comment.authorId ?? r.comment.guestId)!, name: (r.memberName ?? r.guestName)! },
    authorIsGuest: r.comment.guestId !== null,
    createdAt: r.comment.createdAt.toISOString(),
    editedAt: r.comment.editedAt?.toISOString() ?? null,
    resolvedAt: r.comment.resolvedAt?.toISOString() ?? null,
    resolvedBy: r.resolver && r.resolver.id ? { id: r.resolver.id, name: r.resolver.name } : null,
    deleted: r.comment.deletedAt !== null,
  }));
}

export async function getCommentViewOrThrow(db: DbOrTx, commentId: string): Promise<CommentView> {
  const [view] = await selectCommentViews(db, eq(comments.id, commentId));
  if (!view) throw new Error(`comment ${commentId} vanished`);
  return view;
}
