import type { Version } from "@/db/schema";
import type { Storage } from "@/lib/storage";
import { uploadKeyOf } from "./upload-key";

/**
 * Frees what an abandoned upload holds in the object store: its open multipart upload (parts
 * cost storage until aborted), the staging object (a finished single PUT that was never
 * completed) and a master a completion copied before it failed. Only for versions that never
 * became a master. Best effort: the version is ABANDONED already; the bucket lifecycle rules and
 * the hourly staging sweep (see docs/ingest.md) are the backstop. Returns whether everything
 * was released.
 */
export async function releaseUploadStorage(
  storage: Storage,
  version: Pick<Version, "storageKey" | "stagingKey" | "multipartUploadId">,
): Promise<boolean> {
  let isReleased = true;
  const uploadKey = uploadKeyOf(version);
  if (version.multipartUploadId) {
    await storage.abortMultipartUpload(uploadKey, version.multipartUploadId).catch((err: unknown) => {
      console.warn(`[uploads] could not abort multipart upload of ${uploadKey}:`, err);
      isReleased = false;
    });
  }
  for (const key of new Set([uploadKey, version.storageKey])) {
    await storage.delete(key).catch((err: unknown) => {
      console.warn(`[uploads] could not delete ${key}:`, err);
      isReleased = false;
    });
  }
  return isReleased;
}
