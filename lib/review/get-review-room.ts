import { and, desc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, renditions, users, versions, type RenditionKind } from "@/db/schema";
import { actorSchema, can, describePermission } from "@/lib/auth/permissions";
import { listDecisions } from "@/lib/decisions/decision-view";
import { notFound } from "@/lib/errors";
import { previewOf } from "@/lib/versions/version-status";
import { authorizeVersionOrThrow } from "./authorize-version";
import { mediaUrlForKey } from "./media-paths";
import type { ReviewRoomJson } from "./review-room.types";

export const getReviewRoomParams = z.object({ actor: actorSchema, versionId: z.uuid() });
export type GetReviewRoomParams = z.input<typeof getReviewRoomParams>;

const RENDITION_URL_FIELDS = {
  hls: "hlsUrl",
  proxy_mp4: "proxyUrl",
  poster: "posterUrl",
  thumbnails_vtt: "spriteVttUrl",
  waveform: "waveformUrl",
} as const satisfies Partial<Record<RenditionKind, keyof RenditionUrls>>;
type RenditionUrls = ReviewRoomJson["renditions"];
type RenditionUrlField = keyof RenditionUrls;

/**
 * The payload field of a rendition. A waveform is min/max peaks as JSON (every source with audio, since
 * the peaks replaced the PNG: `waveformPeaksUrl`) or, for versions processed before, a PNG picture
 * (audio-only sources: `waveformUrl`, which keeps meaning "an image"; docs/review-api.md).
 */
function renditionUrlField(kind: keyof typeof RENDITION_URL_FIELDS, storageKey: string): RenditionUrlField {
  if (kind === "waveform" && storageKey.endsWith(".json")) return "waveformPeaksUrl";
  return RENDITION_URL_FIELDS[kind];
}

/**
 * Everything the review room shows for one version (permission `project.view`): the version's
 * facts and states, its asset and sibling versions, media URLs through the media route, the
 * decision history and what the viewer may do. Shape documented in docs/review-api.md.
 */
export async function getReviewRoom(db: DbOrTx, params: GetReviewRoomParams): Promise<ReviewRoomJson> {
  const { actor, versionId } = getReviewRoomParams.parse(params);
  const access = await authorizeVersionOrThrow(db, actor, versionId, "project.view");

  const [row] = await db
    .select({ v: versions, asset: { id: assets.id, name: assets.name, projectId: assets.projectId }, uploader: { id: users.id, name: users.name } })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .innerJoin(users, eq(users.id, versions.uploadedBy))
    .where(eq(versions.id, versionId));
  if (!row) throw notFound("Version not found");
  const { v, asset, uploader } = row;

  const [siblings, renditionRows, decisions, viewer] = await Promise.all([
    db
      .select({ id: versions.id, number: versions.number, processingState: versions.processingState, reviewState: versions.reviewState })
      .from(versions)
      .where(and(eq(versions.assetId, v.assetId), isNotNull(versions.number)))
      .orderBy(desc(versions.number)),
    db.select({ kind: renditions.kind, storageKey: renditions.storageKey }).from(renditions).where(eq(renditions.versionId, versionId)),
    listDecisions(db, versionId),
    db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, actor.id)),
  ]);

  const renditionUrls: RenditionUrls = {};
  for (const r of renditionRows) {
    if (!(r.kind in RENDITION_URL_FIELDS)) continue;
    const url = mediaUrlForKey(v.id, r.storageKey);
    if (url) renditionUrls[renditionUrlField(r.kind as keyof typeof RENDITION_URL_FIELDS, r.storageKey)] = url;
  }

  const isArchived = access.project.archivedAt !== null;
  const isReady = v.processingState === "READY";
  const mayDecide = can(actor, access.role, "version.decide");
  // FFmpeg's log names scratch paths, hosts and tool versions: only for those who can act on it
  // (retry the version), not for every viewer of the project.
  const maySeeProcessingLog = can(actor, access.role, "version.retry");
  const canDecide = mayDecide && isReady && !isArchived;
  const decideReason = canDecide
    ? undefined
    : !mayDecide
      ? describePermission("version.decide")
      : isArchived
        ? "This project is archived and read-only."
        : "Decisions open once the version has finished processing.";

  return {
    version: {
      id: v.id,
      assetId: v.assetId,
      projectId: asset.projectId,
      number: v.number,
      originalFileName: v.originalFileName,
      sizeBytes: v.sizeBytes,
      processingState: v.processingState,
      reviewState: v.reviewState,
      progress: v.progress,
      isUrgent: v.isUrgent,
      preview: previewOf(v),
      errorCode: v.errorCode,
      errorMessage: v.errorMessage,
      errorLogTail: maySeeProcessingLog ? v.errorLogTail : null,
      width: v.width,
      height: v.height,
      rotation: v.rotation,
      frameRate: v.frameRateNum && v.frameRateDen ? { num: v.frameRateNum, den: v.frameRateDen } : null,
      frameCount: v.frameCount,
      durationSeconds: v.durationSeconds,
      startTimecode: v.startTimecode,
      dropFrame: v.dropFrame,
      videoCodec: v.videoCodec,
      audioCodec: v.audioCodec,
      // "smpte2084" (PQ) / "arib-std-b67" (HLG): the room says "HDR source, SDR proxy".
      colorTransfer: v.colorTransfer,
      warnings: v.processingWarnings,
      uploadedAt: v.uploadedAt?.toISOString() ?? null,
      uploadedBy: uploader,
    },
    asset,
    // number is not null here (filtered above); the map tells the type system so.
    versions: siblings.flatMap((s) => (s.number === null ? [] : [{ ...s, number: s.number }])),
    renditions: renditionUrls,
    decisions,
    permissions: {
      canDecide,
      canComment: can(actor, access.role, "comment.create") && !isArchived,
      canResolve: can(actor, access.role, "comment.resolve") && !isArchived,
      canRetry: can(actor, access.role, "version.retry") && v.processingState === "ERROR" && !isArchived,
      canPrioritize: can(actor, access.role, "version.prioritize") && v.processingState === "PENDING" && !isArchived,
      canViewAudit: can(actor, access.role, "audit.view"),
      ...(decideReason ? { decideReason } : {}),
    },
    viewer: { id: actor.id, name: viewer[0]?.name ?? "", isAdmin: actor.isAdmin },
  };
}
