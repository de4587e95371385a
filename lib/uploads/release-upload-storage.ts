import type { Version } from "@/db/schema";
import type { Storage } from "@/lib/storage";

/**
 * Frees what an abandoned upload holds in the object store: its open multipart upload (parts
 * cost storage until aborted) and any object already written under its key (a finished single
 * PUT that was never completed). Only for versions that never became a master. Best effort:
 * the version is ABANDONED already; a bucket lifecycle rule (AbortIncompleteMultipartUpload,
 * see docs/ingest.md) is the backstop. Returns whether everything was released.
 */
export async function releaseUploadStorage(
  storage: Storage,
  version: Pick<Version, "storageKey" | "multipartUploadId">,
): Promise<boolean> {
  let isReleased = true;
  if (version.multipartUploadId) {
    await storage.abortMultipartUpload(version.storageKey, version.multipartUploadId).catch((err: unknown) => {
      console.warn(`[uploads] could not abort multipart upload of ${version.storageKey}:`, err);
      isReleased = false;
    });
  }
  await storage.delete(version.storageKey).catch((err: unknown) => {
    console.warn(`[uploads] could not delete ${version.storageKey}:`, err);
    isReleased = false;
  });
  return isReleased;
}
