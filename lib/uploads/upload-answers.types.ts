import { z } from "zod";
import { versionStatusSchema } from "@/lib/versions/version-status.types";

/**
 * The JSON answers of the upload protocol (docs/ingest.md), shared by the server functions that
 * produce them (typed with these types, so a field added there is a compile error until the
 * schema has it) and the browser's upload code, which parses every answer with them.
 */

const headersSchema = z.record(z.string(), z.string());

const createdUploadCommon = {
  versionId: z.string(),
  assetId: z.string(),
  /** `GET` it to follow the version's state. */
  statusUrl: z.string(),
  /** When the presigned URLs handed out with this answer stop working. */
  expiresAt: z.iso.datetime(),
};

/** `POST /api/projects/:id/uploads` → 201: the new version and how to send its bytes. */
export const createdUploadSchema = z.discriminatedUnion("mode", [
  z.strictObject({ ...createdUploadCommon, mode: z.literal("single"), url: z.string(), headers: headersSchema }),
  z.strictObject({
    ...createdUploadCommon,
    mode: z.literal("multipart"),
    partSize: z.int().positive(),
    partCount: z.int().positive(),
    /** Part URLs per `POST /parts` request, at most. */
    maxPartsPerRequest: z.int().positive(),
  }),
]);
export type CreatedUpload = z.infer<typeof createdUploadSchema>;

/** `POST /api/versions/:id/upload-url` → 200: a fresh URL for a single-PUT upload. */
export const presignedUploadUrlSchema = z.strictObject({
  url: z.string(),
  headers: headersSchema,
  expiresAt: z.iso.datetime(),
});
export type PresignedUploadUrl = z.infer<typeof presignedUploadUrlSchema>;

/** `POST /api/versions/:id/parts` → 200: URLs for a batch of parts. */
export const presignedPartsSchema = z.strictObject({
  parts: z.array(z.strictObject({ partNumber: z.int().positive(), url: z.string() })),
  expiresAt: z.iso.datetime(),
});
export type PresignedParts = z.infer<typeof presignedPartsSchema>;

/** `GET /api/versions/:id/parts` → 200: the parts the object store already holds (to resume). */
export const uploadedPartsSchema = z.strictObject({
  versionId: z.string(),
  size: z.int().nonnegative(),
  partSize: z.int().positive(),
  partCount: z.int().positive(),
  parts: z.array(
    z.strictObject({
      partNumber: z.int().positive(),
      etag: z.string(),
      size: z.int().nonnegative(),
      /** As the store reports it; some stores leave it out. */
      lastModified: z.iso.datetime().optional(),
    }),
  ),
});
export type UploadedParts = z.infer<typeof uploadedPartsSchema>;

/** `POST /api/versions/:id/complete` → 202 (the same on repeat). */
export const completedUploadAnswerSchema = z.strictObject({ version: versionStatusSchema, statusUrl: z.string() });
export type CompletedUploadAnswer = z.infer<typeof completedUploadAnswerSchema>;
