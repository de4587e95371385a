import type { RenditionKind } from "@/db/enums";
import { mediaUrl } from "@/lib/review/media-paths";
import { reviewRoomPath } from "@/lib/review/room-path";
import { frameToTimecode, timecodeOptionsOf } from "@/lib/timecode";
import type { FrameRate } from "@/lib/timecode/frame-rate";
import type { OmcRenditionSource, OmcSource, OmcVersionSource } from "./omc-source";

/**
 * AXIOM's asset and versions as MovieLabs OMC-JSON v2.8 (docs/omc.md explains every choice). Pure:
 * the same source gives the same document, byte for byte, so an export can be diffed and re-imported.
 *
 * The document is OMC's "root object" (entities grouped by type):
 * - the AXIOM asset is one `Asset`; its `AssetSC` names the version the document is about;
 * - every version is an `AssetSC` (the master file's structural characteristics), linked to the
 *   previous and next versions by `version.RevisionOf` / `version.Revision`;
 * - the proxy MP4 and the HLS ladder are `AssetSC`s that are `RepresentationOf` the master; poster,
 *   scrub sprite, thumbnails track and waveform are `DerivationOf` it;
 * - processing and review are one `Task` each per version, tied to the asset by a `Context`;
 * - uploaders and deciders are `Participant`s (people, by name only: no email leaves AXIOM).
 *
 * OMC v2.8 has no structural field for frame rate, duration, timecode or colour, and every OMC entity
 * refuses unknown properties, so those facts travel in `customData` under the `axiom` domain, in a
 * shape docs/omc.md documents. A fact AXIOM does not know is left out, never written as null.
 */

export const OMC_SCHEMA_VERSION = "https://movielabs.com/omc/json/schema/v2.8";
/** The identifier scope of every AXIOM entity; the values are AXIOM's UUIDs, globally unique on their own. */
export const OMC_IDENTIFIER_SCOPE = "axiom";
/** The `customData` domain of AXIOM's own facts. */
export const OMC_CUSTOM_DATA_DOMAIN = "axiom";

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type OmcEntity = { [key: string]: JsonValue };
/** `{ identifierScope, identifierValue, url? }` */
export type OmcIdentifier = { [key: string]: string };
export type OmcReference = { identifier: OmcIdentifier[] };

/** OMC's root object: every entity of the document, grouped by entity type. */
export type OmcDocument = {
  Asset: OmcEntity[];
  AssetSC: OmcEntity[];
  Task: OmcEntity[];
  Context: OmcEntity[];
  Participant: OmcEntity[];
};

/** Which part of the source the document is about: the whole asset, or one of its versions. */
export type OmcSubject = { kind: "asset" } | { kind: "version"; versionId: string };

export function toOmcDocument(source: OmcSource, subject: OmcSubject): OmcDocument {
  const ids = omcIds(source);
  const head = subject.kind === "version" ? subject.versionId : source.revisionChain.at(-1)?.id;
  const people = new Map<string, string>();
  const assetSCs: OmcEntity[] = [];
  const tasks: OmcEntity[] = [];
  const contexts: OmcEntity[] = [];
  for (const version of source.versions) {
    people.set(version.uploadedBy.id, version.uploadedBy.name);
    for (const d of version.decisions) people.set(d.decidedBy.id, d.decidedBy.name);
    assetSCs.push(
      versionAssetSC(source, version, ids),
      ...version.renditions.map((r) => renditionAssetSC(source, version, r, ids)),
    );
    tasks.push(processingTask(source, version, ids));
    if (version.reviewState) tasks.push(reviewTask(source, version, ids));
    contexts.push(versionContext(source, version, ids));
  }
  const asset = entity("Asset", ids.asset(), {
    name: source.asset.name,
    ...(head ? { AssetSC: ids.versionRef(head) } : {}),
    Context: source.versions.map((v) => ids.contextRef(v.id)),
    provenance: { createdOn: source.asset.createdAt },
    customData: [axiomData("project", { id: source.project.id, name: source.project.name, code: source.project.code })],
  });
  return {
    Asset: [asset],
    AssetSC: assetSCs,
    Task: tasks,
    Context: contexts,
    Participant: [...people].sort(([a], [b]) => a.localeCompare(b)).map(([id, name]) => participant(id, name, ids)),
  };
}

// ---------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------

/**
 * Every entity's identifier: `<kind>/<uuid>` in the `axiom` scope (a version's UUID names its
 * AssetSC, its processing task, its review task and its context, so the kind keeps them apart).
 * Where AXIOM has a page or file for the entity, `url` is its stable app URL (behind sign-in).
 */
function omcIds(source: OmcSource) {
  const appUrl = source.appUrl.replace(/\/+$/, "");
  const id = (value: string, url?: string): OmcIdentifier => ({
    identifierScope: OMC_IDENTIFIER_SCOPE,
    identifierValue: value,
    ...(url ? { url } : {}),
  });
  // A reference names the entity only: its URL is on the entity itself.
  const ref = (identifier: OmcIdentifier): OmcReference => ({
    identifier: [{ identifierScope: OMC_IDENTIFIER_SCOPE, identifierValue: identifier.identifierValue! }],
  });
  const { project, asset } = source;
  return {
    asset: () => id(`asset/${asset.id}`, `${appUrl}/projects/${project.id}/assets/${asset.id}`),
    assetRef: () => ref(id(`asset/${asset.id}`)),
    version: (versionId: string) =>
      id(`version/${versionId}`, appUrl + reviewRoomPath(project.id, asset.id, versionId)),
    versionRef: (versionId: string) => ref(id(`version/${versionId}`)),
    rendition: (versionId: string, r: OmcRenditionSource) =>
      id(`rendition/${r.id}`, appUrl + mediaUrl(versionId, r.mediaPath)),
    renditionRef: (r: OmcRenditionSource) => ref(id(`rendition/${r.id}`)),
    processingTask: (versionId: string) => id(`task/processing/${versionId}`),
    reviewTask: (versionId: string) => id(`task/review/${versionId}`),
    context: (versionId: string) => id(`context/${versionId}`),
    contextRef: (versionId: string) => ref(id(`context/${versionId}`)),
    participant: (userId: string) => id(`participant/${userId}`),
    participantRef: (userId: string) => ref(id(`participant/${userId}`)),
    person: (userId: string) => id(`person/${userId}`),
  };
}
type OmcIds = ReturnType<typeof omcIds>;

// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

function versionAssetSC(source: OmcSource, v: OmcVersionSource, ids: OmcIds): OmcEntity {
  const chain = source.revisionChain;
  const at = chain.findIndex((c) => c.id === v.id);
  const previous = at > 0 ? chain[at - 1] : undefined;
  const next = at >= 0 ? chain[at + 1] : undefined;
  const representations = v.renditions.filter((r) => isRepresentation(r.kind));
  const derivations = v.renditions.filter((r) => !isRepresentation(r.kind));
  const [width, height] = displayDimensions(v);
  return entity("AssetSC", ids.version(v.id), {
    name: versionName(source, v),
    structuralType: structuralTypeOf(v),
    structuralProperties: omitMissing({
      codec: v.videoCodec ?? v.audioCodec,
      dimensions: width !== null && height !== null ? { width: `${width}px`, height: `${height}px` } : null,
      fileDetails: omitMissing({
        fileName: v.originalFileName,
        fileExtension: fileExtensionOf(v.originalFileName),
        mediaType: v.contentType,
      }),
    }),
    version: omitMissing({
      versionNumber: v.number,
      name: v.number === null ? null : versionLabel(v.number),
      RevisionOf: previous ? ids.versionRef(previous.id) : null,
      Revision: next ? [ids.versionRef(next.id)] : null,
      Representation: representations.length ? representations.map((r) => ids.renditionRef(r)) : null,
      Derivation: derivations.length ? derivations.map((r) => ids.renditionRef(r)) : null,
    }),
    provenance: omitMissing({ CreatedBy: ids.participantRef(v.uploadedBy.id), createdOn: v.uploadedAt }),
    ...(v.notes.length ? { annotation: notesAsAnnotations(v) } : {}),
    customData: [axiomData("media", mediaFacts(v))],
  });
}

function renditionAssetSC(source: OmcSource, v: OmcVersionSource, r: OmcRenditionSource, ids: OmcIds): OmcEntity {
  const fileName = r.mediaPath.split("/").at(-1) ?? r.mediaPath;
  return entity("AssetSC", ids.rendition(v.id, r), {
    name: `${versionName(source, v)} ${RENDITION_NAMES[r.kind]}`,
    structuralType: RENDITION_STRUCTURAL_TYPES[r.kind],
    structuralProperties: omitMissing({
      dimensions: r.width !== null && r.height !== null ? { width: `${r.width}px`, height: `${r.height}px` } : null,
      fileDetails: omitMissing({
        fileName,
        // The media route's path: stable, behind sign-in. Never a presigned store URL (they expire).
        filePath: mediaUrl(v.id, r.mediaPath),
        fileExtension: fileExtensionOf(fileName),
        mediaType: r.contentType,
      }),
    }),
    version: isRepresentation(r.kind)
      ? { RepresentationOf: ids.versionRef(v.id) }
      : { DerivationOf: ids.versionRef(v.id) },
    customData: [
      axiomData(
        "rendition",
        omitMissing({ kind: r.kind, bitrate: r.bitrate, sizeBytes: r.sizeBytes, sha256: r.sha256 }),
      ),
    ],
  });
}

/** Processing (probe, proxy, HLS, poster, sprite, waveform in one pass) as OMC's "transcode" task. */
function processingTask(source: OmcSource, v: OmcVersionSource, ids: OmcIds): OmcEntity {
  const problems = [
    ...(v.errorMessage ? [{ title: `Error${v.errorCode ? ` (${v.errorCode})` : ""}`, text: v.errorMessage }] : []),
    ...v.warnings.map((w) => ({ title: `Warning (${w.code})`, text: w.message })),
  ];
  return entity("Task", ids.processingTask(v.id), {
    name: `Process ${versionName(source, v)}`,
    taskFC: {
      functionalType: "transcode",
      customData: [
        axiomData(
          "processing",
          omitMissing({
            state: v.processingState,
            errorCode: v.errorCode,
            errorMessage: v.errorMessage,
            warnings: v.warnings.map((w) => ({ code: w.code, message: w.message })),
            startedAt: v.processingStartedAt,
            readyAt: v.readyAt,
          }),
        ),
      ],
    },
    ...(problems.length ? { annotation: problems } : {}),
    Context: [ids.contextRef(v.id)],
  });
}

/** Review as a task; its decisions (who, what, when, why) are its history. */
function reviewTask(source: OmcSource, v: OmcVersionSource, ids: OmcIds): OmcEntity {
  return entity("Task", ids.reviewTask(v.id), {
    name: `Review ${versionName(source, v)}`,
    taskFC: {
      functionalType: "review",
      customData: [
        axiomData("review", {
          state: v.reviewState,
          decisions: v.decisions.map((d) =>
            omitMissing({
              decision: d.decision,
              note: d.note,
              decidedAt: d.createdAt,
              decidedBy: ids.participant(d.decidedBy.id).identifierValue!,
            }),
          ),
        }),
      ],
    },
    ...(v.decisions.length
      ? {
          annotation: v.decisions.map((d) =>
            omitMissing({
              author: d.decidedBy.name,
              title: `${DECISION_TITLES[d.decision]} (${d.createdAt})`,
              text: d.note,
            }),
          ),
        }
      : {}),
    Context: [ids.contextRef(v.id)],
  });
}

/** What ties a version's tasks to the asset and to the people who took part. */
function versionContext(source: OmcSource, v: OmcVersionSource, ids: OmcIds): OmcEntity {
  const people = [...new Set([v.uploadedBy.id, ...v.decisions.map((d) => d.decidedBy.id)])];
  return entity("Context", ids.context(v.id), {
    name: `${versionName(source, v)} in AXIOM`,
    contextType: "production",
    for: { Asset: [ids.assetRef()] },
    contributor: { Participant: people.map((id) => ids.participantRef(id)) },
    customData: [axiomData("version", { id: v.id })],
  });
}

function participant(userId: string, name: string, ids: OmcIds): OmcEntity {
  return entity("Participant", ids.participant(userId), {
    name,
    ParticipantSC: entity("Person", ids.person(userId), { structuralType: "person", personName: { fullName: name } }),
  });
}

// ---------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------

/**
 * The master's technical facts OMC has no field for. Exact where AXIOM is exact: the frame rate
 * as the rational the probe found ("24000/1001", never 23.976), the duration as ISO 8601 (OMC's own
 * duration notation) with the frame count beside it, the start timecode in SMPTE notation (";"
 * before the frames for drop-frame).
 */
export function mediaFacts(v: OmcVersionSource): { [key: string]: JsonValue } {
  const rate = v.frameRate;
  const timecode = rate ? startTimecodeOf(v, rate) : null;
  return omitMissing({
    sizeBytes: v.sizeBytes,
    sha256: v.sha256,
    container: v.container,
    videoCodec: v.videoCodec,
    width: v.width,
    height: v.height,
    rotation: v.rotation,
    pixelFormat: v.pixelFormat,
    frameRate: rate ? `${rate.num}/${rate.den}` : null,
    isVariableFrameRate: v.isVariableFrameRate,
    frameCount: v.frameCount,
    duration: v.durationSeconds === null ? null : isoDuration(v.durationSeconds),
    durationSeconds: v.durationSeconds,
    startTimecode: timecode?.start ?? null,
    endTimecode: timecode?.end ?? null,
    dropFrame: timecode ? timecode.dropFrame : null,
    colorPrimaries: v.colorPrimaries,
    colorTransfer: v.colorTransfer,
    colorSpace: v.colorSpace,
    audioCodec: v.audioCodec,
    audioChannels: v.audioChannels,
    audioChannelLayout: v.audioChannelLayout,
    audioSampleRate: v.audioSampleRate,
  });
}

/**
 * The start (and, with a frame count, the last frame's) timecode as the room shows them: the same
 * rule as the player and the notes exports (timecodeOptionsOf), so a drop-frame flag on a rate
 * without drop-frame is ignored and a start the clock refuses is not exported.
 */
function startTimecodeOf(
  v: OmcVersionSource,
  rate: FrameRate,
): { start: string; end: string | null; dropFrame: boolean } | null {
  if (!v.startTimecode) return null;
  const options = timecodeOptionsOf({
    frameRate: rate,
    startTimecode: v.startTimecode,
    dropFrame: v.dropFrame ?? false,
  });
  if (!options.start) return null;
  const end = v.frameCount && v.frameCount > 0 ? frameToTimecode(v.frameCount - 1, options) : null;
  return { start: options.start, end, dropFrame: options.dropFrame };
}

/** ISO 8601 duration in seconds to the millisecond ("PT10.01S"), the notation OMC's `durationTime` uses. */
export function isoDuration(seconds: number): string {
  const millis = Math.max(0, Math.round(seconds * 1000));
  const whole = Math.floor(millis / 1000);
  const fraction = millis % 1000;
  return `PT${whole}${fraction ? `.${String(fraction).padStart(3, "0").replace(/0+$/, "")}` : ""}S`;
}

/** The picture as displayed: a 90° or 270° rotation swaps width and height. */
function displayDimensions(v: OmcVersionSource): [number | null, number | null] {
  const isQuarterTurn = v.rotation === 90 || v.rotation === 270;
  return isQuarterTurn ? [v.height, v.width] : [v.width, v.height];
}

function structuralTypeOf(v: OmcVersionSource): string {
  if (v.videoCodec && v.audioCodec) return "digital.audioVisual";
  if (v.videoCodec) return "digital.movingImage";
  if (v.audioCodec) return "digital.audio";
  return "digital"; // not probed (or the probe failed): AXIOM only knows it is a file
}

/** Proxy and HLS differ from the master in technical format only: OMC's "representation". */
function isRepresentation(kind: RenditionKind): boolean {
  return kind === "proxy_mp4" || kind === "hls";
}

const RENDITION_STRUCTURAL_TYPES: Record<RenditionKind, string> = {
  proxy_mp4: "digital.audioVisual",
  hls: "digital.audioVisual",
  poster: "digital.image",
  sprite: "digital.image",
  thumbnails_vtt: "digital.document",
  waveform: "digital.data",
};

const RENDITION_NAMES: Record<RenditionKind, string> = {
  proxy_mp4: "proxy (MP4)",
  hls: "HLS ladder",
  poster: "poster",
  sprite: "scrub sprite",
  thumbnails_vtt: "thumbnails track",
  waveform: "waveform",
};

const DECISION_TITLES = { APPROVED: "Approved", REJECTED: "Rejected", CHANGES_REQUESTED: "Changes requested" } as const;

/** Notes as OMC annotations: author, where on the timeline (and whether resolved), text; replies follow their note. */
function notesAsAnnotations(v: OmcVersionSource): JsonValue[] {
  const clock = v.frameRate
    ? timecodeOptionsOf({ frameRate: v.frameRate, startTimecode: v.startTimecode, dropFrame: v.dropFrame ?? false })
    : null;
  const at = (frame: number) => (clock ? frameToTimecode(frame, clock) : `frame ${frame}`);
  return v.notes.flatMap((n) => {
    const range =
      n.frameOut !== null && n.frameOut !== n.frameIn ? `${at(n.frameIn)}–${at(n.frameOut)}` : at(n.frameIn);
    const title = `Note at ${range}${n.status === "resolved" ? " (resolved)" : ""}`;
    return [
      { author: n.author, title, text: n.body },
      ...n.replies.map((r) => ({ author: r.author, title: `Reply to note at ${range}`, text: r.body })),
    ];
  });
}

function versionLabel(n: number): string {
  return `v${String(n).padStart(3, "0")}`;
}

function versionName(source: OmcSource, v: OmcVersionSource): string {
  return v.number === null
    ? `${source.asset.name} (upload in progress)`
    : `${source.asset.name} ${versionLabel(v.number)}`;
}

function fileExtensionOf(fileName: string): string | null {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

function entity(
  entityType: string,
  identifier: OmcIdentifier,
  properties: { [key: string]: JsonValue | undefined },
): OmcEntity {
  return {
    schemaVersion: OMC_SCHEMA_VERSION,
    entityType,
    identifier: [{ ...identifier }],
    ...omitMissing(properties),
  };
}

function axiomData(namespace: string, value: { [key: string]: JsonValue }): OmcEntity {
  return { domain: OMC_CUSTOM_DATA_DOMAIN, namespace, value };
}

/** The object without its null and undefined properties: OMC readers see "unknown" as "absent". */
function omitMissing<T extends { [key: string]: JsonValue | undefined }>(o: T): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(o)) {
    if (value === null || value === undefined) continue;
    out[key] = value;
  }
  return out;
}
