import { z } from "zod";

/**
 * The attachment upload's constants and answer (docs/review-api.md), shared by the server
 * (comment-attachment.ts) and the browser (lib/api-client), which checks the size before asking.
 */

/** Content type signed into the upload URL and required of the stored object. */
export const ATTACHMENT_CONTENT_TYPE = "image/png";
/**
 * A PNG frame grab of the largest rendition the player shows (a 1080p proxy or HLS rung) is 1–4 MB
 * (noise and grain compress badly); 12 MiB leaves room for a UHD rung and refuses anything else.
 */
export const ATTACHMENT_MAX_BYTES = 12 * 1024 * 1024;

/** `POST /api/versions/:id/comment-attachments` → 201. */
export const attachmentUploadAnswerSchema = z.strictObject({
  attachment: z.strictObject({
    /** What the new comment names as `attachmentId`. */
    id: z.uuid(),
    /** A presigned PUT of exactly the asked size with `Content-Type: image/png`. */
    uploadUrl: z.url(),
    headers: z.strictObject({ "Content-Type": z.literal(ATTACHMENT_CONTENT_TYPE) }),
    expiresAt: z.iso.datetime(),
  }),
});
export type AttachmentUpload = z.infer<typeof attachmentUploadAnswerSchema>["attachment"];
