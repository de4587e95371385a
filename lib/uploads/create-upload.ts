import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, type MemberRole, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { type Actor, can, describePermission } from "@/lib/auth/permissions";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { masterKey, stagingKey, type Storage } from "@/lib/storage";
import { versionStatusUrl } from "@/lib/versions/version-status";
import {
  assertAcceptableSize,
  assetNameSchema,
  fileNameSchema,
  MAX_PARTS_PER_REQUEST,
  planUpload,
  resolveContentType,
  sha256Schema,
  type UploadLimits,
} from "./upload-policy";
import type { CreatedUpload } from "./upload-answers.types";

/** The request body of `POST /api/projects/:projectId/uploads` (parsed by the route). */
export const createUploadBody = z
  .object({
    assetId: z.string().uuid().optional(),
    assetName: assetNameSchema.optional(),
    fileName: fileNameSchema,
    // Sizes and types are checked after parsing so each gets its own status (422/413/415).
    size: z.number().int("size must be a whole number of bytes").nonnegative("size must not be negative"),
    contentType: z.string().max(255).default(""),
    sha256: sha256Schema.optional(),
    // Jump the processing queue (docs/processing.md, "Queue order"); needs `version.prioritize`.
    urgent: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.assetId === undefined) !== (b.assetName === undefined), {
    message: "give either assetId (new version of an asset) or assetName (new asset), not both",
    path: ["assetId"],
  });
/** What a client sends, before parsing (defaults not applied yet). */
export type CreateUploadRequest = z.input<typeof createUploadBody>;
export type CreateUploadBody = z.output<typeof createUploadBody>;

/**
 * `urgent` at upload asks for more than `asset.upload`: the edges call this with the caller's role in
 * the project before `createUpload`. Throws `forbidden` without `version.prioritize`.
 */
export function assertMayMarkUrgent(body: Pick<CreateUploadBody, "urgent">, actor: Actor, role: MemberRole | null): void {
  if (body.urgent && !can(actor, role, "version.prioritize")) throw forbidden(describePermission("version.prioritize"));
}

export type CreateUploadParams = CreateUploadBody & {
  projectId: string;
  actor: Actor;
  limits: UploadLimits;
};

export type { CreatedUpload } from "./upload-answers.types";

/**
 * Starts an upload: checks the file, finds or creates the asset, creates the version in
 * AWAITING_UPLOAD with keys the server chooses — the bytes go to `staging/<project>/<version>`,
 * completion copies them to the master `masters/<project>/<version>`, which no URL ever names —
 * and returns how the browser sends the bytes. Nothing is written when any check fails; when the database
 * insert fails after a multipart upload was opened, the multipart upload is aborted.
 *
 * Throws `validation_failed` (422), `payload_too_large` (413), `unsupported_media_type` (415),
 * `not_found` (asset not in this project).
 */
export async function createUpload(db: DbOrTx, storage: Storage, params: CreateUploadParams): Promise<CreatedUpload> {
  const { projectId, actor, limits, ...body } = params;
  assertAcceptableSize(body.size, limits);
  const contentType = resolveContentType(body.fileName, body.contentType);
  const plan = planUpload(body.size, limits);

  // The asset must be this project's (another project's asset id answers 404, like a made-up one).
  if (body.assetId) {
    const [asset] = await db
      .select({ id: assets.id })
      .from(assets)
      .where(and(eq(assets.id, body.assetId), eq(assets.projectId, projectId)));
    if (!asset) throw notFound("Asset not found");
  }

  const versionId = randomUUID();
  const key = masterKey(projectId, versionId);
  const uploadKey = stagingKey(projectId, versionId);
  const expiresAt = new Date(Date.now() + limits.urlTtlSeconds * 1000).toISOString();
  const multipartUploadId = plan.mode === "multipart" ? await storage.createMultipartUpload(uploadKey, contentType) : null;

  let assetId: string;
  try {
    assetId = await db.transaction(async (tx) => {
      const asset = body.assetId ? { id: body.assetId, created: false } : await findOrCreateAsset(tx, projectId, body.assetName!, actor.id);
      await tx.insert(versions).values({
        id: versionId,
        assetId: asset.id,
        originalFileName: body.fileName,
        sizeBytes: body.size,
        contentType,
        sha256Declared: body.sha256 ?? null,
        storageKey: key,
        stagingKey: uploadKey,
        multipartUploadId,
        uploadPartBytes: plan.mode === "multipart" ? plan.partSize : null,
        uploadedBy: actor.id,
        isUrgent: body.urgent === true,
      });
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: "version.upload_started",
        entityType: "version",
        entityId: versionId,
        projectId,
        data: {
          assetId: asset.id,
          assetCreated: asset.created,
          fileName: body.fileName,
          size: body.size,
          contentType,
          mode: plan.mode,
          ...(body.urgent ? { isUrgent: true } : {}),
        },
      });
      return asset.id;
    });
  } catch (err) {
    if (multipartUploadId) await storage.abortMultipartUpload(uploadKey, multipartUploadId).catch(() => {});
    throw err;
  }

  const common = { versionId, assetId, statusUrl: versionStatusUrl(versionId), expiresAt };
  if (plan.mode === "single") {
    const url = await storage.presignPut(uploadKey, { contentType, contentLength: body.size, expiresIn: limits.urlTtlSeconds });
    return { ...common, mode: "single", url, headers: { "Content-Type": contentType } };
  }
  return { ...common, mode: "multipart", partSize: plan.partSize, partCount: plan.partCount, maxPartsPerRequest: MAX_PARTS_PER_REQUEST };
}

/** Uploading a file under an existing asset name adds a version to that asset. */
async function findOrCreateAsset(tx: DbOrTx, projectId: string, name: string, actorId: string) {
  const [created] = await tx
    .insert(assets)
    .values({ projectId, name, createdBy: actorId })
    .onConflictDoNothing({ target: [assets.projectId, assets.name] })
    .returning({ id: assets.id });
  if (created) {
    await recordAuditEvent(tx, {
      actorId,
      action: "asset.created",
      entityType: "asset",
      entityId: created.id,
      projectId,
      data: { name },
    });
    return { id: created.id, created: true };
  }
  const [existing] = await tx
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.projectId, projectId), eq(assets.name, name)));
  if (!existing) throw new AppError("conflict", "The asset changed while the upload started; try again.");
  return { id: existing.id, created: false };
}
