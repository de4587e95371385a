import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { actorSchema } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { authorizeVersionOrThrow } from "@/lib/review/authorize-version";
import { mediaUrlForKey } from "@/lib/review/media-paths";
import { derivedKey, type Storage } from "@/lib/storage";
import { ATTACHMENT_CONTENT_TYPE, ATTACHMENT_MAX_BYTES, type AttachmentUpload } from "./comment-attachment.types";

export { ATTACHMENT_CONTENT_TYPE, ATTACHMENT_MAX_BYTES } from "./comment-attachment.types";

/**
 * A frame grab attached to a comment (docs/review-room.md, "Frame grab"). The browser grabs the
 * frame on screen with its drawings as a PNG, asks for an upload (`requestCommentAttachmentUpload`),
 * PUTs the bytes straight to the bucket, and sends the attachment's id with the new comment;
 * `createComment` accepts it only after `verifyCommentAttachment` has looked at the object.
 *
 * Storage, kept to what exists already: the key is chosen by the server,
 * `derived/<versionId>/attachments/<uuid>.png`, under the version's derived prefix, so the media
 * route (lib/review/get-media-file.ts, permission `project.view`) serves it like a poster — whoever
 * can see the comment can see its picture, and nobody else. The presigned PUT signs the exact size
 * and `image/png`, so the URL cannot carry anything else; the id is random, and a key that was
 * uploaded but never attached is an orphan nobody can find (its version's lifetime bounds it).
 */

/** Signature (8) + IHDR length, type and size (16): the smallest thing that is a PNG with a picture. */
const PNG_HEADER_BYTES = 24;
/** Long enough to PUT a few megabytes on a slow uplink, short enough to be useless once leaked. */
const UPLOAD_URL_SECONDS = 10 * 60;

export const attachmentIdSchema = z.uuid().transform((id) => id.toLowerCase());

export function commentAttachmentKey(versionId: string, attachmentId: string): string {
  return derivedKey(versionId, `attachments/${attachmentIdSchema.parse(attachmentId)}.png`);
}

/** The same-origin URL a comment's attachment is shown from (the media route), or null without one. */
export function commentAttachmentUrl(versionId: string, attachmentKey: string | null): string | null {
  return attachmentKey ? mediaUrlForKey(versionId, attachmentKey) : null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The picture size of a PNG from its first 24 bytes (signature, then the IHDR chunk, which the format
 * requires first), or null when the bytes are not a PNG's start.
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < PNG_HEADER_BYTES || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (view.getUint32(8) !== 13 || type !== "IHDR") return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

export const requestAttachmentUploadInput = z.strictObject({
  /** Bytes of the PNG the browser will PUT: signed into the URL, so exactly these must be sent. */
  size: z.int().min(PNG_HEADER_BYTES).max(ATTACHMENT_MAX_BYTES, `must be at most ${ATTACHMENT_MAX_BYTES} bytes`),
});

const requestParams = z.object({ actor: actorSchema, versionId: z.uuid().transform((id) => id.toLowerCase()), input: requestAttachmentUploadInput });

/**
 * An upload slot for one frame grab on a version (permission `comment.create`: whoever may comment
 * may attach). Throws like every review write: `not_found` for a non-member, `forbidden` for a member
 * who may not comment, `conflict` on an archived project.
 */
export async function requestCommentAttachmentUpload(
  db: DbOrTx,
  storage: Pick<Storage, "presignPut">,
  params: z.input<typeof requestParams>,
): Promise<AttachmentUpload> {
  const { actor, versionId, input } = requestParams.parse(params);
  await authorizeVersionOrThrow(db, actor, versionId, "comment.create");
  const id = randomUUID();
  const uploadUrl = await storage.presignPut(commentAttachmentKey(versionId, id), {
    contentType: ATTACHMENT_CONTENT_TYPE,
    contentLength: input.size,
    expiresIn: UPLOAD_URL_SECONDS,
  });
  return {
    id,
    uploadUrl,
    headers: { "Content-Type": ATTACHMENT_CONTENT_TYPE },
    expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

export type AttachmentStorage = Pick<Storage, "head" | "readStart">;

/**
 * The key of an uploaded frame grab once it is what it claims to be: present, at most
 * ATTACHMENT_MAX_BYTES, stored as image/png, and starting like a PNG with a picture (a ranged GET of
 * its first bytes; the browser renders it as an <img>, never as anything else). Throws
 * `validation_failed` on the `attachmentId` field otherwise. Authorisation is the caller's.
 */
export async function verifyCommentAttachment(storage: AttachmentStorage, versionId: string, attachmentId: string): Promise<string> {
  const key = commentAttachmentKey(versionId.toLowerCase(), attachmentId);
  const refuse = (why: string) => new AppError("validation_failed", `attachmentId: ${why}`, { field: "attachmentId" });
  const head = await storage.head(key);
  if (!head) throw refuse("no frame grab was uploaded under this id on this version");
  if (head.size > ATTACHMENT_MAX_BYTES) throw refuse(`the frame grab is larger than ${ATTACHMENT_MAX_BYTES} bytes`);
  if (head.contentType !== ATTACHMENT_CONTENT_TYPE) throw refuse("the frame grab is not stored as image/png");
  if (!pngSize(await storage.readStart(key, PNG_HEADER_BYTES))) throw refuse("the frame grab is not a PNG picture");
  return key;
}
