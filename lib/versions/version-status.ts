import type { Version } from "@/db/schema";
import { mediaUrl } from "@/lib/review/media-paths";
import { PREVIEW_MASTER_PATH } from "@/lib/storage/keys";
import type { VersionPreview, VersionStatus } from "./version-status.types";

export type { VersionStatus } from "./version-status.types";

/** Where a version's status is polled (`GET /api/versions/:id`): the `statusUrl` and `Location` of every answer that starts processing. */
export function versionStatusUrl(versionId: string): string {
  return `/api/versions/${versionId}`;
}

/**
 * The live preview a room may play: only while PROCESSING (at READY the renditions replace it; in ERROR
 * there is nothing to review), and only once an attempt has published it.
 */
export function previewOf(v: Pick<Version, "id" | "processingState" | "previewPublishedAt">): VersionPreview | null {
  if (v.processingState !== "PROCESSING" || v.previewPublishedAt === null) return null;
  return { hlsUrl: mediaUrl(v.id, PREVIEW_MASTER_PATH) };
}

/**
 * A version row as the public JSON shape of its state (`GET /api/versions/:id`, the completion
 * answer and the asset page's live rows). Storage keys and upload ids stay on the server.
 */
export function toVersionStatus(v: Version): VersionStatus {
  return {
    id: v.id,
    assetId: v.assetId,
    number: v.number,
    originalFileName: v.originalFileName,
    sizeBytes: v.sizeBytes,
    contentType: v.contentType,
    sha256Declared: v.sha256Declared,
    sha256Computed: v.sha256Computed,
    processingState: v.processingState,
    reviewState: v.reviewState,
    progress: v.processingState === "PROCESSING" ? v.progress : null,
    preview: previewOf(v),
    error: v.processingState === "ERROR" ? { code: v.errorCode, message: v.errorMessage } : null,
    uploadedBy: v.uploadedBy,
    createdAt: v.createdAt.toISOString(),
    uploadedAt: v.uploadedAt?.toISOString() ?? null,
    readyAt: v.readyAt?.toISOString() ?? null,
  };
}
