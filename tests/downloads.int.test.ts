import { createHash, randomBytes } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { Unzip, UnzipPassThrough } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as masterRoute from "../app/api/versions/[versionId]/download/master/route";
import * as proxyRoute from "../app/api/versions/[versionId]/download/proxy/route";
import * as zipRoute from "../app/api/playlists/[playlistId]/proxies.zip/route";
import { createDb, type DbHandle } from "../db/client";
import { auditEvents, playlistItems, playlists, type User, type Version } from "../db/schema";
import type { RouteDeps } from "../lib/api/route";
import { streamPlaylistProxiesZip } from "../lib/downloads/stream-playlist-proxies-zip";
import { resetEnvCache } from "../lib/env";
import { createStorage, derivedKey, type Storage } from "../lib/storage";
import { s3Environment } from "../scripts/dev-services/local-s3";
import { createAsset, createMember, createProject, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";

/**
 * Downloads (docs/playlists.md, "Downloads") against a real database (as the app role) and the
 * run's s3rver: presigned GETs whose Content-Disposition the store answers with, fetched for real;
 * the audit rows; who is refused the master; and the playlist zip, read incrementally through a
 * streaming unzip, with a store wrapper that counts what was read from S3 to show the zip is pulled,
 * not buffered, and that a client going away stops the S3 read.
 */

const ORIGIN = "http://axiom.downloads.test";
const MiB = 1024 * 1024;
let t: TestDatabase;
let app: DbHandle;
let storage: Storage;

const as = (user: User | null): RouteDeps => ({
  db: app.db,
  readSession: async () => (user ? { userId: user.id } : null),
  publicUrl: ORIGIN,
});
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const get = (path: string) => new Request(`${ORIGIN}${path}`);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

type Scene = Awaited<ReturnType<typeof makeScene>>;
/** Three versions of two assets with proxies of `proxyBytes` random bytes each, one version without, a playlist of all four. */
async function makeScene(proxyBytes: number) {
  const project = await createProject(t.db);
  const producer = await createMember(t.db, project.id, "producer");
  const supervisor = await createMember(t.db, project.id, "supervisor");
  const viewer = await createMember(t.db, project.id, "viewer");
  const a = await createAsset(t.db, { projectId: project.id, createdBy: producer.id, name: "SH010" });
  const b = await createAsset(t.db, { projectId: project.id, createdBy: producer.id, name: "Scène/20" });
  const proxies = new Map<string, Buffer>();
  const withProxy: Version[] = [];
  for (const asset of [a, a, b]) {
    const v = await createVersion(t.db, { assetId: asset.id, uploadedBy: producer.id, renditions: ["proxy_mp4"] });
    const bytes = randomBytes(proxyBytes);
    await storage.putBytes(derivedKey(v.id, "proxy.mp4"), bytes, "video/mp4");
    proxies.set(v.id, bytes);
    withProxy.push(v);
  }
  const noProxy = await createVersion(t.db, { assetId: b.id, uploadedBy: producer.id, state: "PROCESSING" });
  const [playlist] = await t.db.insert(playlists).values({ projectId: project.id, name: "Dailies 12/03" }).returning();
  for (const [position, v] of [withProxy[2]!, noProxy, withProxy[0]!, withProxy[1]!].entries()) {
    await t.db.insert(playlistItems).values({ playlistId: playlist!.id, versionId: v.id, position });
  }
  return { project, producer, supervisor, viewer, withProxy, noProxy, proxies, playlistId: playlist!.id };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const s3 = testS3Config();
  Object.assign(process.env, {
    DATABASE_URL: t.appUrl,
    NEXTAUTH_URL: ORIGIN,
    NEXTAUTH_SECRET: "downloads-test-secret-0123456789abcdef",
    ...s3Environment(s3),
  });
  resetEnvCache();
  app = createDb(t.appUrl, { max: 5 });
  storage = createStorage({ ...s3, forcePathStyle: true });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

async function auditOf(versionId: string, action: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, versionId), eq(auditEvents.action, action)));
}

describe("proxy and master downloads", () => {
  let s: Scene;
  beforeAll(async () => {
    s = await makeScene(64 * 1024);
  });

  it("every member gets the proxy: a 302 to a presigned GET that the store answers as an attachment, audited", async () => {
    const v = s.withProxy[0]!;
    for (const user of [s.viewer, s.supervisor, s.producer]) {
      const res = await proxyRoute.GET.withDeps(as(user))(
        get(`/api/versions/${v.id}/download/proxy`),
        ctx({ versionId: v.id }),
      );
      expect(res.status).toBe(302);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const fetched = await fetch(res.headers.get("location")!);
      expect(fetched.status).toBe(200);
      expect(fetched.headers.get("content-disposition")).toBe(
        `attachment; filename="SH010_v001_proxy.mp4"; filename*=UTF-8''SH010_v001_proxy.mp4`,
      );
      expect(sha256(new Uint8Array(await fetched.arrayBuffer()))).toBe(sha256(s.proxies.get(v.id)!));
    }
    const rows = await auditOf(v.id, "version.proxy_downloaded");
    expect(rows.map((r) => r.actorId).sort()).toEqual([s.viewer.id, s.supervisor.id, s.producer.id].sort());
    expect(rows[0]!.data).toMatchObject({ fileName: "SH010_v001_proxy.mp4", number: 1 });
  });

  it("a version without a proxy answers 404", async () => {
    const res = await proxyRoute.GET.withDeps(as(s.viewer))(get("/x"), ctx({ versionId: s.noProxy.id }));
    expect(res.status).toBe(404);
  });

  it("a producer gets the master's exact bytes under its original file name; viewers and supervisors are refused, unaudited", async () => {
    const original = 'Scène 12 "take" (3);\r\nX-Evil: 1.mov';
    const master = randomBytes(3 * MiB + 17);
    const asset = await createAsset(t.db, { projectId: s.project.id, createdBy: s.producer.id, name: "MASTER" });
    const v = await createVersion(t.db, {
      assetId: asset.id,
      uploadedBy: s.producer.id,
      overrides: { originalFileName: original, sizeBytes: master.length },
    });
    await storage.putBytes(v.storageKey, master, "video/quicktime");

    for (const user of [s.viewer, s.supervisor]) {
      const refused = await masterRoute.GET.withDeps(as(user))(get("/x"), ctx({ versionId: v.id }));
      expect(refused.status).toBe(403);
    }
    expect(await auditOf(v.id, "version.master_downloaded")).toEqual([]);

    const res = await masterRoute.GET.withDeps(as(s.producer))(get("/x"), ctx({ versionId: v.id }));
    expect(res.status).toBe(302);
    const fetched = await fetch(res.headers.get("location")!);
    const disposition = fetched.headers.get("content-disposition")!;
    expect(disposition).not.toMatch(/[\r\n]/);
    // The exact name comes back from filename* (the quoted fallback has no quote, CR or LF of it).
    const exact = decodeURIComponent(/filename\*=UTF-8''([^;\s]+)$/.exec(disposition)![1]!);
    expect(exact).toBe('Scène 12 "take" (3);X-Evil: 1.mov');
    expect(disposition).toMatch(
      /^attachment; filename="Scene 12 _take_ _3_X-Evil_ 1\.mov"; filename\*=UTF-8''[^"';\s]+$/,
    );
    const bytes = new Uint8Array(await fetched.arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(master));
    const [audited] = await auditOf(v.id, "version.master_downloaded");
    expect(audited).toMatchObject({
      actorId: s.producer.id,
      projectId: s.project.id,
      data: { fileName: original, sizeBytes: master.length },
    });
  });
});

/** Reads a stream one chunk at a time, handing each to `onChunk` before asking for the next. */
async function readIncrementally(
  body: ReadableStream<Uint8Array>,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
): Promise<number> {
  const reader = body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return total;
    total += value.byteLength;
    await onChunk(value);
  }
}

/** A streaming unzip fed chunk by chunk: each entry's name, bytes and stored flag as they complete. */
function streamingUnzip() {
  const entries: { name: string; bytes: Buffer; compression: number }[] = [];
  const unzip = new Unzip((file) => {
    const parts: Uint8Array[] = [];
    file.ondata = (err, data, final) => {
      if (err) throw err;
      parts.push(data);
      if (final) entries.push({ name: file.name, bytes: Buffer.concat(parts), compression: file.compression });
    };
    file.start();
  });
  unzip.register(UnzipPassThrough);
  return { entries, push: (chunk: Uint8Array, final = false) => unzip.push(chunk, final) };
}

/** CRC-32 and sizes of each entry as the central directory records them. */
function centralDirectory(zip: Buffer): { name: string; crc: number; size: number }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  const count = zip.readUInt16LE(eocd + 10);
  const found = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    found.push({
      name: zip.subarray(at + 46, at + 46 + nameLength).toString("utf8"),
      crc: zip.readUInt32LE(at + 16),
      size: zip.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return found;
}

/** The real store, with the bytes read out of each GetObject body counted (and the bodies kept to see them closed). */
function countingStorage() {
  const opened: { key: string; body: Readable }[] = [];
  let bytesRead = 0;
  const wrapped: Pick<Storage, "getStream"> = {
    async getStream(key) {
      const body = await storage.getStream(key);
      opened.push({ key, body });
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytesRead += chunk.length;
          done(null, chunk);
        },
      });
      // `pipe` respects backpressure: the body is read only as fast as the counter is drained.
      body.pipe(counter);
      counter.on("close", () => body.destroy());
      return counter;
    },
  };
  return { storage: wrapped, opened, bytesRead: () => bytesRead };
}

describe("download all proxies of a playlist", () => {
  it("streams a zip of every proxy in playlist order, STORED, contents and CRCs intact; audited with what it held", async () => {
    const s = await makeScene(2 * MiB + 123);
    const res = await zipRoute.GET.withDeps(as(s.viewer))(
      get(`/api/playlists/${s.playlistId}/proxies.zip`),
      ctx({ playlistId: s.playlistId }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="Dailies_12_03_proxies.zip"; filename*=UTF-8''Dailies_12_03_proxies.zip`,
    );
    const unzip = streamingUnzip();
    const chunks: Uint8Array[] = [];
    await readIncrementally(res.body!, (chunk) => {
      chunks.push(chunk);
      unzip.push(chunk);
    });
    unzip.push(new Uint8Array(0), true);

    const order = [s.withProxy[2]!, s.withProxy[0]!, s.withProxy[1]!];
    expect(unzip.entries.map((e) => e.name)).toEqual(
      ["1_Scene_20_v001.mp4", "2_SH010_v001.mp4", "3_SH010_v002.mp4"].map((n) => `0${n}`),
    );
    for (const [i, entry] of unzip.entries.entries()) {
      expect(entry.compression, "STORE").toBe(0);
      expect(sha256(entry.bytes)).toBe(sha256(s.proxies.get(order[i]!.id)!));
    }
    const directory = centralDirectory(Buffer.concat(chunks));
    expect(directory).toEqual(
      order.map((v, i) => ({
        name: unzip.entries[i]!.name,
        crc: crc32(s.proxies.get(v.id)!),
        size: s.proxies.get(v.id)!.length,
      })),
    );

    const [audited] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, s.playlistId), eq(auditEvents.action, "playlist.proxies_downloaded")));
    expect(audited).toMatchObject({
      actorId: s.viewer.id,
      data: { versionIds: order.map((v) => v.id), skippedVersionIds: [s.noProxy.id] },
    });
  });

  it("does not buffer: what has been read from S3 stays within a few chunks of what the client has taken", async () => {
    const s = await makeScene(4 * MiB);
    const counted = countingStorage();
    const zip = await streamPlaylistProxiesZip(app.db, counted.storage, {
      actor: { id: s.producer.id, isAdmin: false },
      playlistId: s.playlistId,
    });
    let delivered = 0;
    let worstLead = 0;
    await readIncrementally(zip.stream, async (chunk) => {
      delivered += chunk.byteLength;
      // A slow client: the zip gets every chance to run ahead of it if it were going to.
      await new Promise((resolve) => setTimeout(resolve, 1));
      worstLead = Math.max(worstLead, counted.bytesRead() - delivered);
    });
    expect(counted.bytesRead()).toBe(3 * 4 * MiB);
    expect(delivered).toBeGreaterThan(3 * 4 * MiB);
    // Stream buffers (the SDK's socket reads, the pipe, one zip chunk): tens of KB; a buffered file would be 4 MiB.
    expect(worstLead).toBeLessThan(512 * 1024);
    expect(counted.opened).toHaveLength(3);
  });

  it("a client that goes away stops the S3 read at once and opens nothing more (cancel, and an aborted request)", async () => {
    const s = await makeScene(4 * MiB);
    for (const how of ["cancel", "abort"] as const) {
      const counted = countingStorage();
      const abort = new AbortController();
      const zip = await streamPlaylistProxiesZip(app.db, counted.storage, {
        actor: { id: s.viewer.id, isAdmin: false },
        playlistId: s.playlistId,
        signal: abort.signal,
      });
      const reader = zip.stream.getReader();
      let delivered = 0;
      while (delivered < 256 * 1024) delivered += (await reader.read()).value?.byteLength ?? 0;
      if (how === "cancel") await reader.cancel("client went away");
      else abort.abort();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(counted.opened, how).toHaveLength(1);
      expect(counted.opened[0]!.body.destroyed, how).toBe(true);
      expect(counted.bytesRead(), how).toBeLessThan(MiB);
    }
  });

  it("a playlist with no proxy at all is a 409, not an empty zip", async () => {
    const s = await makeScene(1024);
    await t.db.delete(playlistItems).where(eq(playlistItems.playlistId, s.playlistId));
    await t.db.insert(playlistItems).values({ playlistId: s.playlistId, versionId: s.noProxy.id, position: 0 });
    const res = await zipRoute.GET.withDeps(as(s.producer))(get("/x"), ctx({ playlistId: s.playlistId }));
    expect(res.status).toBe(409);
  });
});
