import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { Storage } from "@/lib/storage";
import { getOwnUploadOrThrow, requireOpenSinglePut } from "./get-own-upload-or-throw";
import type { PresignedUploadUrl } from "./upload-answers.types";
import type { UploadLimits } from "./upload-policy";
import { uploadKeyOf } from "./upload-key";

export type { PresignedUploadUrl } from "./upload-answers.types";

/**
 * A fresh presigned PUT URL for a single-PUT upload that is still open: for a browser whose
 * first URL expired (403 from the store), or that retries or resumes the same version instead of
 * starting a new one. Signs the same (staging) key, content type and length as `createUpload` did.
 * Throws `conflict` (409) when the upload is no longer AWAITING_UPLOAD or is multipart
 * (those ask for part URLs), `forbidden` (403) for anyone but the uploader or an admin.
 */
export async function presignUploadUrl(
  db: DbOrTx,
  storage: Storage,
  params: { versionId: string; actor: Actor; limits: UploadLimits },
): Promise<PresignedUploadUrl> {
  const { version } = await getOwnUploadOrThrow(db, params);
  requireOpenSinglePut(version);
  const expiresAt = new Date(Date.now() + params.limits.urlTtlSeconds * 1000).toISOString();
  const url = await storage.presignPut(uploadKeyOf(version), {
    contentType: version.contentType,
    contentLength: version.sizeBytes,
    expiresIn: params.limits.urlTtlSeconds,
  });
  return { url, headers: { "Content-Type": version.contentType }, expiresAt };
}
