import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Storage } from "@/lib/storage";
import { getOwnUploadOrThrow, requireOpenMultipart } from "./get-own-upload-or-throw";
import type { PresignedParts } from "./upload-answers.types";
import { uploadKeyOf } from "./upload-key";
import { expectedPartBytes, MAX_PARTS_PER_REQUEST, storedPartPlan, type UploadLimits } from "./upload-policy";

/** The request body of `POST /api/versions/:versionId/parts` (parsed by the route). */
export const presignPartsBody = z
  .object({
    partNumbers: z
      .array(z.number().int("part numbers are whole numbers").min(1, "part numbers start at 1"))
      .min(1, "ask for at least one part")
      .max(MAX_PARTS_PER_REQUEST, `ask for at most ${MAX_PARTS_PER_REQUEST} parts per request`)
      .refine((ns) => new Set(ns).size === ns.length, "part numbers must not repeat"),
  })
  .strict();

export type PresignPartsBody = z.output<typeof presignPartsBody>;

export type { PresignedParts } from "./upload-answers.types";

/**
 * Presigned PUT URLs for some parts of a multipart upload (batches of at most 100; the browser
 * asks again as it goes, so no URL waits long enough to expire on a slow link).
 * Each URL signs its part's exact length (the part size, the rest for the last part).
 * Throws `validation_failed` for part numbers beyond the upload's part count, `conflict` (409)
 * when the upload is no longer open (completed, abandoned) or is a single PUT.
 */
export async function presignUploadParts(
  db: DbOrTx,
  storage: Storage,
  params: PresignPartsBody & { versionId: string; actor: Actor; limits: UploadLimits },
): Promise<PresignedParts> {
  const { partNumbers } = params;
  const { version } = await getOwnUploadOrThrow(db, params);
  const { uploadId } = requireOpenMultipart(version);
  // The plan the upload started with, not the current settings (they may have changed since).
  const { partCount, partSize } = storedPartPlan(version, params.limits);
  const wrong = partNumbers.find((n) => n > partCount);
  if (wrong !== undefined) {
    throw new AppError("validation_failed", `partNumbers: part ${wrong} is beyond this upload's ${partCount} parts`, {
      field: "partNumbers",
    });
  }
  const expiresAt = new Date(Date.now() + params.limits.urlTtlSeconds * 1000).toISOString();
  const parts = await Promise.all(
    partNumbers.map(async (partNumber): Promise<PresignedParts["parts"][number]> => ({
      partNumber,
      url: await storage.presignUploadPart(uploadKeyOf(version), uploadId, {
        partNumber,
        contentLength: expectedPartBytes(version.sizeBytes, partSize, partNumber),
        expiresIn: params.limits.urlTtlSeconds,
      }),
    })),
  );
  return { parts, expiresAt };
}
