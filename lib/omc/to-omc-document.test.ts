import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OmcSource, OmcVersionSource } from "./omc-source";
import { loadOmcValidator, OMC_SCHEMA_FILE, omcSchemaDir, omcSchemaSkipReason } from "./test-omc-schema";
import { isoDuration, type OmcDocument, type OmcEntity, toOmcDocument } from "./to-omc-document";

const PROJECT = { id: "00000000-0000-4000-8000-0000000000a1", name: "Night Shift", code: "NGT" };
const ASSET = { id: "00000000-0000-4000-8000-0000000000b1", name: "SH010", createdAt: "2026-01-05T09:00:00.000Z" };
const SUPERVISOR = { id: "00000000-0000-4000-8000-0000000000c2", name: "Sam Supervisor" };
const PRODUCER = { id: "00000000-0000-4000-8000-0000000000c1", name: "Pat Producer" };
const V1 = "00000000-0000-4000-8000-000000000001";
const V2 = "00000000-0000-4000-8000-000000000002";
const V3 = "00000000-0000-4000-8000-000000000003";

function readyVersion(overrides: Partial<OmcVersionSource> = {}): OmcVersionSource {
  return {
    id: V2,
    number: 2,
    originalFileName: "SH010_v002.MOV",
    contentType: "video/quicktime",
    sizeBytes: 1_048_576,
    sha256: "a".repeat(64),
    uploadedBy: PRODUCER,
    uploadedAt: "2026-01-06T10:00:00.000Z",
    processingStartedAt: "2026-01-06T10:00:05.000Z",
    readyAt: "2026-01-06T10:01:00.000Z",
    processingState: "READY",
    reviewState: "APPROVED",
    errorCode: null,
    errorMessage: null,
    warnings: [{ code: "hdr_tone_mapped", message: "HDR source, SDR proxy" }],
    container: "mov,mp4,m4a,3gp,3g2,mj2",
    videoCodec: "prores",
    audioCodec: "pcm_s24le",
    width: 1920,
    height: 1080,
    rotation: 0,
    pixelFormat: "yuv422p10le",
    colorPrimaries: "bt2020",
    colorTransfer: "smpte2084",
    colorSpace: "bt2020nc",
    frameRate: { num: 24000, den: 1001 },
    isVariableFrameRate: false,
    frameCount: 240,
    durationSeconds: 240 / (24000 / 1001),
    startTimecode: "01:00:00:00",
    dropFrame: false,
    audioChannels: 2,
    audioChannelLayout: "stereo",
    audioSampleRate: 48000,
    renditions: [
      {
        id: "00000000-0000-4000-8000-0000000000d1",
        kind: "proxy_mp4",
        mediaPath: "proxy.mp4",
        contentType: "video/mp4",
        width: 1920,
        height: 1080,
        bitrate: 8_000_000,
        sizeBytes: 2048,
        sha256: "b".repeat(64),
      },
      {
        id: "00000000-0000-4000-8000-0000000000d2",
        kind: "hls",
        mediaPath: "hls/master.m3u8",
        contentType: "application/vnd.apple.mpegurl",
        width: null,
        height: null,
        bitrate: null,
        sizeBytes: 512,
        sha256: "c".repeat(64),
      },
      {
        id: "00000000-0000-4000-8000-0000000000d3",
        kind: "poster",
        mediaPath: "poster.jpg",
        contentType: "image/jpeg",
        width: 1920,
        height: 1080,
        bitrate: null,
        sizeBytes: 300,
        sha256: "d".repeat(64),
      },
    ],
    decisions: [
      {
        id: "00000000-0000-4000-8000-0000000000e1",
        decision: "CHANGES_REQUESTED",
        note: "Grade is too warm",
        decidedBy: SUPERVISOR,
        createdAt: "2026-01-06T11:00:00.000Z",
      },
      {
        id: "00000000-0000-4000-8000-0000000000e2",
        decision: "APPROVED",
        note: null,
        decidedBy: SUPERVISOR,
        createdAt: "2026-01-06T12:00:00.000Z",
      },
    ],
    notes: [
      {
        id: "00000000-0000-4000-8000-0000000000f1",
        frameIn: 24,
        frameOut: null,
        author: SUPERVISOR.name,
        body: "Boom in frame",
        createdAt: "2026-01-06T11:00:00.000Z",
        status: "resolved",
        resolvedBy: PRODUCER.name,
        replies: [{ author: PRODUCER.name, body: "Fixed in v3", createdAt: "2026-01-06T11:05:00.000Z" }],
        drawing: null,
      },
    ],
    ...overrides,
  };
}

/** A version whose upload failed processing before the probe said anything. */
function failedVersion(overrides: Partial<OmcVersionSource> = {}): OmcVersionSource {
  return {
    ...readyVersion({ id: V3, number: 3, originalFileName: "SH010_v003.mov" }),
    sha256: null,
    readyAt: null,
    processingState: "ERROR",
    reviewState: null,
    errorCode: "corrupt_input",
    errorMessage: "moov atom not found",
    warnings: [],
    container: null,
    videoCodec: null,
    audioCodec: null,
    width: null,
    height: null,
    rotation: null,
    pixelFormat: null,
    colorPrimaries: null,
    colorTransfer: null,
    colorSpace: null,
    frameRate: null,
    isVariableFrameRate: null,
    frameCount: null,
    durationSeconds: null,
    startTimecode: null,
    dropFrame: null,
    audioChannels: null,
    audioChannelLayout: null,
    audioSampleRate: null,
    renditions: [],
    decisions: [],
    notes: [],
    ...overrides,
  };
}

function sourceOf(versions: OmcVersionSource[]): OmcSource {
  return {
    appUrl: "https://axiom.example.com/",
    project: PROJECT,
    asset: ASSET,
    revisionChain: [
      { id: V1, number: 1 },
      { id: V2, number: 2 },
      { id: V3, number: 3 },
    ],
    versions,
  };
}

function byIdentifier(doc: OmcDocument, type: keyof OmcDocument, value: string): OmcEntity {
  const found = doc[type].find((e) => (e.identifier as { identifierValue: string }[])[0]!.identifierValue === value);
  if (!found) throw new Error(`no ${type} ${value}`);
  return found;
}

function mediaOf(doc: OmcDocument, versionId: string): Record<string, unknown> {
  const sc = byIdentifier(doc, "AssetSC", `version/${versionId}`);
  return (sc.customData as { namespace: string; value: Record<string, unknown> }[]).find(
    (c) => c.namespace === "media",
  )!.value;
}

function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(containsNull);
  if (typeof value === "object") return Object.values(value as object).some(containsNull);
  return false;
}

describe("toOmcDocument", () => {
  it("describes one version as the Asset pointing at that version's AssetSC", () => {
    const doc = toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 });
    expect(doc.Asset).toHaveLength(1);
    expect(doc.Asset[0]!.AssetSC).toEqual({
      identifier: [{ identifierScope: "axiom", identifierValue: `version/${V2}` }],
    });
    expect(doc.Asset[0]!.identifier).toEqual([
      {
        identifierScope: "axiom",
        identifierValue: `asset/${ASSET.id}`,
        url: `https://axiom.example.com/projects/${PROJECT.id}/assets/${ASSET.id}`,
      },
    ]);
  });

  it("links a version to its neighbours as a revision of the previous and revised by the next", () => {
    const doc = toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 });
    const version = byIdentifier(doc, "AssetSC", `version/${V2}`).version as Record<string, unknown>;
    expect(version.versionNumber).toBe(2);
    expect(version.name).toBe("v002");
    expect(version.RevisionOf).toEqual({
      identifier: [{ identifierScope: "axiom", identifierValue: `version/${V1}` }],
    });
    expect(version.Revision).toEqual([
      { identifier: [{ identifierScope: "axiom", identifierValue: `version/${V3}` }] },
    ]);
  });

  it("makes the proxy and HLS representations of the master and the poster a derivation", () => {
    const doc = toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 });
    const version = byIdentifier(doc, "AssetSC", `version/${V2}`).version as Record<string, unknown>;
    expect(version.Representation).toEqual([
      { identifier: [{ identifierScope: "axiom", identifierValue: "rendition/00000000-0000-4000-8000-0000000000d1" }] },
      { identifier: [{ identifierScope: "axiom", identifierValue: "rendition/00000000-0000-4000-8000-0000000000d2" }] },
    ]);
    expect(version.Derivation).toEqual([
      { identifier: [{ identifierScope: "axiom", identifierValue: "rendition/00000000-0000-4000-8000-0000000000d3" }] },
    ]);
    const hls = byIdentifier(doc, "AssetSC", "rendition/00000000-0000-4000-8000-0000000000d2");
    expect((hls.version as Record<string, unknown>).RepresentationOf).toEqual({
      identifier: [{ identifierScope: "axiom", identifierValue: `version/${V2}` }],
    });
    // The stable media route, never a presigned store URL.
    expect(hls.identifier).toEqual([
      {
        identifierScope: "axiom",
        identifierValue: "rendition/00000000-0000-4000-8000-0000000000d2",
        url: `https://axiom.example.com/api/versions/${V2}/media/hls/master.m3u8`,
      },
    ]);
    expect(JSON.stringify(doc)).not.toMatch(/X-Amz-|Signature=/);
  });

  it("writes the master's codec, size and file natively, and rate, duration, timecode and colour as AXIOM custom data", () => {
    const doc = toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 });
    const sc = byIdentifier(doc, "AssetSC", `version/${V2}`);
    expect(sc.structuralType).toBe("digital.audioVisual");
    expect(sc.structuralProperties).toEqual({
      codec: "prores",
      dimensions: { width: "1920px", height: "1080px" },
      fileDetails: { fileName: "SH010_v002.MOV", fileExtension: "mov", mediaType: "video/quicktime" },
    });
    expect(mediaOf(doc, V2)).toMatchObject({
      frameRate: "24000/1001",
      frameCount: 240,
      duration: "PT10.01S",
      startTimecode: "01:00:00:00",
      endTimecode: "01:00:09:23",
      dropFrame: false,
      colorPrimaries: "bt2020",
      colorTransfer: "smpte2084",
      colorSpace: "bt2020nc",
      audioSampleRate: 48000,
    });
  });

  it("writes drop-frame timecode with a semicolon before the frames, and counts the dropped numbers", () => {
    const doc = toOmcDocument(
      sourceOf([
        readyVersion({
          frameRate: { num: 30000, den: 1001 },
          dropFrame: true,
          startTimecode: "01:00:00:00",
          frameCount: 1801,
        }),
      ]),
      { kind: "version", versionId: V2 },
    );
    // 01:01:00;00 and ;01 do not exist in drop-frame: frame 1800 is 01:01:00;02.
    expect(mediaOf(doc, V2)).toMatchObject({
      frameRate: "30000/1001",
      dropFrame: true,
      startTimecode: "01:00:00;00",
      endTimecode: "01:01:00;02",
    });
  });

  it("ignores a drop-frame flag on a rate that has no drop-frame", () => {
    const doc = toOmcDocument(
      sourceOf([readyVersion({ frameRate: { num: 25, den: 1 }, dropFrame: true, frameCount: 25 })]),
      { kind: "version", versionId: V2 },
    );
    expect(mediaOf(doc, V2)).toMatchObject({
      frameRate: "25/1",
      dropFrame: false,
      startTimecode: "01:00:00:00",
      endTimecode: "01:00:00:24",
    });
  });

  it("swaps width and height of a portrait phone clip (rotation 90)", () => {
    const doc = toOmcDocument(sourceOf([readyVersion({ rotation: 90 })]), { kind: "version", versionId: V2 });
    expect(
      (byIdentifier(doc, "AssetSC", `version/${V2}`).structuralProperties as Record<string, unknown>).dimensions,
    ).toEqual({ width: "1080px", height: "1920px" });
  });

  it("leaves out what a failed version never learned, and writes no null anywhere", () => {
    const doc = toOmcDocument(sourceOf([failedVersion()]), { kind: "version", versionId: V3 });
    const sc = byIdentifier(doc, "AssetSC", `version/${V3}`);
    expect(sc.structuralType).toBe("digital");
    expect(sc.structuralProperties).toEqual({
      fileDetails: { fileName: "SH010_v003.mov", fileExtension: "mov", mediaType: "video/quicktime" },
    });
    expect(Object.keys(mediaOf(doc, V3)).sort()).toEqual(["sizeBytes"]);
    expect((sc.version as Record<string, unknown>).Revision).toBeUndefined(); // the newest: nothing revises it yet
    expect(containsNull(doc)).toBe(false);
    expect(
      containsNull(
        toOmcDocument(sourceOf([readyVersion({ decisions: [{ ...readyVersion().decisions[1]!, note: null }] })]), {
          kind: "asset",
        }),
      ),
    ).toBe(false);
  });

  it("records processing as a transcode task with its error, and review only once there is one", () => {
    const doc = toOmcDocument(sourceOf([failedVersion()]), { kind: "version", versionId: V3 });
    expect(doc.Task).toHaveLength(1);
    const task = byIdentifier(doc, "Task", `task/processing/${V3}`);
    expect(task.taskFC).toEqual({
      functionalType: "transcode",
      customData: [
        {
          domain: "axiom",
          namespace: "processing",
          value: {
            state: "ERROR",
            errorCode: "corrupt_input",
            errorMessage: "moov atom not found",
            warnings: [],
            startedAt: "2026-01-06T10:00:05.000Z",
          },
        },
      ],
    });
    expect(task.Context).toEqual([{ identifier: [{ identifierScope: "axiom", identifierValue: `context/${V3}` }] }]);
  });

  it("records every decision with who made it, and the people as participants", () => {
    const doc = toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 });
    const review = byIdentifier(doc, "Task", `task/review/${V2}`);
    const data = (review.taskFC as { customData: { value: { state: string; decisions: unknown[] } }[] }).customData[0]!
      .value;
    expect(data.state).toBe("APPROVED");
    expect(data.decisions).toEqual([
      {
        decision: "CHANGES_REQUESTED",
        note: "Grade is too warm",
        decidedAt: "2026-01-06T11:00:00.000Z",
        decidedBy: `participant/${SUPERVISOR.id}`,
      },
      { decision: "APPROVED", decidedAt: "2026-01-06T12:00:00.000Z", decidedBy: `participant/${SUPERVISOR.id}` },
    ]);
    expect(doc.Participant.map((p) => p.name).sort()).toEqual([PRODUCER.name, SUPERVISOR.name]);
    expect(byIdentifier(doc, "Participant", `participant/${SUPERVISOR.id}`).ParticipantSC).toMatchObject({
      entityType: "Person",
      personName: { fullName: SUPERVISOR.name },
    });
    expect(JSON.stringify(doc)).not.toContain("@"); // no email address leaves AXIOM
  });

  it("carries the notes as annotations at their timecode", () => {
    const doc = toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 });
    expect(byIdentifier(doc, "AssetSC", `version/${V2}`).annotation).toEqual([
      { author: SUPERVISOR.name, title: "Note at 01:00:01:00 (resolved)", text: "Boom in frame" },
      { author: PRODUCER.name, title: "Reply to note at 01:00:01:00", text: "Fixed in v3" },
    ]);
  });

  it("gives every entity a distinct identifier in the axiom scope", () => {
    const doc = toOmcDocument(sourceOf([readyVersion(), failedVersion()]), { kind: "asset" });
    const identifiers = Object.values(doc).flatMap((entities: OmcEntity[]) =>
      entities.map((e) => (e.identifier as { identifierScope: string; identifierValue: string }[])[0]!),
    );
    expect(identifiers.every((i) => i.identifierScope === "axiom")).toBe(true);
    expect(new Set(identifiers.map((i) => i.identifierValue)).size).toBe(identifiers.length);
    expect(doc.Asset[0]!.AssetSC).toEqual({
      identifier: [{ identifierScope: "axiom", identifierValue: `version/${V3}` }],
    });
  });
});

describe("isoDuration", () => {
  it("writes seconds to the millisecond, without trailing zeros", () => {
    expect(isoDuration(240 / (24000 / 1001))).toBe("PT10.01S");
    expect(isoDuration(0)).toBe("PT0S");
    expect(isoDuration(3600.5)).toBe("PT3600.5S");
    expect(isoDuration(1.0004)).toBe("PT1S");
  });
});

const schemaDir = omcSchemaDir();
if (!schemaDir) console.warn(`[omc] ${omcSchemaSkipReason}`);

describe.skipIf(!schemaDir)("against MovieLabs' OMC-JSON v2.8 schema", () => {
  const validate = loadOmcValidator(schemaDir!);
  const utility = () => JSON.parse(readFileSync(join(schemaDir!, OMC_SCHEMA_FILE), "utf8")).$defs.Utility.properties;

  it.each([
    ["a READY version", () => toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 })],
    ["a failed version", () => toOmcDocument(sourceOf([failedVersion()]), { kind: "version", versionId: V3 })],
    [
      "a drop-frame version",
      () =>
        toOmcDocument(sourceOf([readyVersion({ frameRate: { num: 30000, den: 1001 }, dropFrame: true })]), {
          kind: "version",
          versionId: V2,
        }),
    ],
    ["the whole asset", () => toOmcDocument(sourceOf([readyVersion(), failedVersion()]), { kind: "asset" })],
  ])("validates %s", (_name, make) => {
    expect(validate(make()).errors).toEqual([]);
    expect(validate(make()).isValid).toBe(true);
  });

  it("refuses a document OMC does not allow (the check can fail)", () => {
    const doc = toOmcDocument(sourceOf([readyVersion()]), { kind: "version", versionId: V2 });
    const sc = byIdentifier(doc, "AssetSC", `version/${V2}`);
    (sc.structuralProperties as Record<string, unknown>).frameRate = "24000/1001"; // not an OMC structural property
    expect(validate(doc).isValid).toBe(false);
    expect(validate({ ...doc, Version: [] }).isValid).toBe(false);
  });

  it("writes durations in OMC's ISO 8601 notation", () => {
    const pattern = new RegExp(utility().time.properties.durationTime.pattern);
    for (const s of [0, 10.01, 3600.5, 86399.999]) expect(isoDuration(s)).toMatch(pattern);
  });
});
