import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../db/schema";
import { toAppError } from "../lib/errors";
import { getMediaFile } from "../lib/review/get-media-file";
import { getReviewRoom } from "../lib/review/get-review-room";
import { createStorage, derivedKey, type Storage } from "../lib/storage";
import { createAsset, createMember, createProject, createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";

const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const code = toAppError(err).code;
    if (code === "internal") throw err;
    return code;
  }
  throw new Error("expected a rejection");
}

const MASTER = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720\n720p/index.m3u8\n";
const VARIANT =
  "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.002,\nseg_00000.m4s\n#EXT-X-ENDLIST\n";
const VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nsprite.jpg#xywh=0,0,160,90\n\n00:00:01.000 --> 00:00:02.000\nsprite.jpg#xywh=160,0,160,90\n";

describe("review room and media route", () => {
  let t: TestDatabase;
  let storage: Storage;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;
  let versionId: string;
  const segmentBytes = new Uint8Array(64 * 1024).map((_, i) => (i * 31) % 256);

  beforeAll(async () => {
    t = await createTestDatabase();
    const s3 = testS3Config();
    storage = createStorage({ ...s3, forcePathStyle: true });
    scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, {
      assetId: scene.asset.id,
      uploadedBy: scene.producer.id,
      renditions: ["hls", "thumbnails_vtt", "proxy_mp4"],
    });
    versionId = version.id;
    await storage.putBytes(derivedKey(versionId, "hls/master.m3u8"), MASTER, "application/vnd.apple.mpegurl");
    await storage.putBytes(derivedKey(versionId, "hls/720p/index.m3u8"), VARIANT, "application/vnd.apple.mpegurl");
    await storage.putBytes(derivedKey(versionId, "hls/720p/seg_00000.m4s"), segmentBytes, "video/iso.segment");
    await storage.putBytes(derivedKey(versionId, "sprite/thumbnails.vtt"), VTT, "text/vtt");
  });
  afterAll(() => t?.drop());

  it("serves playlists as text, whose relative URIs resolve back through the media route", async () => {
    const room = await getReviewRoom(t.db, { actor: actor(scene.viewer), versionId });
    expect(room.renditions.hlsUrl).toBe(`/api/versions/${versionId}/media/hls/master.m3u8`);
    const masterPath = room.renditions.hlsUrl!.split("/media/")[1]!;
    const master = await getMediaFile(t.db, storage, { actor: actor(scene.viewer), versionId, path: masterPath.split("/") });
    expect(master).toEqual({ kind: "text", contentType: "application/vnd.apple.mpegurl", body: MASTER, maxAgeSeconds: 60 });

    // What hls.js does: resolve the variant's URI against the playlist's URL.
    const variantUrl = new URL("720p/index.m3u8", `https://axiom.test${room.renditions.hlsUrl}`);
    expect(variantUrl.pathname).toBe(`/api/versions/${versionId}/media/hls/720p/index.m3u8`);
    const variant = await getMediaFile(t.db, storage, {
      actor: actor(scene.viewer),
      versionId,
      path: variantUrl.pathname.split("/media/")[1]!.split("/"),
    });
    expect(variant.kind === "text" && variant.body).toBe(VARIANT);
  });

  it("answers segments with a presigned URL that really fetches the bytes from the object store", async () => {
    const file = await getMediaFile(t.db, storage, { actor: actor(scene.viewer), versionId, path: ["hls", "720p", "seg_00000.m4s"] });
    expect(file.kind).toBe("redirect");
    if (file.kind !== "redirect") return;
    expect(file.expiresInSeconds).toBeLessThanOrEqual(15 * 60);
    expect(file.url).toContain("X-Amz-Signature=");
    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    // Buffer.equals: a deep toEqual over 64 KiB element by element takes seconds.
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(segmentBytes))).toBe(true);
  });

  it("rewrites the thumbnails VTT's image references through the media route", async () => {
    const file = await getMediaFile(t.db, storage, { actor: actor(scene.viewer), versionId, path: "sprite/thumbnails.vtt" });
    expect(file.kind === "text" && file.contentType).toBe("text/vtt; charset=utf-8");
    const body = file.kind === "text" ? file.body : "";
    expect(body).toContain(`00:00:00.000 --> 00:00:01.000\n/api/versions/${versionId}/media/sprite/sprite.jpg#xywh=0,0,160,90\n`);
    expect(body).toContain(`/api/versions/${versionId}/media/sprite/sprite.jpg#xywh=160,0,160,90`);
    expect(body.startsWith("WEBVTT\n")).toBe(true);
  });

  it("refuses path traversal and odd characters (404)", async () => {
    const who = actor(scene.viewer);
    for (const path of [
      ["..", "..", "masters", scene.project.id, versionId],
      ["hls", "..", "..", "x.m3u8"],
      ["hls", "..%2f..%2fx.m3u8"],
      ["hls%2F..%2Fmaster.m3u8"],
      ["hls", "", "master.m3u8"],
      ["hls", ".", "master.m3u8"],
      ["hls", "master .m3u8"],
      ["hls", "master.m3u8\u0000"],
      "/etc/passwd",
      "",
    ]) {
      expect(await errorCodeOf(getMediaFile(t.db, storage, { actor: who, versionId, path })), JSON.stringify(path)).toBe("not_found");
    }
    // A well-formed path to nothing.
    expect(await errorCodeOf(getMediaFile(t.db, storage, { actor: who, versionId, path: "hls/missing.m3u8" }))).toBe("not_found");
  });

  it("answers 404 for another project's version, even to a member of some other project", async () => {
    const elsewhere = await createProject(t.db);
    const member = await createMember(t.db, elsewhere.id, "supervisor");
    const theirAsset = await createAsset(t.db, { projectId: elsewhere.id });
    const theirVersion = await createVersion(t.db, { assetId: theirAsset.id, uploadedBy: member.id });
    await storage.putBytes(derivedKey(theirVersion.id, "hls/master.m3u8"), MASTER, "application/vnd.apple.mpegurl");

    // Our viewer cannot reach their version, by playlist or by segment…
    for (const path of ["hls/master.m3u8", "hls/720p/seg_00000.m4s"]) {
      expect(await errorCodeOf(getMediaFile(t.db, storage, { actor: actor(scene.viewer), versionId: theirVersion.id, path }))).toBe(
        "not_found",
      );
    }
    // …nor they ours, nor a stranger; and the review payload is just as hidden.
    expect(await errorCodeOf(getMediaFile(t.db, storage, { actor: actor(member), versionId, path: "hls/master.m3u8" }))).toBe("not_found");
    expect(await errorCodeOf(getMediaFile(t.db, storage, { actor: actor(scene.outsider), versionId, path: "hls/master.m3u8" }))).toBe(
      "not_found",
    );
    expect(await errorCodeOf(getReviewRoom(t.db, { actor: actor(member), versionId }))).toBe("not_found");
    // An admin sees everything.
    const asAdmin = await getMediaFile(t.db, storage, { actor: actor(scene.admin), versionId: theirVersion.id, path: "hls/master.m3u8" });
    expect(asAdmin.kind).toBe("text");
  });

  it("describes the version, its siblings newest first, media URLs and the viewer's permissions", async () => {
    const asset = await createAsset(t.db, { projectId: scene.project.id });
    const v1 = await createVersion(t.db, { assetId: asset.id, uploadedBy: scene.producer.id, state: "ERROR" });
    const v2 = await createVersion(t.db, { assetId: asset.id, uploadedBy: scene.producer.id, renditions: ["poster"] });
    await createVersion(t.db, { assetId: asset.id, uploadedBy: scene.producer.id, state: "AWAITING_UPLOAD" });

    const room = await getReviewRoom(t.db, { actor: actor(scene.supervisor), versionId: v2.id });
    expect(room.version).toMatchObject({
      id: v2.id,
      number: 2,
      processingState: "READY",
      reviewState: "IN_REVIEW",
      frameRate: { num: 24000, den: 1001 },
      frameCount: 240,
      startTimecode: "01:00:00:00",
      dropFrame: false,
      uploadedBy: { id: scene.producer.id, name: scene.producer.name },
    });
    expect(room.asset).toEqual({ id: asset.id, name: asset.name, projectId: scene.project.id });
    expect(room.versions.map((v) => [v.number, v.processingState])).toEqual([
      [2, "READY"],
      [1, "ERROR"],
    ]);
    expect(room.renditions).toEqual({ posterUrl: `/api/versions/${v2.id}/media/poster.jpg` });
    expect(room.permissions).toEqual({ canDecide: true, canComment: true, canResolve: true, canRetry: false, canPrioritize: false, canViewAudit: false });
    expect(room.viewer).toEqual({ id: scene.supervisor.id, name: scene.supervisor.name, isAdmin: false });

    const asProducer = await getReviewRoom(t.db, { actor: actor(scene.producer), versionId: v1.id });
    expect(asProducer.permissions).toMatchObject({ canRetry: true, canDecide: false, canComment: true, canViewAudit: true });
    expect(asProducer.version).toMatchObject({ processingState: "ERROR", reviewState: null, errorCode: "corrupt_input" });
  });

  it("gives the waveform's peaks as waveformPeaksUrl, served as same-origin JSON; an older PNG waveform stays waveformUrl", async () => {
    const asset = await createAsset(t.db, { projectId: scene.project.id });
    const withPeaks = await createVersion(t.db, { assetId: asset.id, uploadedBy: scene.producer.id, renditions: ["proxy_mp4", "waveform"] });
    const peaks = JSON.stringify({ version: 2, channels: 1, sample_rate: 48000, samples_per_pixel: 480, bits: 8, length: 2, data: [-10, 12, -127, 127] });
    await storage.putBytes(derivedKey(withPeaks.id, "waveform.json"), peaks, "application/json");
    const room = await getReviewRoom(t.db, { actor: actor(scene.viewer), versionId: withPeaks.id });
    expect(room.renditions).toEqual({
      proxyUrl: `/api/versions/${withPeaks.id}/media/proxy.mp4`,
      waveformPeaksUrl: `/api/versions/${withPeaks.id}/media/waveform.json`,
    });
    const file = await getMediaFile(t.db, storage, { actor: actor(scene.viewer), versionId: withPeaks.id, path: "waveform.json" });
    expect(file).toEqual({ kind: "text", contentType: "application/json", body: peaks, maxAgeSeconds: 60 });

    const withPicture = await createVersion(t.db, {
      assetId: asset.id,
      uploadedBy: scene.producer.id,
      renditions: [{ kind: "waveform", path: "waveform.png", contentType: "image/png" }],
    });
    const older = await getReviewRoom(t.db, { actor: actor(scene.viewer), versionId: withPicture.id });
    expect(older.renditions).toEqual({ waveformUrl: `/api/versions/${withPicture.id}/media/waveform.png` });
  });
});
