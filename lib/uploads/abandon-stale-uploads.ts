import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions, type Version } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Storage } from "@/lib/storage";
import { releaseUploadStorage } from "./release-upload-storage";
import { uploadKeyOf } from "./upload-key";

export type AbandonStaleUploadsResult = {
  /** Versions moved AWAITING_UPLOAD -> ABANDONED by this run. */
  abandoned: string[];
  /** Old uploads left alone because a part arrived after `olderThan` (a slow, live upload). */
  stillActive: string[];
  /** Old uploads left alone because the store could not say whether they are alive; the next run asks again. */
  storageUnreachable: string[];
  /** Abandoned versions whose multipart upload or object could not be released (retried by the bucket lifecycle rule). */
  storageNotReleased: string[];
};

/**
 * Candidates are read in pages of this many, oldest first, with a (created_at, id) cursor, so a
 * run always reaches every stale upload: a page full of slow-but-alive uploads cannot hide the
 * ones behind it. Each page is one short query; the per-upload work is one ListParts call.
 */
const DEFAULT_PAGE_SIZE = 100;

/**
 * The sweeper behind the periodic `abandon-stale-uploads` task: uploads started before
 * `olderThan` and never completed become ABANDONED (guarded UPDATE + audit event by the system,
 * one transaction each), then their multipart upload is aborted. A multipart upload that
 * received a part after `olderThan` is still being sent (a 200 GB master over a slow link)
 * and is spared; so is one whose parts the store cannot list right now (an outage of the store
 * must not abandon live uploads). Pages through every candidate.
 */
export async function abandonStaleUploads(
  db: DbOrTx,
  storage: Storage,
  params: { olderThan: Date; pageSize?: number; log?: (message: string, data: Record<string, unknown>) => void },
): Promise<AbandonStaleUploadsResult> {
  const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
  const log = params.log ?? ((message, data) => console.warn(`[uploads] ${message}`, data));
  const result: AbandonStaleUploadsResult = { abandoned: [], stillActive: [], storageUnreachable: [], storageNotReleased: [] };
  let afterId: string | null = null; // cursor: the last version of the previous page

  for (;;) {
    const page: { version: Version; projectId: string }[] = await db
      .select({ version: versions, projectId: assets.projectId })
      .from(versions)
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .where(
        and(
          eq(versions.processingState, "AWAITING_UPLOAD"),
          lt(versions.createdAt, params.olderThan),
          // Row comparison against the stored row: exact to the microsecond (a JS Date is not).
          afterId
            ? sql`(${versions.createdAt}, ${versions.id}) > (select v.created_at, v.id from versions v where v.id = ${afterId})`
            : undefined,
        ),
      )
      .orderBy(asc(versions.createdAt), asc(versions.id))
      .limit(pageSize);

    for (const { version, projectId } of page) {
      const liveness = await checkLiveness(storage, version, params.olderThan);
      if (liveness === "active") {
        result.stillActive.push(version.id);
        continue;
      }
      if (liveness === "unknown") {
        result.storageUnreachable.push(version.id);
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

    if (page.length < pageSize) break;
    afterId = page[page.length - 1]!.version.id;
  }

  if (result.storageUnreachable.length) {
    log("abandon-stale-uploads: object storage unreachable, uploads kept for the next run", { versionIds: result.storageUnreachable });
  }
  return result;

  async function checkLiveness(storage: Storage, version: Version, olderThan: Date): Promise<"active" | "stale" | "unknown"> {
    if (!version.multipartUploadId) return "stale"; // a single PUT leaves no trace of progress
    try {
      const parts = await storage.listPartsOrNull(uploadKeyOf(version), version.multipartUploadId);
      if (parts === null) return "stale"; // no such upload any more: nothing alive to wait for
      return parts.some((p) => p.lastModified !== undefined && p.lastModified >= olderThan) ? "active" : "stale";
    } catch (err) {
      log("abandon-stale-uploads: could not list parts", { versionId: version.id, error: err instanceof Error ? err.message : String(err) });
      return "unknown";
    }
  }
}
