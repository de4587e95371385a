import { z } from "zod";
import { drawingSchema } from "@/lib/comments/drawing";

/**
 * The JSON shapes of review links (docs/review-links.md): what producers see of their links, and
 * everything a guest is ever sent. Guest shapes name no member's e-mail, no project or asset id
 * beyond the shared versions, no master, no processing log.
 */

/** A review link as its project's producers list it. */
export const reviewLinkSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  target: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("version"), versionId: z.string(), label: z.string() }),
    z.strictObject({ kind: z.literal("playlist"), playlistId: z.string(), label: z.string() }),
  ]),
  hasPassphrase: z.boolean(),
  allowComments: z.boolean(),
  allowDownload: z.boolean(),
  watermark: z.boolean(),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  revokedAt: z.iso.datetime().nullable(),
  /** "live", "expired" or "revoked", as of the answer. */
  status: z.enum(["live", "expired", "revoked"]),
  guestCount: z.int().nonnegative(),
});
export type ReviewLinkSummary = z.infer<typeof reviewLinkSummarySchema>;

export const reviewLinkListSchema = z.strictObject({ links: z.array(reviewLinkSummarySchema) });
export type ReviewLinkList = z.infer<typeof reviewLinkListSchema>;

/** `POST /api/projects/:id/review-links` → 201. `url` holds the token: shown once, never stored. */
export const createdReviewLinkSchema = z.strictObject({ link: reviewLinkSummarySchema, url: z.string() });
export type CreatedReviewLink = z.infer<typeof createdReviewLinkSchema>;

/** `GET /api/guest/links/:token`: what the guest page needs before a session. */
export const guestLinkIntroSchema = z.strictObject({ name: z.string(), requiresPassphrase: z.boolean() });
export type GuestLinkIntro = z.infer<typeof guestLinkIntroSchema>;

/** One shot a guest may watch. */
export const guestShotSchema = z.strictObject({
  versionId: z.string(),
  assetName: z.string(),
  versionNumber: z.int().nullable(),
  isPlayable: z.boolean(),
});
export type GuestShot = z.infer<typeof guestShotSchema>;

/** `GET /api/guest/session`: the share as its guest sees it. */
export const guestShareSchema = z.strictObject({
  link: z.strictObject({
    name: z.string(),
    kind: z.enum(["version", "playlist"]),
    allowComments: z.boolean(),
    allowDownload: z.boolean(),
    watermark: z.boolean(),
    expiresAt: z.iso.datetime(),
  }),
  guest: z.strictObject({ name: z.string(), email: z.string().nullable() }),
  shots: z.array(guestShotSchema),
});
export type GuestShare = z.infer<typeof guestShareSchema>;

const frameRateSchema = z.strictObject({ num: z.int().positive(), den: z.int().positive() });
const guestMediaUrl = z.string().nullable();

/** `GET /api/guest/versions/:id`: what the player needs for one shared version. */
export const guestVersionSchema = z.strictObject({
  id: z.string(),
  assetName: z.string(),
  number: z.int().nullable(),
  frameRate: frameRateSchema.nullable(),
  frameCount: z.int().nullable(),
  durationSeconds: z.number().nullable(),
  startTimecode: z.string().nullable(),
  dropFrame: z.boolean(),
  /** Same-origin `/api/guest/versions/:id/media/...` paths, null when that rendition does not exist. */
  renditions: z.strictObject({
    hlsUrl: guestMediaUrl,
    proxyUrl: guestMediaUrl,
    posterUrl: guestMediaUrl,
    spriteVttUrl: guestMediaUrl,
    waveformPeaksUrl: guestMediaUrl,
  }),
});
export type GuestVersion = z.infer<typeof guestVersionSchema>;

/** A comment as a guest sees it: the author's name only, and whether they were a guest. */
export const guestCommentSchema = z.strictObject({
  id: z.string(),
  parentId: z.string().nullable(),
  frameIn: z.int().nonnegative(),
  frameOut: z.int().nonnegative().nullable(),
  body: z.string(),
  /** The drawing on the comment's frame (docs/drawing.md), members' and guests' alike; null when none. */
  drawing: drawingSchema.nullable(),
  authorName: z.string(),
  authorIsGuest: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type GuestComment = z.infer<typeof guestCommentSchema>;

export const guestCommentsSchema = z.strictObject({ comments: z.array(guestCommentSchema) });
export type GuestComments = z.infer<typeof guestCommentsSchema>;
export const guestCommentAnswerSchema = z.strictObject({ comment: guestCommentSchema });
