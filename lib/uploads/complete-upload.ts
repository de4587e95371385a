import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, versions, type Version } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, conflict } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { Storage } from "@/lib/storage";
import { toVersionStatus, type VersionStatus } from "@/lib/versions/version-status";
import { getOwnUploadOrThrow } from "./get-own-upload-or-throw";
import { expectedPartBytes, formatBytes, sha256Schema, storedPartPlan, type UploadLimits } from "./upload-policy";

export const completeUploadBody = z.object({ sha256: sha256Schema.optional() }).strict();

export type CompletedUpload = {
  version: VersionStatus;
  statusUrl: string;
  /** True when an earlier call had completed it; the answer is otherwise the same. */
  alreadyCompleted: boolean;
};

/**
 * Finishes an upload (design notes §4, step 3):
 * 1. the bytes: for multipart, list the parts, check they are 1..N and add up to the declared
 *    size, complete with their ETags; then HEAD the object — it must exist with the declared size;
 * 2. in one transaction: lock the asset row (concurrent completions on one asset queue here
 *    and get consecutive numbers), assign the next number, record the declared SHA-256, move
 *    AWAITING_UPLOAD -> PENDING with a guarded UPDATE, audit, and queue `process-version`.
 *
 * Idempotent: a version already past AWAITING_UPLOAD answers the same and changes nothing.
 * Throws `validation_failed` (422) when a part does not hold the planned part size (every part
 * but the last must; the version stays unchanged and the part can be sent again).
 * Throws `conflict` (409) when the object is missing, incomplete or the wrong size (the version
 * stays AWAITING_UPLOAD, unchanged, and the upload can still be fixed), when it was abandoned,
 * or when a different SHA-256 was declared before. Pass a transaction as `db` and the whole
 * database part joins it (the tests roll it back).
 */
export async function completeUpload(
  db: DbOrTx,
  storage: Storage,
  params: { versionId: string; actor: Actor; sha256?: string; limits: Pick<UploadLimits, "partBytes"> },
): Promise<CompletedUpload> {
  const { sha256 } = completeUploadBody.parse({ sha256: params.sha256 });
  const { version, projectId } = await getOwnUploadOrThrow(db, params);
  if (version.processingState !== "AWAITING_UPLOAD") return answerRepeat(version, sha256);
  assertSameSha256(version, sha256);

  const etag = await assembleMasterOrThrow(storage, version, params.limits);

  return db.transaction(async (tx) => {
    // Lock order everywhere: asset, then version.
    await tx.select({ id: assets.id }).from(assets).where(eq(assets.id, version.assetId)).for("update");
    const [current] = await tx.select().from(versions).where(eq(versions.id, version.id)).for("update");
    if (!current) throw new AppError("not_found", "Version not found");
    if (current.processingState !== "AWAITING_UPLOAD") return answerRepeat(current, sha256);
    assertSameSha256(current, sha256);

    const [next] = await tx
      .select({ number: sql<number>`coalesce(max(${versions.number}), 0)::int + 1` })
      .from(versions)
      .where(eq(versions.assetId, current.assetId));
    const [updated] = await tx
      .update(versions)
      .set({
        processingState: "PENDING",
        number: next!.number,
        sha256Declared: current.sha256Declared ?? sha256 ?? null,
        multipartUploadId: null,
        uploadedAt: sql`now()`,
      })
      .where(and(eq(versions.id, current.id), eq(versions.processingState, "AWAITING_UPLOAD")))
      .returning();
    // Unreachable while we hold the row lock; kept so a changed lock order fails loudly.
    if (!updated) throw conflict("The upload changed state while completing; try again.");

    await recordAuditEvent(tx, {
      actorId: params.actor.id,
      action: "version.uploaded",
      entityType: "version",
      entityId: updated.id,
      projectId,
      data: {
        assetId: updated.assetId,
        number: updated.number,
        size: updated.sizeBytes,
        sha256Declared: updated.sha256Declared,
        // The store's ETag at completion: a later overwrite of the key would change it.
        etag,
      },
    });
    await enqueueJob(tx, "process-version", { versionId: updated.id });
    return { version: toVersionStatus(updated), statusUrl: statusUrlOf(updated.id), alreadyCompleted: false };
  });
}

export const statusUrlOf = (versionId: string) => `/api/versions/${versionId}`;

function answerRepeat(version: Version, sha256: string | undefined): CompletedUpload {
  if (version.processingState === "ABANDONED") throw conflict("This upload was abandoned; start a new one.");
  if (version.processingState === "AWAITING_UPLOAD") throw conflict("This upload is not complete.");
  assertSameSha256(version, sha256);
  return { version: toVersionStatus(version), statusUrl: statusUrlOf(version.id), alreadyCompleted: true };
}

function assertSameSha256(version: Version, sha256: string | undefined) {
  if (sha256 && version.sha256Declared && sha256 !== version.sha256Declared) {
    throw conflict("sha256: a different SHA-256 was declared for this upload before.");
  }
}

/**
 * Makes sure the master object exists with the declared size, completing the multipart upload
 * when needed. Returns the object's ETag. Safe to repeat: when a previous call (or a concurrent
 * one) completed the multipart upload already, the HEAD finds the object and we stop there.
 */
async function assembleMasterOrThrow(
  storage: Storage,
  version: Version,
  limits: Pick<UploadLimits, "partBytes">,
): Promise<string | undefined> {
  const key = version.storageKey;
  const declared = version.sizeBytes;
  let head = await storage.head(key);

  if ((!head || head.size !== declared) && version.multipartUploadId) {
    const uploadId = version.multipartUploadId;
    let parts;
    try {
      parts = await storage.listParts(key, uploadId);
    } catch (err) {
      // The upload id is gone once completed: a concurrent completion may have won.
      head = await storage.head(key);
      if (head?.size === declared) return head.etag;
      throw err;
    }
    assertPartsCoverDeclaredSize(parts, declared);
    assertPartSizesMatchPlan(parts, declared, storedPartPlan(version, limits).partSize);
    try {
      await storage.completeMultipartUpload(key, uploadId, parts);
    } catch (err) {
      head = await storage.head(key);
      if (head?.size === declared) return head.etag;
      throw err;
    }
    head = await storage.head(key);
  }

  if (!head) throw conflict("The file has not been uploaded yet (no object in storage).");
  if (head.size !== declared) {
    throw conflict(`The uploaded file has ${head.size} bytes but ${declared} were declared.`);
  }
  return head.etag;
}

function assertPartsCoverDeclaredSize(parts: { partNumber: number; size: number }[], declared: number) {
  if (parts.length === 0) throw conflict("No parts have been uploaded yet.");
  const missing = parts.findIndex((p, i) => p.partNumber !== i + 1);
  if (missing !== -1) throw conflict(`Part ${missing + 1} is missing.`);
  const total = parts.reduce((sum, p) => sum + p.size, 0);
  if (total !== declared) {
    throw conflict(`The ${parts.length} uploaded parts hold ${total} bytes but ${declared} were declared.`);
  }
}

/**
 * Every part but the last must hold exactly the part size the upload was planned with (the last
 * holds the rest). Checked here because the store would otherwise refuse the completion with
 * `EntityTooSmall` (a short part below 5 MiB) — a client error that must not look like a storage
 * outage — or, worse, accept parts whose boundaries differ from the plan (`storedPartPlan`).
 * Throws `validation_failed` (422); nothing is written, the upload stays open to be fixed.
 */
function assertPartSizesMatchPlan(parts: { partNumber: number; size: number }[], declared: number, partSize: number) {
  for (const part of parts) {
    const expected = expectedPartBytes(declared, partSize, part.partNumber);
    if (part.size !== expected) {
      throw new AppError(
        "validation_failed",
        `Part ${part.partNumber} holds ${part.size} bytes but must hold ${expected} (${formatBytes(partSize)} per part, the last part the rest). Send that part again with the right bytes, then complete.`,
        { field: "parts" },
      );
    }
  }
}
