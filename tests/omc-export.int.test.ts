import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as assetOmcRoute from "../app/api/assets/[assetId]/omc.json/route";
import * as v1AssetOmcRoute from "../app/api/v1/assets/[assetId]/omc/route";
import * as v1VersionOmcRoute from "../app/api/v1/versions/[versionId]/omc/route";
import * as versionOmcRoute from "../app/api/versions/[versionId]/omc.json/route";
import type { User, Version } from "../db/schema";
import type { RouteDeps } from "../lib/api/route";
import { createComment } from "../lib/comments/create-comment";
import { decideVersion } from "../lib/decisions/decide-version";
import { loadVersionOmc } from "../lib/omc/load-omc-document";
import { loadOmcValidator, omcSchemaDir, omcSchemaSkipReason } from "../lib/omc/test-omc-schema";
import { createApiToken } from "../lib/tokens/create-api-token";
import type { OmcDocument, OmcEntity } from "../lib/omc/to-omc-document";
import { createAsset, createMember, createProject, createUser, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The OMC-JSON exports end to end on a real database (as the app role): an asset with a READY
 * version (renditions, a note, a decision) and a version whose processing failed, exported through
 * the real route modules, and every document validated against MovieLabs' own schema.
 */

const ORIGIN = "http://axiom.omc.test";
let t: TestDatabase;
let producer: User;
let supervisor: User;
let viewer: User;
let outsider: User;
let assetId: string;
let ready: Version;
let failed: Version;

const as = (user: User | null): RouteDeps => ({
  db: t.db,
  readSession: async () => (user ? { userId: user.id } : null),
  publicUrl: ORIGIN,
});
const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });
const paramsOf = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const get = (path: string) => new Request(`${ORIGIN}${path}`);

const getVersionOmc = (who: User | null, versionId: string) =>
  versionOmcRoute.GET.withDeps(as(who))(get(`/api/versions/${versionId}/omc.json`), paramsOf({ versionId }));
const getAssetOmc = (who: User | null, id: string) =>
  assetOmcRoute.GET.withDeps(as(who))(get(`/api/assets/${id}/omc.json`), paramsOf({ assetId: id }));

/** /api/v1 as a script calls it: a bearer token, no session at all. */
const withToken = (path: string, token: string) => new Request(`${ORIGIN}${path}`, { headers: { authorization: `Bearer ${token}` } });
const getV1VersionOmc = (token: string, versionId: string) =>
  v1VersionOmcRoute.GET.withDeps(as(null))(withToken(`/api/v1/versions/${versionId}/omc`, token), paramsOf({ versionId }));
const getV1AssetOmc = (token: string, id: string) =>
  v1AssetOmcRoute.GET.withDeps(as(null))(withToken(`/api/v1/assets/${id}/omc`, token), paramsOf({ assetId: id }));
const tokenOf = async (user: User) => (await createApiToken(t.db, { actor: actor(user), name: "omc", expiresInDays: 1 })).token;

function entityNamed(doc: OmcDocument, type: keyof OmcDocument, identifierValue: string): OmcEntity | undefined {
  return doc[type].find((e) => (e.identifier as { identifierValue: string }[])[0]!.identifierValue === identifierValue);
}

beforeAll(async () => {
  t = await createTestDatabase();
  const project = await createProject(t.db, { name: "Night Shift", code: "NGT" });
  producer = await createMember(t.db, project.id, "producer");
  supervisor = await createMember(t.db, project.id, "supervisor");
  viewer = await createMember(t.db, project.id, "viewer");
  outsider = await createUser(t.db);
  assetId = (await createAsset(t.db, { projectId: project.id, createdBy: producer.id, name: 'SH010 "night"/ext' })).id;
  ready = await createVersion(t.db, {
    assetId,
    uploadedBy: producer.id,
    renditions: ["proxy_mp4", "hls", "poster", "thumbnails_vtt", "waveform"],
    overrides: {
      frameRateNum: 30000,
      frameRateDen: 1001,
      dropFrame: true,
      startTimecode: "00:59:59;28",
      frameCount: 300,
      durationSeconds: 300 / (30000 / 1001),
      colorPrimaries: "bt709",
      colorTransfer: "bt709",
      colorSpace: "bt709",
    },
  });
  await createComment(t.db, {
    actor: actor(supervisor),
    versionId: ready.id,
    comment: { frameIn: 2, body: "Boom dips in" },
  });
  await decideVersion(t.db, {
    actor: actor(supervisor),
    versionId: ready.id,
    decision: "CHANGES_REQUESTED",
    note: "Lose the boom",
  });
  failed = await createVersion(t.db, { assetId, uploadedBy: producer.id, state: "ERROR" });
});
afterAll(() => t?.drop());

describe("OMC-JSON export", () => {
  it("downloads a version as an attachment with a safe file name", async () => {
    const res = await getVersionOmc(viewer, ready.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="NGT_SH010_night_ext_v001.omc.json"');
    const doc = (await res.json()) as OmcDocument;
    expect(doc.Asset[0]!.name).toBe('SH010 "night"/ext');
  });

  it("describes the READY version: drop-frame timecode, exact rate, renditions, decision, note and people", async () => {
    const { document: doc } = await loadVersionOmc(t.db, { actor: actor(viewer), appUrl: ORIGIN, versionId: ready.id });
    const sc = entityNamed(doc, "AssetSC", `version/${ready.id}`)!;
    const media = (sc.customData as { namespace: string; value: Record<string, unknown> }[])[0]!.value;
    expect(media).toMatchObject({
      frameRate: "30000/1001",
      dropFrame: true,
      startTimecode: "00:59:59;28",
      endTimecode: "01:00:09;27",
      colorTransfer: "bt709",
    });
    expect((sc.version as Record<string, unknown>).Revision).toEqual([
      { identifier: [{ identifierScope: "axiom", identifierValue: `version/${failed.id}` }] },
    ]);
    expect(
      doc.AssetSC.map((e) => (e.customData as { value: { kind?: string } }[])[0]!.value.kind).filter(Boolean),
    ).toEqual(["proxy_mp4", "hls", "poster", "thumbnails_vtt", "waveform"]);
    const proxy = doc.AssetSC.find(
      (e) => (e.structuralProperties as { fileDetails?: { fileName?: string } }).fileDetails?.fileName === "proxy.mp4",
    )!;
    expect((proxy.identifier as { url: string }[])[0]!.url).toBe(`${ORIGIN}/api/versions/${ready.id}/media/proxy.mp4`);
    // Frame 2 after 00:59:59;28 is 01:00:00;00 (minute 60 is a tenth minute: no numbers dropped).
    expect(sc.annotation).toEqual([{ author: supervisor.name, title: "Note at 01:00:00;00", text: "Boom dips in" }]);
    const review = entityNamed(doc, "Task", `task/review/${ready.id}`)!;
    expect(JSON.stringify(review.taskFC)).toContain(`"decidedBy":"participant/${supervisor.id}"`);
    expect(doc.Participant.map((p) => p.name).sort()).toEqual([producer.name, supervisor.name].sort());
    expect(JSON.stringify(doc)).not.toContain(supervisor.email);
  });

  it("describes the failed version without the facts it never learned", async () => {
    const { document: doc } = await loadVersionOmc(t.db, {
      actor: actor(producer),
      appUrl: ORIGIN,
      versionId: failed.id,
    });
    const sc = entityNamed(doc, "AssetSC", `version/${failed.id}`)!;
    expect(sc.structuralType).toBe("digital");
    expect((sc.version as Record<string, unknown>).RevisionOf).toEqual({
      identifier: [{ identifierScope: "axiom", identifierValue: `version/${ready.id}` }],
    });
    expect(doc.Task.map((task) => (task.taskFC as { functionalType: string }).functionalType)).toEqual(["transcode"]);
    expect(JSON.stringify(doc)).toContain("moov atom not found");
    expect(JSON.stringify(doc)).not.toContain("null");
  });

  it("exports the whole asset with both versions as revisions, the latest named by the Asset", async () => {
    const res = await getAssetOmc(viewer, assetId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="NGT_SH010_night_ext.omc.json"');
    const doc = (await res.json()) as OmcDocument;
    expect(doc.Asset[0]!.AssetSC).toEqual({
      identifier: [{ identifierScope: "axiom", identifierValue: `version/${failed.id}` }],
    });
    expect(entityNamed(doc, "AssetSC", `version/${ready.id}`)).toBeDefined();
    expect(entityNamed(doc, "AssetSC", `version/${failed.id}`)).toBeDefined();
  });

  it("serves the very same documents over /api/v1 with a token", async () => {
    const token = await tokenOf(viewer);
    const v1Version = await getV1VersionOmc(token, ready.id);
    expect(v1Version.status).toBe(200);
    expect(v1Version.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await v1Version.text()).toBe(await (await getVersionOmc(viewer, ready.id)).text());
    const v1Asset = await getV1AssetOmc(token, assetId);
    expect(v1Asset.status).toBe(200);
    expect(await v1Asset.text()).toBe(await (await getAssetOmc(viewer, assetId)).text());
    // A token, not a cookie: the same user's session alone is refused here.
    const cookieOnly = await v1VersionOmcRoute.GET.withDeps(as(viewer))(get(`/api/v1/versions/${ready.id}/omc`), paramsOf({ versionId: ready.id }));
    expect(cookieOnly.status).toBe(401);
    expect((await getV1AssetOmc(await tokenOf(outsider), assetId)).status).toBe(404);
  });

  it("answers a non-member 404, as for an asset that does not exist", async () => {
    expect((await getAssetOmc(outsider, assetId)).status).toBe(404);
    expect((await getVersionOmc(outsider, ready.id)).status).toBe(404);
    expect((await getAssetOmc(viewer, crypto.randomUUID())).status).toBe(404);
    expect((await getAssetOmc(null, assetId)).status).toBe(401);
  });
});

const schemaDir = omcSchemaDir();
if (!schemaDir) console.warn(`[omc] ${omcSchemaSkipReason}`);

describe.skipIf(!schemaDir)("OMC-JSON export against MovieLabs' OMC-JSON v2.8 schema", () => {
  it("validates the READY version, the failed version and the whole asset as served, by cookie and by token", async () => {
    const validate = loadOmcValidator(schemaDir!);
    const token = await tokenOf(viewer);
    for (const res of [
      await getVersionOmc(viewer, ready.id),
      await getVersionOmc(viewer, failed.id),
      await getAssetOmc(viewer, assetId),
      await getV1VersionOmc(token, ready.id),
      await getV1VersionOmc(token, failed.id),
      await getV1AssetOmc(token, assetId),
    ]) {
      expect(res.status).toBe(200);
      const result = validate(await res.json());
      expect(result.errors).toEqual([]);
      expect(result.isValid).toBe(true);
    }
  });
});
