import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions, type Version } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";

export type OwnUpload = { version: Version; projectId: string };

/**
 * The version an actor is uploading. Only the uploader (or an admin) may hand out part URLs,
 * complete or abort it: anyone else gets `forbidden` (403). The route already checked that the
 * caller is a producer of the project, where versions are visible anyway, so the 403 reveals
 * nothing a 404 would hide. Pass `forUpdate` inside a transaction to lock the row.
 */
export async function getOwnUploadOrThrow(
  db: DbOrTx,
  params: { versionId: string; actor: Actor; forUpdate?: boolean },
): Promise<OwnUpload> {
  const query = db
    .select({ version: versions, projectId: assets.projectId })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(eq(versions.id, params.versionId));
  const [row] = params.forUpdate ? await query.for("update", { of: versions }) : await query;
  if (!row) throw notFound("Version not found");
  if (row.version.uploadedBy !== params.actor.id && !params.actor.isAdmin) {
    throw new AppError("forbidden", "Only the person who started this upload (or an admin) can continue it.");
  }
  return row;
}

function requireOpen(version: Version): void {
  if (version.processingState !== "AWAITING_UPLOAD") {
    throw new AppError("conflict", `This upload is no longer open (state ${version.processingState}).`);
  }
}

/** The multipart upload of a version still AWAITING_UPLOAD, or a 409 saying why not. */
export function requireOpenMultipart(version: Version): { uploadId: string } {
  requireOpen(version);
  if (!version.multipartUploadId) throw new AppError("conflict", "This upload is a single PUT, not a multipart upload.");
  return { uploadId: version.multipartUploadId };
}

/** A version still AWAITING_UPLOAD with a single PUT, or a 409 saying why not. */
export function requireOpenSinglePut(version: Version): void {
  requireOpen(version);
  if (version.multipartUploadId) throw new AppError("conflict", "This is a multipart upload: ask for part URLs instead.");
}
