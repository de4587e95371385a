import { z } from "zod";
import { decisionViewSchema } from "@/lib/decisions/decision-view.types";
import { userRefSchema } from "@/lib/users/user-ref.types";
import {
  previewSchema,
  processingErrorCodeSchema,
  processingStateSchema,
  reviewStateSchema,
} from "@/lib/versions/version-status.types";

/**
 * The review room's payload, `GET /api/versions/:id/review` (docs/review-api.md), shared by the
 * server that builds it (`getReviewRoom` returns `ReviewRoomJson`, so a field added there is a
 * compile error until this schema has it) and the browser that parses it (lib/api-client).
 * Two fields are normalised on the way in, so the room never tells "absent" from "null":
 * missing rendition URLs become null, and an unknown drop-frame flag reads as non-drop-frame.
 */

const frameRateSchema = z.strictObject({ num: z.int().positive(), den: z.int().positive() });

/** One of the asset's numbered versions, for the version switcher (newest first). */
export const versionSummarySchema = z.strictObject({
  id: z.string(),
  number: z.int(),
  processingState: processingStateSchema,
  reviewState: reviewStateSchema.nullable(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

/** The version in the room: its states, the facts the probe found, and what went wrong. */
export const reviewVersionSchema = z.strictObject({
  id: z.string(),
  assetId: z.string(),
  projectId: z.string(),
  /** Null until the upload completes. */
  number: z.int().nullable(),
  originalFileName: z.string(),
  sizeBytes: z.int(),
  processingState: processingStateSchema,
  /** Null until the version is first READY. */
  reviewState: reviewStateSchema.nullable(),
  /** 0..100 while PROCESSING. */
  progress: z.number().nullable(),
  /** Jumps the processing queue (docs/processing.md, "Queue order"). */
  isUrgent: z.boolean(),
  /** While PROCESSING, once the encode's first segments exist: the live preview the room plays until READY. */
  preview: previewSchema.nullable(),
  errorCode: processingErrorCodeSchema.nullable(),
  errorMessage: z.string().nullable(),
  /** FFmpeg's log: only for those who may retry the version (producers, admins), else null. */
  errorLogTail: z.string().nullable(),
  width: z.int().nullable(),
  height: z.int().nullable(),
  /** Display rotation in degrees (0, 90, 180, 270). */
  rotation: z.int().nullable(),
  frameRate: frameRateSchema.nullable(),
  frameCount: z.int().nullable(),
  durationSeconds: z.number().nullable(),
  /** "01:00:00:00" as the source carries it. */
  startTimecode: z.string().nullable(),
  dropFrame: z
    .boolean()
    .nullable()
    .transform((isDropFrame) => isDropFrame ?? false),
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
  /** "smpte2084" (PQ) / "arib-std-b67" (HLG): the room says "HDR source, SDR proxy". */
  colorTransfer: z.string().nullable(),
  /** What processing noticed but did not fail on. */
  warnings: z.array(z.strictObject({ code: z.string(), message: z.string() })),
  uploadedAt: z.iso.datetime().nullable(),
  uploadedBy: userRefSchema,
});
export type ReviewVersion = z.infer<typeof reviewVersionSchema>;

const mediaUrl = z.string().optional();

/** Same-origin `/api/versions/:id/media/...` paths; on the wire each is present only when that rendition exists. */
export const renditionUrlsSchema = z
  .strictObject({
    hlsUrl: mediaUrl,
    proxyUrl: mediaUrl,
    posterUrl: mediaUrl,
    spriteVttUrl: mediaUrl,
    /** A PNG picture of the audio (versions processed before the peaks). */
    waveformUrl: mediaUrl,
    /** Min/max audio peaks as JSON (audiowaveform's format), for every source with audio. */
    waveformPeaksUrl: mediaUrl,
  })
  .transform((urls) => ({
    hlsUrl: urls.hlsUrl ?? null,
    proxyUrl: urls.proxyUrl ?? null,
    posterUrl: urls.posterUrl ?? null,
    spriteVttUrl: urls.spriteVttUrl ?? null,
    waveformUrl: urls.waveformUrl ?? null,
    waveformPeaksUrl: urls.waveformPeaksUrl ?? null,
  }));
export type RenditionUrls = z.infer<typeof renditionUrlsSchema>;

/** What the viewer may do here; each already accounts for the version's state and an archived project. */
export const reviewPermissionsSchema = z.strictObject({
  canDecide: z.boolean(),
  canComment: z.boolean(),
  canResolve: z.boolean(),
  canRetry: z.boolean(),
  /** May mark the version urgent: a producer (or admin), while the version waits in the queue. */
  canPrioritize: z.boolean(),
  /** The version's audit trail (the Audit tab): audit.view, producers and admins. */
  canViewAudit: z.boolean(),
  /** Present when !canDecide: why (shown on the disabled buttons). */
  decideReason: z.string().optional(),
});

export const reviewRoomSchema = z.strictObject({
  version: reviewVersionSchema,
  asset: z.strictObject({ id: z.string(), name: z.string(), projectId: z.string() }),
  versions: z.array(versionSummarySchema),
  renditions: renditionUrlsSchema,
  /** Oldest first: the last one is the current review state. */
  decisions: z.array(decisionViewSchema),
  permissions: reviewPermissionsSchema,
  /** Admins may delete anyone's comment. */
  viewer: z.strictObject({ id: z.string(), name: z.string(), isAdmin: z.boolean() }),
});
/** The room as the browser reads it (after the normalisations above). */
export type ReviewRoom = z.output<typeof reviewRoomSchema>;
/** The room as the server sends it. */
export type ReviewRoomJson = z.input<typeof reviewRoomSchema>;
