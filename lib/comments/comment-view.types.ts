import { z } from "zod";
import { userRefSchema } from "@/lib/users/user-ref.types";
import { drawingSchema } from "./drawing";

/**
 * The JSON shapes of comments (docs/review-api.md), shared by the server that sends them
 * (`selectCommentViews`, `listComments` are typed with them) and the browser that parses them
 * (lib/api-client).
 */

/** A comment as the API shows it. Deleted comments keep their place, not their text. */
export const commentViewSchema = z.strictObject({
  id: z.string(),
  versionId: z.string(),
  /** Null: a top-level comment (a thread); else the thread's top-level comment. */
  parentId: z.string().nullable(),
  /** Integer frame of the source timeline (0-based). */
  frameIn: z.int().nonnegative(),
  /** Null: a single-frame comment; else the inclusive end of a range (>= frameIn). */
  frameOut: z.int().nonnegative().nullable(),
  /** Plain text, "" when deleted. Rendered escaped, never as HTML. */
  body: z.string(),
  /** The drawing on the comment's frame (docs/drawing.md); null when none, and once deleted. */
  drawing: drawingSchema.nullable(),
  /** The frame grab attached to it (a PNG through the media route); null when none, and once deleted. */
  attachmentUrl: z.string().nullable(),
  /** A member, or a review link's guest (their id is the guest's; docs/review-links.md). */
  author: userRefSchema,
  /** The author is a review link's guest: shown as "Name (guest)". */
  authorIsGuest: z.boolean(),
  createdAt: z.iso.datetime(),
  /** Set when the author edited the body. */
  editedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: userRefSchema.nullable(),
  /** Soft-deleted: keeps its place in the thread with an empty body. */
  deleted: z.boolean(),
});
export type CommentView = z.infer<typeof commentViewSchema>;

/** `GET /api/versions/:id/comments[?since=]` → 200. Poll with `since` = the previous `serverTime`. */
export const commentsPageSchema = z.strictObject({
  comments: z.array(commentViewSchema),
  /** The database's clock when the page was read (ISO). */
  serverTime: z.iso.datetime(),
});
export type CommentsPage = z.infer<typeof commentsPageSchema>;

/** The answer of creating (201), editing, deleting and resolving a comment (200). */
export const commentAnswerSchema = z.strictObject({ comment: commentViewSchema });
export type CommentAnswer = z.infer<typeof commentAnswerSchema>;
