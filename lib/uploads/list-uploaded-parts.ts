import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { Storage } from "@/lib/storage";
import { getOwnUploadOrThrow, requireOpenMultipart } from "./get-own-upload-or-throw";
import type { UploadedParts } from "./upload-answers.types";
import { uploadKeyOf } from "./upload-key";
import { storedPartPlan, type UploadLimits } from "./upload-policy";

export type { UploadedParts } from "./upload-answers.types";

/**
 * What the object store already holds of a multipart upload, so a browser that reloaded can
 * skip those parts. The store is the truth here; the database records no parts.
 */
export async function listUploadedParts(
  db: DbOrTx,
  storage: Storage,
  params: { versionId: string; actor: Actor; limits: UploadLimits },
): Promise<UploadedParts> {
  const { version } = await getOwnUploadOrThrow(db, params);
  const { uploadId } = requireOpenMultipart(version);
  const { partSize, partCount } = storedPartPlan(version, params.limits);
  const parts = await storage.listParts(uploadKeyOf(version), uploadId);
  return {
    versionId: version.id,
    size: version.sizeBytes,
    partSize,
    partCount,
    parts: parts.map((p): UploadedParts["parts"][number] => ({
      partNumber: p.partNumber,
      etag: p.etag,
      size: p.size,
      lastModified: p.lastModified?.toISOString(),
    })),
  };
}
