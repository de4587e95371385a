import { z } from "zod";
import { PROCESSING_ERROR_CODES, PROCESSING_STATES, REVIEW_STATES } from "@/db/enums";

/**
 * The JSON shape of a version's state, shared by the server that sends it and the browser that
 * reads it (lib/api-client). `toVersionStatus` is typed with it, so a field added there is a
 * compile error until this schema has it; the client parses every answer with it.
 */

export const processingStateSchema = z.enum(PROCESSING_STATES);
export const reviewStateSchema = z.enum(REVIEW_STATES);
export const processingErrorCodeSchema = z.enum(PROCESSING_ERROR_CODES);

/** The live preview of a version being processed. */
export const previewSchema = z.strictObject({ hlsUrl: z.string() });
export type VersionPreview = z.infer<typeof previewSchema>;

/** `GET /api/versions/:id`, the completion and abort answers, and the asset page's live rows. */
export const versionStatusSchema = z.strictObject({
  id: z.string(),
  assetId: z.string(),
  number: z.int().nullable(),
  originalFileName: z.string(),
  sizeBytes: z.int(),
  contentType: z.string(),
  sha256Declared: z.string().nullable(),
  sha256Computed: z.string().nullable(),
  processingState: processingStateSchema,
  /** Null until the version is first READY. */
  reviewState: reviewStateSchema.nullable(),
  /** 0..100 while PROCESSING, else null. */
  progress: z.number().nullable(),
  /**
   * While PROCESSING, once the encode's first segments are in the store: the live preview's master
   * playlist (an EVENT playlist that grows until `#EXT-X-ENDLIST`, docs/processing.md "Watch while it
   * encodes"), served like the renditions. Null otherwise.
   */
  preview: previewSchema.nullable(),
  /** Set only in ERROR. */
  error: z.strictObject({ code: processingErrorCodeSchema.nullable(), message: z.string().nullable() }).nullable(),
  /** The uploader's user id. */
  uploadedBy: z.string(),
  createdAt: z.iso.datetime(),
  uploadedAt: z.iso.datetime().nullable(),
  readyAt: z.iso.datetime().nullable(),
});
export type VersionStatus = z.infer<typeof versionStatusSchema>;

/** `GET /api/versions/:id` → 200. */
export const versionStatusAnswerSchema = z.strictObject({ version: versionStatusSchema });
export type VersionStatusAnswer = z.infer<typeof versionStatusAnswerSchema>;
