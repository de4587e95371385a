import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { RENDITION_KINDS } from "@/db/enums";
import { assets, renditions, users, versions } from "@/db/schema";
import { actorSchema } from "@/lib/auth/permissions";
import { listComments } from "@/lib/comments/list-comments";
import { listDecisions } from "@/lib/decisions/decision-view";
import { notFound } from "@/lib/errors";
import { safeFileNamePart } from "@/lib/exports/export-file-name";
import { notesFromComments } from "@/lib/exports/notes-report";
import { authorizeProjectOrThrow, findProjectIdOfAsset, type ProjectAccess } from "@/lib/projects/authorize-project";
import { parseMediaPath } from "@/lib/review/media-paths";
import { authorizeVersionOrThrow } from "@/lib/review/authorize-version";
import { derivedPrefix } from "@/lib/storage/keys";
import type { OmcRenditionSource, OmcSource, OmcVersionSource } from "./omc-source";
import { toOmcDocument, type OmcDocument } from "./to-omc-document";

/**
 * The OMC-JSON export of an asset or of one version (docs/omc.md), with the caller's permission
 * (`project.view`: whoever can open the review room may take its facts away, as with the notes
 * exports). Throws `not_found` for an unknown id or a non-member, alike. Kept apart from the routes
 * so every edge (the session API, /api/v1 with tokens) serves the very same document.
 */

const exportBase = { actor: actorSchema, appUrl: z.url() };
export const loadVersionOmcParams = z.object({ ...exportBase, versionId: z.uuid() });
export const loadAssetOmcParams = z.object({ ...exportBase, assetId: z.uuid() });

export type OmcExport = { document: OmcDocument; fileName: string };

/** One version: the asset, that version with its renditions, tasks, context and people. */
export async function loadVersionOmc(db: DbOrTx, params: z.input<typeof loadVersionOmcParams>): Promise<OmcExport> {
  const { actor, appUrl, versionId } = loadVersionOmcParams.parse(params);
  const access = await authorizeVersionOrThrow(db, actor, versionId, "project.view");
  const [row] = await db.select({ assetId: versions.assetId }).from(versions).where(eq(versions.id, versionId));
  if (!row) throw notFound("Version not found");
  const source = await readOmcSource(db, { actor, appUrl, access, assetId: row.assetId, versionIds: [versionId] });
  const version = source.versions[0]!;
  const label = version.number === null ? "" : `_v${String(version.number).padStart(3, "0")}`;
  return {
    document: toOmcDocument(source, { kind: "version", versionId }),
    fileName: `${filePrefix(source)}${label}.omc.json`,
  };
}

/** The whole asset: every numbered version, oldest first. */
export async function loadAssetOmc(db: DbOrTx, params: z.input<typeof loadAssetOmcParams>): Promise<OmcExport> {
  const { actor, appUrl, assetId } = loadAssetOmcParams.parse(params);
  const projectId = await findProjectIdOfAsset(db, assetId);
  // Same answer as a non-member gets: whether the id exists must not show.
  if (!projectId) throw notFound("Project not found");
  const access = await authorizeProjectOrThrow(db, actor, projectId, "project.view");
  const source = await readOmcSource(db, { actor, appUrl, access, assetId, versionIds: "numbered" });
  return { document: toOmcDocument(source, { kind: "asset" }), fileName: `${filePrefix(source)}.omc.json` };
}

/** `NGT_SH010`: project code and asset name, folded to a safe file name. */
function filePrefix(source: OmcSource): string {
  return `${safeFileNamePart(source.project.code, 24)}_${safeFileNamePart(source.asset.name)}`;
}

async function readOmcSource(
  db: DbOrTx,
  params: {
    actor: z.infer<typeof actorSchema>;
    appUrl: string;
    access: ProjectAccess;
    assetId: string;
    /** "numbered": every version with a number (abandoned uploads never get one). */
    versionIds: string[] | "numbered";
  },
): Promise<OmcSource> {
  const { actor, access, assetId } = params;
  const [asset] = await db.select().from(assets).where(eq(assets.id, assetId));
  if (!asset) throw notFound("Asset not found");

  const chain = await db
    .select({ id: versions.id, number: versions.number })
    .from(versions)
    .where(and(eq(versions.assetId, assetId), isNotNull(versions.number)))
    .orderBy(asc(versions.number));
  const revisionChain = chain.flatMap((c) => (c.number === null ? [] : [{ id: c.id, number: c.number }]));
  const ids = params.versionIds === "numbered" ? revisionChain.map((c) => c.id) : params.versionIds;

  const rows = ids.length
    ? await db
        .select({ v: versions, uploader: { id: users.id, name: users.name } })
        .from(versions)
        .innerJoin(users, eq(users.id, versions.uploadedBy))
        .where(and(eq(versions.assetId, assetId), inArray(versions.id, ids)))
        .orderBy(asc(versions.number), asc(versions.createdAt))
    : [];
  // In the pipeline's order (proxy, HLS, poster, ...), so the same asset gives the same document.
  const renditionRows = ids.length
    ? (await db.select().from(renditions).where(inArray(renditions.versionId, ids))).sort(
        (a, b) => RENDITION_KINDS.indexOf(a.kind) - RENDITION_KINDS.indexOf(b.kind),
      )
    : [];

  const sources: OmcVersionSource[] = [];
  // One version at a time: an asset has a handful of versions, and the pool is shared with the room.
  for (const { v, uploader } of rows) {
    const decisions = await listDecisions(db, v.id);
    const { comments } = await listComments(db, { actor, versionId: v.id });
    sources.push({
      id: v.id,
      number: v.number,
      originalFileName: v.originalFileName,
      contentType: v.contentType,
      sizeBytes: v.sizeBytes,
      sha256: v.sha256Computed,
      uploadedBy: uploader,
      uploadedAt: v.uploadedAt?.toISOString() ?? null,
      processingStartedAt: v.processingStartedAt?.toISOString() ?? null,
      readyAt: v.readyAt?.toISOString() ?? null,
      processingState: v.processingState,
      reviewState: v.reviewState,
      errorCode: v.errorCode,
      errorMessage: v.errorMessage,
      warnings: v.processingWarnings,
      container: v.container,
      videoCodec: v.videoCodec,
      audioCodec: v.audioCodec,
      width: v.width,
      height: v.height,
      rotation: v.rotation,
      pixelFormat: v.pixelFormat,
      colorPrimaries: v.colorPrimaries,
      colorTransfer: v.colorTransfer,
      colorSpace: v.colorSpace,
      frameRate: v.frameRateNum && v.frameRateDen ? { num: v.frameRateNum, den: v.frameRateDen } : null,
      isVariableFrameRate: v.isVariableFrameRate,
      frameCount: v.frameCount,
      durationSeconds: v.durationSeconds,
      startTimecode: v.startTimecode,
      dropFrame: v.dropFrame,
      audioChannels: v.audioChannels,
      audioChannelLayout: v.audioChannelLayout,
      audioSampleRate: v.audioSampleRate,
      renditions: renditionRows.flatMap((r) => {
        if (r.versionId !== v.id) return [];
        const prefix = derivedPrefix(v.id);
        const mediaPath = r.storageKey.startsWith(prefix) ? parseMediaPath(r.storageKey.slice(prefix.length)) : null;
        if (!mediaPath) return []; // not reachable through the media route: nothing stable to point at
        const rendition: OmcRenditionSource = {
          id: r.id,
          kind: r.kind,
          mediaPath,
          contentType: r.contentType,
          width: r.width,
          height: r.height,
          bitrate: r.bitrate,
          sizeBytes: r.sizeBytes,
          sha256: r.sha256,
        };
        return [rendition];
      }),
      decisions,
      notes: notesFromComments(comments),
    });
  }

  return {
    appUrl: params.appUrl,
    project: { id: access.project.id, name: access.project.name, code: access.project.code },
    asset: { id: asset.id, name: asset.name, createdAt: asset.createdAt.toISOString() },
    revisionChain,
    versions: sources,
  };
}
