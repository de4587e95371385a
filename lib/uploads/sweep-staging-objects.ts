import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { STAGING_PREFIX, type Storage } from "@/lib/storage";

export type SweepStagingObjectsResult = {
  /** Staging objects removed: their version was completed or abandoned. */
  deleted: string[];
  /** Staging objects of no version in this database, left alone (see below). */
  unknown: number;
  /** Staging objects that should go but could not be deleted (the next run tries again). */
  notDeleted: string[];
};

/**
 * Removes staging objects nothing will ever read (docs/ingest.md, "Staging and master keys"):
 * those of versions past AWAITING_UPLOAD — left by a failed delete at completion, or written
 * again by a presigned URL re-used after completion — and of ABANDONED versions. A version still
 * AWAITING_UPLOAD keeps its object: that is an upload in flight, and `abandonStaleUploads` decides
 * when it is dead. Objects of no version are left alone: versions are never deleted, so such an
 * object belongs to another database sharing the bucket (the tests' one s3rver); the bucket's
 * lifecycle rule on `staging/` expires them. Safe against a racing completion: completion
 * reads the staging object only while the version is AWAITING_UPLOAD, which this never deletes.
 * Lists `staging/` a page (≤ 1000 keys, one query) at a time; the prefix only ever holds uploads
 * in flight and leftovers, so a run is short.
 */
export async function sweepStagingObjects(
  db: DbOrTx,
  storage: Pick<Storage, "listObjects" | "delete">,
  params: { log?: (message: string, data: Record<string, unknown>) => void } = {},
): Promise<SweepStagingObjectsResult> {
  const log = params.log ?? ((message, data) => console.warn(`[uploads] ${message}`, data));
  const result: SweepStagingObjectsResult = { deleted: [], notDeleted: [], unknown: 0 };
  for await (const page of storage.listObjects(STAGING_PREFIX)) {
    if (page.length === 0) continue;
    const keys = page.map((o) => o.key);
    const rows = await db
      .select({ stagingKey: versions.stagingKey, state: versions.processingState })
      .from(versions)
      .where(inArray(versions.stagingKey, keys));
    const finished = new Set(rows.filter((r) => r.state !== "AWAITING_UPLOAD").map((r) => r.stagingKey));
    result.unknown += keys.length - rows.length;
    for (const key of keys) {
      if (!finished.has(key)) continue;
      try {
        await storage.delete(key);
        result.deleted.push(key);
      } catch (err) {
        result.notDeleted.push(key);
        log("sweep-staging-objects: could not delete", { key, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return result;
}
