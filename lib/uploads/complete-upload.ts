import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, versions, type Version } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, conflict } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { Storage } from "@/lib/storage";
import { toVersionStatus, versionStatusUrl, type VersionStatus } from "@/lib/versions/version-status";
import { getOwnUploadOrThrow } from "./get-own-upload-or-throw";
import { uploadKeyOf } from "./upload-key";
import { expectedPartBytes, formatBytes, sha256Schema, storedPartPlan, type UploadLimits } from "./upload-policy";

/** The request body of `POST /api/versions/:versionId/complete` (parsed by the route). */
export const completeUploadBody = z.object({ sha256: sha256Schema.optional() }).strict();
export type CompleteUploadBody = z.output<typeof completeUploadBody>;

export type CompletedUpload = {
  version: VersionStatus;
  statusUrl: string;
  /** True when an earlier call had completed it; the answer is otherwise the same. */
  alreadyCompleted: boolean;
};

/**
 * Finishes an upload (the last step of the upload protocol, docs/ingest.md):
 * 1. the bytes: for multipart, list the parts at the staging key, check they are 1..N and add up
 *    to the declared size and the planned part size, complete with their ETags;
 * 2. holding the version row (FOR UPDATE) and only while it is still AWAITING_UPLOAD: copy the
 *    staging object server-side to the master key, which no presigned URL ever named, and check
 *    the master's size. The lock makes a copy after the version left AWAITING_UPLOAD impossible,
 *    so a URL re-used later can only write the staging key, which nothing reads;
 * 3. in one transaction: lock the version row, then the asset row (concurrent completions on one asset queue here
 *    and get consecutive numbers), assign the next number, record the declared SHA-256 and the
 *    master's ETag, move AWAITING_UPLOAD -> PENDING with a guarded UPDATE, audit, and queue
 *    `process-version`;
 * 4. delete the staging object (best effort; the hourly staging sweep catches what is left).
 * Versions created before migration 0008 (no staging key) were uploaded to the master key
 * itself: step 2 is skipped for them.
 *
 * Idempotent: a version already past AWAITING_UPLOAD answers the same and changes nothing (and
 * touches no object). Throws `validation_failed` (422) when a part does not hold the planned
 * part size (every part but the last must; the version stays unchanged and the part can be sent
 * again). Throws `conflict` (409) when the object is missing, incomplete or the wrong size (the
 * version stays AWAITING_UPLOAD, unchanged, and the upload can still be fixed), when it was
 * abandoned, or when a different SHA-256 was declared before. Pass a transaction as `db` and the
 * whole database part joins it (the tests roll it back).
 */
export async function completeUpload(
  db: DbOrTx,
  storage: Storage,
  params: CompleteUploadBody & { versionId: string; actor: Actor; limits: Pick<UploadLimits, "partBytes"> },
): Promise<CompletedUpload> {
  const { sha256 } = params;
  const { version, projectId } = await getOwnUploadOrThrow(db, params);
  if (version.processingState !== "AWAITING_UPLOAD") return answerRepeat(version, sha256);
  assertSameSha256(version, sha256);

  await completeMultipartIfNeeded(storage, version, params.limits);
  const repeat = version.stagingKey ? await copyStagingToMasterOrThrow(db, storage, version, sha256) : null;
  if (repeat) return repeat;

  const completed = await db.transaction(async (tx) => {
    // Lock order everywhere: version, then asset. A version's state change updates its asset's
    // summary row by trigger (migration 0021), so the worker's claim, READY, ERROR and decisions
    // take the version and then the asset; taking the asset first here deadlocked a repeated
    // completion against the worker claiming the version the first one had just queued.
    const [current] = await tx.select().from(versions).where(eq(versions.id, version.id)).for("update");
    if (!current) throw new AppError("not_found", "Version not found");
    if (current.processingState !== "AWAITING_UPLOAD") return answerRepeat(current, sha256);
    // Completions of other versions of this asset queue here: the number below is max + 1.
    await tx.select({ id: assets.id }).from(assets).where(eq(assets.id, version.assetId)).for("update");
    assertSameSha256(current, sha256);
    // Read under the lock: no completion can copy to the master while we hold it.
    const etag = await headMasterOrThrow(storage, current);

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
        // The master's ETag at completion: a later overwrite of the key would change it.
        etag,
      },
    });
    await enqueueJob(tx, "process-version", { versionId: updated.id });
    await appendEvent(tx, {
      type: "version.uploaded",
      projectId,
      actorId: params.actor.id,
      versionId: updated.id,
      payload: { number: next!.number, fileName: updated.originalFileName, sizeBytes: updated.sizeBytes },
    });
    return { version: toVersionStatus(updated), statusUrl: versionStatusUrl(updated.id), alreadyCompleted: false };
  });

  if (!completed.alreadyCompleted && version.stagingKey) {
    const key = version.stagingKey;
    await storage.delete(key).catch((err: unknown) => console.warn(`[uploads] could not delete the staging object ${key}:`, err));
  }
  return completed;
}

function answerRepeat(version: Version, sha256: string | undefined): CompletedUpload {
  if (version.processingState === "ABANDONED") throw conflict("This upload was abandoned; start a new one.");
  if (version.processingState === "AWAITING_UPLOAD") throw conflict("This upload is not complete.");
  assertSameSha256(version, sha256);
  return { version: toVersionStatus(version), statusUrl: versionStatusUrl(version.id), alreadyCompleted: true };
}

function assertSameSha256(version: Version, sha256: string | undefined) {
  if (sha256 && version.sha256Declared && sha256 !== version.sha256Declared) {
    throw conflict("sha256: a different SHA-256 was declared for this upload before.");
  }
}

/**
 * Completes the multipart upload at the upload key (staging, or the master for a row from before
 * migration 0008) unless its object is there already. Safe to repeat: when a previous call (or a
 * concurrent one) completed it — the upload id is then gone — the object, or the master it was
 * copied to, is found and we stop there. Size checks of the result are the caller's.
 */
async function completeMultipartIfNeeded(storage: Storage, version: Version, limits: Pick<UploadLimits, "partBytes">) {
  const uploadId = version.multipartUploadId;
  if (!uploadId) return;
  const key = uploadKeyOf(version);
  const declared = version.sizeBytes;
  const isAssembled = async () =>
    (await storage.head(key))?.size === declared || (key !== version.storageKey && (await storage.head(version.storageKey))?.size === declared);
  if (await isAssembled()) return;

  let parts;
  try {
    parts = await storage.listParts(key, uploadId);
  } catch (err) {
    if (await isAssembled()) return;
    throw err;
  }
  assertPartsCoverDeclaredSize(parts, declared);
  assertPartSizesMatchPlan(parts, declared, storedPartPlan(version, limits).partSize);
  try {
    await storage.completeMultipartUpload(key, uploadId, parts);
  } catch (err) {
    if (await isAssembled()) return;
    throw err;
  }
}

/** User metadata on a master: the ETag of the staging object it was copied from. */
const COPIED_FROM_ETAG = "axiom-staging-etag";

/**
 * Copies the staging object to the master key (step 2 above) while holding the version row, and
 * only if the version is still AWAITING_UPLOAD; otherwise answers like a repeated completion.
 * The copy is pinned to the staging object's ETag where the store checks it, and the master
 * remembers that ETag: a second completion (a browser retrying a completion that is slow because
 * of a large copy) that finds the master copied from the same staging object copies nothing. When
 * the staging object is gone, an earlier completion already copied it (and its database part did
 * not commit): the master is checked instead. Throws `conflict` when neither holds the declared size.
 */
async function copyStagingToMasterOrThrow(
  db: DbOrTx,
  storage: Storage,
  version: Version,
  sha256: string | undefined,
): Promise<CompletedUpload | null> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(versions).where(eq(versions.id, version.id)).for("update");
    if (!current) throw new AppError("not_found", "Version not found");
    if (current.processingState !== "AWAITING_UPLOAD") return answerRepeat(current, sha256);
    const staged = await storage.head(current.stagingKey!);
    if (staged) {
      assertDeclaredSize(staged.size, current.sizeBytes);
      const master = await storage.head(current.storageKey);
      const isCopied = master?.size === current.sizeBytes && staged.etag !== undefined && master.metadata?.[COPIED_FROM_ETAG] === staged.etag;
      if (!isCopied) {
        await storage.copy(current.stagingKey!, current.storageKey, {
          size: current.sizeBytes,
          contentType: current.contentType,
          sourceEtag: staged.etag,
          metadata: staged.etag ? { [COPIED_FROM_ETAG]: staged.etag } : undefined,
        });
      }
    }
    await headMasterOrThrow(storage, current);
    return null;
  });
}

/** The master's ETag; `conflict` when it is missing or not the declared size. */
async function headMasterOrThrow(storage: Storage, version: Version): Promise<string | undefined> {
  const head = await storage.head(version.storageKey);
  if (!head) throw conflict("The file has not been uploaded yet (no object in storage).");
  assertDeclaredSize(head.size, version.sizeBytes);
  return head.etag;
}

function assertDeclaredSize(size: number, declared: number) {
  if (size !== declared) throw conflict(`The uploaded file has ${size} bytes but ${declared} were declared.`);
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
