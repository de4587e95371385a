import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { conflict } from "@/lib/errors";
import type { Storage } from "@/lib/storage";
import { toVersionStatus, type VersionStatus } from "@/lib/versions/version-status";
import { getOwnUploadOrThrow } from "./get-own-upload-or-throw";
import { releaseUploadStorage } from "./release-upload-storage";

/**
 * Cancels an upload: AWAITING_UPLOAD -> ABANDONED (guarded, audited), then aborts the
 * multipart upload and removes any partial object. The decision is the database row, so a
 * completion racing with it either wins (and the abort answers 409) or finds it ABANDONED.
 * Aborting twice answers the same. Throws `conflict` once the upload was completed.
 */
export async function abortUpload(
  db: DbOrTx,
  storage: Storage,
  params: { versionId: string; actor: Actor },
): Promise<VersionStatus> {
  const { version, projectId } = await getOwnUploadOrThrow(db, params);
  if (version.processingState === "ABANDONED") return toVersionStatus(version);
  if (version.processingState !== "AWAITING_UPLOAD") throw conflict("This upload is complete and cannot be cancelled.");

  const abandoned = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(versions)
      .set({ processingState: "ABANDONED" })
      .where(and(eq(versions.id, version.id), eq(versions.processingState, "AWAITING_UPLOAD")))
      .returning();
    if (!row) throw conflict("This upload was completed or cancelled meanwhile.");
    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "version.upload_aborted",
      entityType: "version",
      entityId: row.id,
      projectId,
      data: { assetId: row.assetId, fileName: row.originalFileName },
    });
    return row;
  });
  await releaseUploadStorage(storage, version);
  return toVersionStatus(abandoned);
}
