import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, versions, type Project, type User } from "../db/schema";
import { downloadMaster } from "../lib/processing/download-master";
import { createStorage, masterKey, type Storage } from "../lib/storage";
import { abandonStaleUploads } from "../lib/uploads/abandon-stale-uploads";
import { abortUpload } from "../lib/uploads/abort-upload";
import { completeUpload } from "../lib/uploads/complete-upload";
import { listUploadedParts } from "../lib/uploads/list-uploaded-parts";
import { presignUploadParts } from "../lib/uploads/presign-upload-parts";
import { presignUploadUrl } from "../lib/uploads/presign-upload-url";
import { sweepStagingObjects } from "../lib/uploads/sweep-staging-objects";
import { createMember, createProject } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { expectAppError, limits, MiB, put, uploadHelpers } from "./helpers/uploads";
import { sha256Of } from "./processing-fixtures";

/**
 * Issue 10 #2: presigned upload URLs name only the staging key; completion copies it server-side
 * to the master key, which never had a URL. So a URL re-used after completion — within its
 * lifetime, or on s3rver, which checks neither signatures nor expiry — cannot change the bytes the
 * worker reads (`downloadMaster` on `versions.storage_key`, exactly as process-version does).
 * Real PostgreSQL and s3rver.
 */

let t: TestDatabase;
let storage: Storage;
let project: Project;
let producer: User;
let workDir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  storage = createStorage({ ...testS3Config(), forcePathStyle: true });
  project = await createProject(t.db);
  producer = await createMember(t.db, project.id, "producer");
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "axiom-staging-"));
});
afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
  await t?.drop();
});

const actor = () => ({ id: producer.id, isAdmin: false });
const { start, getVersion } = uploadHelpers(() => ({ db: t.db, storage, projectId: project.id, producerId: producer.id }));

/** What the worker would process: the master downloaded and hashed by the worker's own code. */
async function workerReadsSha256(versionId: string): Promise<string> {
  const version = await getVersion(versionId);
  const destination = path.join(workDir, `${versionId}-${randomBytes(4).toString("hex")}`);
  const { sha256 } = await downloadMaster(storage, { key: version.storageKey, destination });
  await fs.rm(destination);
  return sha256;
}

/** A PUT that may be refused: the status, whatever it is. */
async function tryPut(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { method: "PUT", body: new Blob([body as Uint8Array<ArrayBuffer>]), headers });
  await res.arrayBuffer();
  return res.status;
}

/** The same URL without its query: on a store that checks no signature, a plain PutObject on its key. */
const withoutQuery = (url: string) => {
  const u = new URL(url);
  u.search = "";
  return u.toString();
};

function expectNoMasterIn(url: string, versionId: string) {
  const { pathname } = new URL(url);
  expect(pathname).not.toContain("/masters/");
  expect(pathname).toContain(`/staging/${project.id}/${versionId}`);
}

describe("a presigned URL re-used after completion", () => {
  it("single PUT: different bytes of the same size sent to the original (and a fresh) URL do not reach the master", async () => {
    const original = randomBytes(300_000);
    const upload = await start({ size: original.length });
    if (upload.mode !== "single") throw new Error("expected a single PUT");
    const fresh = await presignUploadUrl(t.db, storage, { versionId: upload.versionId, actor: actor(), limits });
    for (const url of [upload.url, fresh.url]) expectNoMasterIn(url, upload.versionId);

    await put(upload.url, original, upload.headers);
    await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), sha256: sha256Of(original), limits });
    const version = await getVersion(upload.versionId);
    expect(version.processingState).toBe("PENDING");
    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(original));
    const masterBefore = await storage.head(version.storageKey);

    // The uploader swaps the file after completion (after processing or approval, it is the same).
    const swapped = randomBytes(original.length);
    expect(await tryPut(upload.url, swapped, upload.headers)).toBe(200); // s3rver accepts it: nothing to stop it there
    expect(await tryPut(fresh.url, swapped, fresh.headers)).toBe(200);
    expect(await tryPut(withoutQuery(upload.url), swapped, upload.headers)).toBe(200);

    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(original));
    expect(await storage.head(version.storageKey)).toEqual(masterBefore);
    // The audit trail's ETag is the master's, and still matches it.
    const [event] = await t.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, upload.versionId), eq(auditEvents.action, "version.uploaded")));
    expect((event?.data as { etag?: string } | undefined)?.etag).toBe(masterBefore?.etag);

    // What the re-PUT wrote sits under the staging key, which the hourly sweep removes.
    expect((await storage.head(version.stagingKey!))?.size).toBe(original.length);
    const swept = await sweepStagingObjects(t.db, storage);
    expect(swept.deleted).toContain(version.stagingKey);
    expect(await storage.head(version.stagingKey!)).toBeNull();
    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(original));
  });

  it("multipart: a part URL re-used after completion, with or without its query, does not reach the master", async () => {
    const original = randomBytes(11 * MiB); // 5 + 5 + 1 MiB
    const upload = await start({ size: original.length });
    if (upload.mode !== "multipart") throw new Error("expected multipart");
    const { parts } = await presignUploadParts(t.db, storage, { versionId: upload.versionId, actor: actor(), partNumbers: [1, 2, 3], limits });
    for (const { url } of parts) expectNoMasterIn(url, upload.versionId);
    for (const { partNumber, url } of parts) await put(url, original.subarray((partNumber - 1) * upload.partSize, partNumber * upload.partSize));
    await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), sha256: sha256Of(original), limits });
    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(original));
    const version = await getVersion(upload.versionId);
    const masterBefore = await storage.head(version.storageKey);

    // The completed upload id is dead (S3 and our s3rver shim answer NoSuchUpload); stripped of
    // its query, the URL becomes a plain PUT of a whole object of the same size on its key.
    const swapped = randomBytes(original.length);
    const status = await tryPut(parts[0]!.url, swapped.subarray(0, upload.partSize));
    expect([200, 404]).toContain(status);
    expect(await tryPut(withoutQuery(parts[0]!.url), swapped)).toBe(200);

    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(original));
    expect(await storage.head(version.storageKey)).toEqual(masterBefore);
    expect((await sweepStagingObjects(t.db, storage)).deleted).toContain(version.stagingKey);
  });
});

describe("completion copies staging to master", () => {
  it("copies above the CopyObject limit with UploadPartCopy (limit lowered to 5 MiB here) and removes the staging object", async () => {
    const partCopying = createStorage({ ...testS3Config(), forcePathStyle: true, maxCopyObjectBytes: 5 * MiB, copyPartBytes: 5 * MiB });
    const bytes = randomBytes(11 * MiB + 123);
    const upload = await start({ size: bytes.length });
    if (upload.mode !== "multipart") throw new Error("expected multipart");
    const { parts } = await presignUploadParts(t.db, partCopying, { versionId: upload.versionId, actor: actor(), partNumbers: [1, 2, 3], limits });
    for (const { partNumber, url } of parts) await put(url, bytes.subarray((partNumber - 1) * upload.partSize, partNumber * upload.partSize));
    await completeUpload(t.db, partCopying, { versionId: upload.versionId, actor: actor(), sha256: sha256Of(bytes), limits });
    const version = await getVersion(upload.versionId);
    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(bytes));
    expect(await storage.head(version.stagingKey!)).toBeNull();
    expect((await storage.head(version.storageKey))?.contentType).toBe("video/quicktime");
  });

  it("refuses a part copy from a source that changed (x-amz-copy-source-if-match) with 409", async () => {
    const partCopying = createStorage({ ...testS3Config(), forcePathStyle: true, maxCopyObjectBytes: 5 * MiB, copyPartBytes: 5 * MiB });
    const source = `staging/${project.id}/${crypto.randomUUID()}`;
    await storage.putBytes(source, randomBytes(6 * MiB), "video/quicktime");
    await expectAppError(
      partCopying.copy(source, `${source}-copy`, { size: 6 * MiB, contentType: "video/quicktime", sourceEtag: '"00000000000000000000000000000000"' }),
      "conflict",
      409,
    );
    expect(await storage.head(`${source}-copy`)).toBeNull();
    await storage.delete(source);
  });

  it("keeps completion idempotent: a repeat copies nothing, even when the staging key was written again", async () => {
    const bytes = randomBytes(1000);
    const upload = await start({ size: bytes.length });
    if (upload.mode !== "single") throw new Error("expected a single PUT");
    await put(upload.url, bytes, upload.headers);
    const first = await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), limits });
    await put(upload.url, randomBytes(bytes.length), upload.headers);
    const again = await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), limits });
    expect(again).toEqual({ ...first, alreadyCompleted: true });
    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(bytes));
  });

  it("two completions at once: one copies and completes, the other answers the same; the master remembers its source", async () => {
    const bytes = randomBytes(2000);
    const upload = await start({ size: bytes.length });
    if (upload.mode !== "single") throw new Error("expected a single PUT");
    const stagedEtag = await put(upload.url, bytes, upload.headers);
    const both = await Promise.all([0, 1].map(() => completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), limits })));
    expect(both.map((c) => c.alreadyCompleted).sort()).toEqual([false, true]);
    expect(both[0]!.version).toEqual(both[1]!.version);
    const master = await storage.head((await getVersion(upload.versionId)).storageKey);
    expect(master?.metadata?.["axiom-staging-etag"]).toBe(stagedEtag);
    expect(await workerReadsSha256(upload.versionId)).toBe(sha256Of(bytes));
  });
});

describe("cleaning up the staging key", () => {
  it("abort deletes the staging object (and no master exists)", async () => {
    const upload = await start({ size: 500 });
    if (upload.mode !== "single") throw new Error("expected a single PUT");
    await put(upload.url, randomBytes(500), upload.headers);
    const version = await getVersion(upload.versionId);
    expect(await storage.head(version.stagingKey!)).not.toBeNull();
    await abortUpload(t.db, storage, { versionId: upload.versionId, actor: actor() });
    expect(await storage.head(version.stagingKey!)).toBeNull();
    expect(await storage.head(version.storageKey)).toBeNull();
  });

  it("the stale-upload sweeper deletes the staging object and aborts the staged multipart upload", async () => {
    const single = await start({ size: 500 });
    if (single.mode !== "single") throw new Error("expected a single PUT");
    await put(single.url, randomBytes(500), single.headers);
    const multi = await start({ size: 6 * MiB });
    const { parts } = await presignUploadParts(t.db, storage, { versionId: multi.versionId, actor: actor(), partNumbers: [1], limits });
    await put(parts[0]!.url, randomBytes(5 * MiB));
    await t.sql`update versions set created_at = now() - interval '3 days' where id = any(${[single.versionId, multi.versionId]}::uuid[])`;
    // Backdate the part too: the sweeper spares multipart uploads that received one recently.
    const result = await abandonStaleUploads(t.db, storage, { olderThan: new Date(Date.now() + 60_000) });
    expect(result.abandoned).toEqual(expect.arrayContaining([single.versionId, multi.versionId]));
    const [s, m] = [await getVersion(single.versionId), await getVersion(multi.versionId)];
    expect(await storage.head(s.stagingKey!)).toBeNull();
    await expect(storage.listParts(m.stagingKey!, m.multipartUploadId!)).rejects.toThrow();
  });

  it("the staging sweep keeps uploads in flight and objects of versions it does not know", async () => {
    const inFlight = await start({ size: 700 });
    if (inFlight.mode !== "single") throw new Error("expected a single PUT");
    await put(inFlight.url, randomBytes(700), inFlight.headers);
    const stranger = `staging/${project.id}/${crypto.randomUUID()}`; // another database sharing the bucket
    await storage.putBytes(stranger, "x", "video/quicktime");
    const swept = await sweepStagingObjects(t.db, storage);
    const version = await getVersion(inFlight.versionId);
    expect(swept.deleted).not.toContain(version.stagingKey);
    expect(await storage.head(version.stagingKey!)).not.toBeNull();
    expect(await storage.head(stranger)).not.toBeNull();
    await storage.delete(stranger);
    await abortUpload(t.db, storage, { versionId: inFlight.versionId, actor: actor() });
  });
});

describe("uploads started before staging keys (migration 0008: staging_key null)", () => {
  it("resume and complete a multipart upload opened on the master key, and a single PUT sent there", async () => {
    // A row as the old code made it: the multipart upload lives on the master key.
    const bytes = randomBytes(11 * MiB);
    const upload = await start({ size: bytes.length });
    const row = await getVersion(upload.versionId);
    await storage.abortMultipartUpload(row.stagingKey!, row.multipartUploadId!);
    const legacyUploadId = await storage.createMultipartUpload(row.storageKey, row.contentType);
    await t.db.update(versions).set({ stagingKey: null, multipartUploadId: legacyUploadId }).where(eq(versions.id, row.id));

    const { parts } = await presignUploadParts(t.db, storage, { versionId: row.id, actor: actor(), partNumbers: [1, 2, 3], limits });
    expect(new URL(parts[0]!.url).pathname).toContain(masterKey(project.id, row.id));
    await put(parts[0]!.url, bytes.subarray(0, 5 * MiB));
    const listed = await listUploadedParts(t.db, storage, { versionId: row.id, actor: actor(), limits });
    expect(listed.parts.map((p) => p.partNumber)).toEqual([1]);
    await put(parts[1]!.url, bytes.subarray(5 * MiB, 10 * MiB));
    await put(parts[2]!.url, bytes.subarray(10 * MiB));
    const done = await completeUpload(t.db, storage, { versionId: row.id, actor: actor(), sha256: sha256Of(bytes), limits });
    expect(done.version.processingState).toBe("PENDING");
    expect(await workerReadsSha256(row.id)).toBe(sha256Of(bytes));

    const small = randomBytes(900);
    const single = await start({ size: small.length });
    await t.db.update(versions).set({ stagingKey: null }).where(eq(versions.id, single.versionId));
    const url = await presignUploadUrl(t.db, storage, { versionId: single.versionId, actor: actor(), limits });
    await put(url.url, small, url.headers);
    await completeUpload(t.db, storage, { versionId: single.versionId, actor: actor(), limits });
    expect(await workerReadsSha256(single.versionId)).toBe(sha256Of(small));
  });

  it("refuses a staging key equal to the master key (database check)", async () => {
    const upload = await start({ size: 10 });
    const row = await getVersion(upload.versionId);
    await expect(t.db.update(versions).set({ stagingKey: row.storageKey }).where(eq(versions.id, row.id))).rejects.toThrow();
  });
});
