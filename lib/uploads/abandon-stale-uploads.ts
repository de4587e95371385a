import { and, asc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions, type Version } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Storage } from "@/lib/storage";
import { releaseUploadStorage } from "./release-upload-storage";

export type AbandonStaleUploadsResult = {
  /** Versions moved AWAITING_UPLOAD -> ABANDONED by this run. */
  abandoned: string[];
  /** Old uploads left alone because a part arrived after `olderThan` (a slow, live upload). */
  stillActive: string[];
  /** Abandoned versions whose multipart upload or object could not be released (retried by the bucket lifecycle rule). */
  storageNotReleased: string[];
};

/**
 * The sweeper behind the periodic `abandon-stale-uploads` task: uploads started before
 * `olderThan` and never completed become ABANDONED (guarded UPDATE + audit event by the system,
 * one transaction each), then their multipart upload is aborted. A multipart upload that
 * received a part after `olderThan` is still being sent (a 200 GB master over a slow link)
 * and is spared. At most `limit` per run; the next run takes the rest.
 */
export async function abandonStaleUploads(
  db: DbOrTx,
  storage: Storage,
  params: { olderThan: Date; limit?: number },
): Promise<AbandonStaleUploadsResult> {
  const candidates = await db
    .select({ version: versions, projectId: assets.projectId })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(and(eq(versions.processingState, "AWAITING_UPLOAD"), lt(versions.createdAt, params.olderThan)))
    .orderBy(asc(versions.createdAt))
    .limit(params.limit ?? 100);

  const result: AbandonStaleUploadsResult = { abandoned: [], stillActive: [], storageNotReleased: [] };
  for (const { version, projectId } of candidates) {
    if (await hasRecentPart(storage, version, params.olderThan)) {
      result.stillActive.push(version.id);
      continue;
    }
    const isAbandoned = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(versions)
        .set({ processingState: "ABANDONED" })
        .where(and(eq(versions.id, version.id), eq(versions.processingState, "AWAITING_UPLOAD")))
        .returning({ id: versions.id });
      if (!row) return false; // completed or cancelled since we looked
      await recordAuditEvent(tx, {
        actorId: null,
        action: "version.upload_abandoned",
        entityType: "version",
        entityId: version.id,
        projectId,
        data: { assetId: version.assetId, fileName: version.originalFileName, startedAt: version.createdAt.toISOString() },
      });
      return true;
    });
    if (!isAbandoned) continue;
    result.abandoned.push(version.id);
    if (!(await releaseUploadStorage(storage, version))) result.storageNotReleased.push(version.id);
  }
  return result;
}

async function hasRecentPart(storage: Storage, version: Version, olderThan: Date): Promise<boolean> {
  if (!version.multipartUploadId) return false;
  try {
    const parts = await storage.listParts(version.storageKey, version.multipartUploadId);
    return parts.some((p) => p.lastModified !== undefined && p.lastModified >= olderThan);
  } catch {
    return false; // no such upload any more: nothing alive to wait for
  }
}
