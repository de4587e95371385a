import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, auditEvents, versions, type Project, type User } from "../db/schema";
import { authorizeProjectOrThrow, findProjectIdOfVersion } from "../lib/projects/authorize-project";
import { createStorage, type Storage } from "../lib/storage";
import type { JobHelpers } from "graphile-worker";
import { runAbandonStaleUploads } from "../jobs/abandon-stale-uploads";
import { abandonStaleUploads } from "../lib/uploads/abandon-stale-uploads";
import { abortUpload } from "../lib/uploads/abort-upload";
import { completeUpload } from "../lib/uploads/complete-upload";
import type { CreatedUpload, CreateUploadRequest } from "../lib/uploads/create-upload";
import { listUploadedParts } from "../lib/uploads/list-uploaded-parts";
import { presignPartsBody, presignUploadParts } from "../lib/uploads/presign-upload-parts";
import { addMember, createAsset, createMember, createProject, createUser } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { expectAppError, limits, MiB, put, uploadHelpers } from "./helpers/uploads";
import { sha256Of } from "./processing-fixtures";
import { claimVersion } from "../lib/processing/claim-version";

let t: TestDatabase;
let storage: Storage;
let project: Project;
let otherProject: Project;
let producer: User;
let otherProducer: User;
let admin: User;

beforeAll(async () => {
  t = await createTestDatabase();
  const s3 = testS3Config();
  storage = createStorage({ ...s3, forcePathStyle: true });
  project = await createProject(t.db);
  otherProject = await createProject(t.db);
  producer = await createMember(t.db, project.id, "producer");
  otherProducer = await createMember(t.db, project.id, "producer");
  await addMember(t.db, { projectId: otherProject.id, userId: producer.id, role: "producer" });
  admin = await createUser(t.db, { isAdmin: true });
});
afterAll(() => t?.drop());

// ---------------------------------------------------------------------------------------
// helpers

const actorOf = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });
const { start, getVersion } = uploadHelpers(() => ({ db: t.db, storage, projectId: project.id, producerId: producer.id }));

/** Uploads `bytes` the way the browser does, skipping `skipParts`; returns nothing until all are stored. */
async function sendBytes(upload: CreatedUpload, bytes: Uint8Array, options: { only?: number[] } = {}) {
  if (upload.mode === "single") {
    await put(upload.url, bytes, upload.headers);
    return;
  }
  const numbers = options.only ?? Array.from({ length: upload.partCount }, (_, i) => i + 1);
  const { parts } = await presignUploadParts(t.db, storage, {
    versionId: upload.versionId,
    actor: actorOf(producer),
    partNumbers: numbers,
    limits,
  });
  for (const { partNumber, url } of parts) {
    await put(url, bytes.subarray((partNumber - 1) * upload.partSize, partNumber * upload.partSize));
  }
}

async function jobsFor(versionId: string) {
  return t.sql<{ task_identifier: string; key: string }[]>`
    select task_identifier, key from graphile_worker.jobs where key = ${`process-version:${versionId}`}`;
}

async function auditActions(versionId: string): Promise<string[]> {
  const rows = await t.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.entityId, versionId))
    .orderBy(auditEvents.seq);
  return rows.map((r) => r.action);
}

async function counts() {
  const [row] = await t.sql<{ versions: number; assets: number; events: number }[]>`
    select (select count(*)::int from versions) as versions, (select count(*)::int from assets) as assets,
           (select count(*)::int from audit_events) as events`;
  return row!;
}

// ---------------------------------------------------------------------------------------

describe("single PUT upload", () => {
  it("creates the version AWAITING_UPLOAD, takes the bytes at a presigned URL, completes to PENDING v1 with one job", async () => {
    const bytes = randomBytes(300_000);
    const upload = await start({ size: bytes.length, fileName: "A001_C002.mov" });
    expect(upload.mode).toBe("single");
    if (upload.mode !== "single") return;
    expect(upload.headers).toEqual({ "Content-Type": "video/quicktime" });
    expect(new URL(upload.url).pathname).toContain(`/staging/${project.id}/${upload.versionId}`);

    const before = await getVersion(upload.versionId);
    expect(before).toMatchObject({ processingState: "AWAITING_UPLOAD", number: null, originalFileName: "A001_C002.mov" });
    expect(before.storageKey).toBe(`masters/${project.id}/${upload.versionId}`);
    expect(before.stagingKey).toBe(`staging/${project.id}/${upload.versionId}`);

    await put(upload.url, bytes, upload.headers);
    const done = await completeUpload(t.db, storage, {
      versionId: upload.versionId,
      actor: actorOf(producer),
      sha256: sha256Of(bytes),
      limits,
    });
    expect(done.alreadyCompleted).toBe(false);
    expect(done.statusUrl).toBe(`/api/versions/${upload.versionId}`);
    expect(done.version).toMatchObject({ number: 1, processingState: "PENDING", sha256Declared: sha256Of(bytes) });

    const after = await getVersion(upload.versionId);
    expect(after.uploadedAt).toBeInstanceOf(Date);
    expect(await jobsFor(upload.versionId)).toEqual([
      { task_identifier: "process-version", key: `process-version:${upload.versionId}` },
    ]);
    expect(await auditActions(upload.versionId)).toEqual(["version.upload_started", "version.uploaded"]);
    expect((await storage.head(after.storageKey))?.size).toBe(bytes.length);
    expect(await storage.head(after.stagingKey!)).toBeNull(); // copied to the master, then deleted
  });

  it("adds a version to the asset of the same name instead of a second asset", async () => {
    const first = await start({ size: 10, assetName: "SH_SAME" });
    const second = await start({ size: 10, assetName: "SH_SAME" });
    expect(second.assetId).toBe(first.assetId);
  });
});

describe("multipart upload", () => {
  it("uploads three parts, lists them to resume, completes with their ETags", async () => {
    const bytes = randomBytes(11 * MiB); // 5 + 5 + 1 MiB
    const upload = await start({ size: bytes.length, contentType: "" });
    expect(upload).toMatchObject({ mode: "multipart", partSize: 5 * MiB, partCount: 3, maxPartsPerRequest: 100 });
    if (upload.mode !== "multipart") return;
    expect((await getVersion(upload.versionId)).contentType).toBe("video/quicktime"); // from the extension

    // The browser sends parts 1 and 3, then the page reloads.
    await sendBytes(upload, bytes, { only: [1, 3] });
    const listed = await listUploadedParts(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits });
    expect(listed).toMatchObject({ size: bytes.length, partSize: 5 * MiB, partCount: 3 });
    expect(listed.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, 5 * MiB],
      [3, 1 * MiB],
    ]);

    // Completing now is refused: part 2 is missing, and nothing changes.
    await expectAppError(completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits }), "conflict", 409, /Part 2 is missing/);
    expect((await getVersion(upload.versionId)).processingState).toBe("AWAITING_UPLOAD");

    // Resume: only the part the store does not have.
    const have = new Set(listed.parts.map((p) => p.partNumber));
    await sendBytes(upload, bytes, { only: [1, 2, 3].filter((n) => !have.has(n)) });
    const done = await completeUpload(t.db, storage, {
      versionId: upload.versionId,
      actor: actorOf(producer),
      sha256: sha256Of(bytes),
      limits,
    });
    expect(done.version).toMatchObject({ processingState: "PENDING", number: 1, sizeBytes: bytes.length });

    const key = (await getVersion(upload.versionId)).storageKey;
    const stream = await storage.getStream(key);
    const hash = createHash("sha256");
    for await (const chunk of stream) hash.update(chunk as Buffer);
    expect(hash.digest("hex")).toBe(sha256Of(bytes));
    expect((await getVersion(upload.versionId)).multipartUploadId).toBeNull();
  });

  it("refuses wrong part numbers with 422", async () => {
    const upload = await start({ size: 11 * MiB });
    // Parsed first, as the route parses the body before the domain function runs.
    const ask = async (partNumbers: number[]) =>
      presignUploadParts(t.db, storage, { ...presignPartsBody.parse({ partNumbers }), versionId: upload.versionId, actor: actorOf(producer), limits });
    await expectAppError(ask([0]), "validation_failed", 422);
    await expectAppError(ask([4]), "validation_failed", 422, /beyond/);
    await expectAppError(ask([1, 1]), "validation_failed", 422);
    await expectAppError(ask([1.5]), "validation_failed", 422);
    await expectAppError(ask([]), "validation_failed", 422);
    await expectAppError(ask(Array.from({ length: 101 }, (_, i) => i + 1)), "validation_failed", 422);
    expect((await ask([3, 1])).parts.map((p) => p.partNumber)).toEqual([3, 1]);
  });

  it("refuses parts that do not add up to the declared size, leaving the upload open", async () => {
    const upload = await start({ size: 11 * MiB });
    if (upload.mode !== "multipart") throw new Error("expected multipart");
    const { parts } = await presignUploadParts(t.db, storage, {
      versionId: upload.versionId,
      actor: actorOf(producer),
      partNumbers: [1, 2, 3],
      limits,
    });
    await put(parts[0]!.url, randomBytes(5 * MiB));
    await put(parts[1]!.url, randomBytes(5 * MiB));
    await put(parts[2]!.url, randomBytes(1 * MiB - 1));
    const before = await getVersion(upload.versionId);
    await expectAppError(completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits }), "conflict", 409, /declared/);
    expect(await getVersion(upload.versionId)).toEqual(before);
    // Still fixable: re-send the short part and complete.
    await put(parts[2]!.url, randomBytes(1 * MiB));
    const done = await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits });
    expect(done.version.processingState).toBe("PENDING");
  });
});

describe("completion", () => {
  it("is idempotent: a second call answers the same, changes nothing and queues no second job", async () => {
    const bytes = randomBytes(1000);
    const upload = await start({ size: bytes.length });
    await sendBytes(upload, bytes);
    const actor = actorOf(producer);
    const first = await completeUpload(t.db, storage, { versionId: upload.versionId, actor, sha256: sha256Of(bytes), limits });
    const row = await getVersion(upload.versionId);
    const second = await completeUpload(t.db, storage, { versionId: upload.versionId, actor, sha256: sha256Of(bytes), limits });
    const third = await completeUpload(t.db, storage, { versionId: upload.versionId, actor, limits });
    expect(second).toEqual({ ...first, alreadyCompleted: true });
    expect(third.version).toEqual(first.version);
    expect(await getVersion(upload.versionId)).toEqual(row);
    expect(await jobsFor(upload.versionId)).toHaveLength(1);
    expect(await auditActions(upload.versionId)).toEqual(["version.upload_started", "version.uploaded"]);
    // A different hash after the fact is a conflict, not silently accepted.
    await expectAppError(
      completeUpload(t.db, storage, { versionId: upload.versionId, actor, sha256: "0".repeat(64), limits }),
      "conflict",
      409,
    );
  });

  it("refuses a size mismatch with 409 and leaves the version exactly as it was", async () => {
    const upload = await start({ size: 1000 });
    await sendBytes(upload, randomBytes(999));
    const before = await getVersion(upload.versionId);
    const eventsBefore = (await counts()).events;
    await expectAppError(
      completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), sha256: "a".repeat(64), limits }),
      "conflict",
      409,
      /999 bytes but 1000/,
    );
    expect(await getVersion(upload.versionId)).toEqual(before);
    expect(await jobsFor(upload.versionId)).toHaveLength(0);
    expect((await counts()).events).toBe(eventsBefore);
  });

  it("refuses to complete when no object was uploaded (409)", async () => {
    const upload = await start({ size: 1000 });
    await expectAppError(completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits }), "conflict", 409, /not been uploaded/);
    const multi = await start({ size: 6 * MiB });
    await expectAppError(completeUpload(t.db, storage, { versionId: multi.versionId, actor: actorOf(producer), limits }), "conflict", 409, /No parts/);
    expect((await getVersion(multi.versionId)).processingState).toBe("AWAITING_UPLOAD");
  });

  it("gives two concurrent completions on one asset consecutive numbers", async () => {
    const asset = await createAsset(t.db, { projectId: project.id });
    const uploads = await Promise.all(
      [0, 1, 2].map(() => start({ size: 2000, assetName: undefined, assetId: asset.id })),
    );
    for (const u of uploads) await sendBytes(u, randomBytes(2000));
    const done = await Promise.all(
      uploads.map((u) => completeUpload(t.db, storage, { versionId: u.versionId, actor: actorOf(producer), limits })),
    );
    expect(done.map((d) => d.version.number).sort()).toEqual([1, 2, 3]);
  });

  it("repeated completions racing the worker's claim of the version they queued never deadlock", async () => {
    // The claim takes the version, then (by the asset-summary trigger) its asset; a completion must
    // take them in that order too (it took the asset first, and repeats deadlocked with the claim).
    for (let round = 0; round < 4; round++) {
      const upload = await start({ size: 3000 });
      await sendBytes(upload, randomBytes(3000));
      let isClaimed = false;
      const claimLoop = (async () => {
        for (let i = 0; i < 400 && !isClaimed; i++) {
          const claim = await claimVersion(t.db, { versionId: upload.versionId, workerId: `w-${round}`, staleAfterSeconds: 60 });
          isClaimed = claim.isClaimed;
        }
      })();
      const answers = await Promise.allSettled(
        Array.from({ length: 8 }, () => completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits })),
      );
      await claimLoop;
      const failures = answers.flatMap((a) => (a.status === "rejected" ? [String(a.reason)] : []));
      expect(failures).toEqual([]);
      expect(isClaimed).toBe(true);
      expect((await getVersion(upload.versionId)).processingState).toBe("PROCESSING");
    }
  });

  it("queues the job if and only if the version becomes PENDING: a rolled-back completion leaves neither", async () => {
    const upload = await start({ size: 500 });
    await sendBytes(upload, randomBytes(500));
    const rollback = new Error("roll back");
    await expect(
      t.db.transaction(async (tx) => {
        await completeUpload(tx, storage, { versionId: upload.versionId, actor: actorOf(producer), limits });
        const [inside] = await tx.select().from(versions).where(eq(versions.id, upload.versionId));
        const [job] = await tx.execute<{ n: number }>(
          sql`select count(*)::int as n from graphile_worker.jobs where key = ${`process-version:${upload.versionId}`}`,
        );
        expect(inside?.processingState).toBe("PENDING");
        expect(job?.n).toBe(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect((await getVersion(upload.versionId)).processingState).toBe("AWAITING_UPLOAD");
    expect((await getVersion(upload.versionId)).number).toBeNull();
    expect(await jobsFor(upload.versionId)).toHaveLength(0);

    // And for real: both exist together.
    await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits });
    const [counted] = await t.sql<{ pending: number; withJob: number }[]>`
      select count(*) filter (where v.processing_state = 'PENDING')::int as pending,
             count(j.id) filter (where v.processing_state = 'PENDING')::int as "withJob"
      from versions v left join graphile_worker.jobs j on j.key = 'process-version:' || v.id`;
    expect(counted!.withJob).toBe(counted!.pending);
  });
});

describe("who may upload", () => {
  it("lets producers and admins start uploads; viewers and supervisors get 403, non-members 404", async () => {
    const viewer = await createMember(t.db, project.id, "viewer");
    const supervisor = await createMember(t.db, project.id, "supervisor");
    const stranger = await createUser(t.db);
    await expect(authorizeProjectOrThrow(t.db, actorOf(producer), project.id, "asset.upload")).resolves.toBeTruthy();
    await expect(authorizeProjectOrThrow(t.db, actorOf(admin), project.id, "asset.upload")).resolves.toBeTruthy();
    await expectAppError(authorizeProjectOrThrow(t.db, actorOf(viewer), project.id, "asset.upload"), "forbidden", 403);
    await expectAppError(authorizeProjectOrThrow(t.db, actorOf(supervisor), project.id, "asset.upload"), "forbidden", 403);
    await expectAppError(authorizeProjectOrThrow(t.db, actorOf(stranger), project.id, "asset.upload"), "not_found", 404);

    // The version routes resolve the project from the version, then apply the same check.
    const upload = await start({ size: 10 });
    const projectId = await findProjectIdOfVersion(t.db, upload.versionId);
    expect(projectId).toBe(project.id);
    await expectAppError(authorizeProjectOrThrow(t.db, actorOf(viewer), projectId!, "asset.upload"), "forbidden", 403);
    await expectAppError(authorizeProjectOrThrow(t.db, actorOf(supervisor), projectId!, "asset.upload"), "forbidden", 403);
    // ... while the status endpoint is readable by every member.
    await expect(authorizeProjectOrThrow(t.db, actorOf(viewer), projectId!, "project.view")).resolves.toBeTruthy();
  });

  it("lets only the uploader (or an admin) continue, complete or abort an upload: others get 403", async () => {
    const bytes = randomBytes(100);
    const upload = await start({ size: bytes.length });
    await sendBytes(upload, bytes);
    const other = actorOf(otherProducer);
    await expectAppError(completeUpload(t.db, storage, { versionId: upload.versionId, actor: other, limits }), "forbidden", 403);
    await expectAppError(abortUpload(t.db, storage, { versionId: upload.versionId, actor: other }), "forbidden", 403);
    const multi = await start({ size: 6 * MiB });
    await expectAppError(listUploadedParts(t.db, storage, { versionId: multi.versionId, actor: other, limits }), "forbidden", 403);
    await expectAppError(
      presignUploadParts(t.db, storage, { versionId: multi.versionId, actor: other, partNumbers: [1], limits }),
      "forbidden",
      403,
    );
    expect((await getVersion(upload.versionId)).processingState).toBe("AWAITING_UPLOAD");
    const done = await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(admin), limits });
    expect(done.version.processingState).toBe("PENDING");
  });

  it("answers 404 for another project's asset and creates nothing", async () => {
    const foreign = await createAsset(t.db, { projectId: otherProject.id });
    const before = await counts();
    await expectAppError(start({ size: 10, assetName: undefined, assetId: foreign.id }), "not_found", 404);
    await expectAppError(start({ size: 10, assetName: undefined, assetId: "00000000-0000-4000-8000-000000000000" }), "not_found", 404);
    expect(await counts()).toEqual(before);
  });
});

describe("bad input", () => {
  const cases: Array<[string, Partial<CreateUploadRequest> & { size: number }, string, number]> = [
    ["an empty file", { size: 0 }, "validation_failed", 422],
    ["a negative size", { size: -1 }, "validation_failed", 422],
    ["a fractional size", { size: 1.5 }, "validation_failed", 422],
    ["a file above UPLOAD_MAX_BYTES", { size: limits.maxBytes + 1 }, "payload_too_large", 413],
    ["a text file", { size: 10, fileName: "notes.txt", contentType: "text/plain" }, "unsupported_media_type", 415],
    ["an image", { size: 10, fileName: "still.png", contentType: "image/png" }, "unsupported_media_type", 415],
    ["no extension", { size: 10, fileName: "plate", contentType: "video/quicktime" }, "unsupported_media_type", 415],
    ["a path traversal", { size: 10, fileName: "../../etc/passwd.mov" }, "validation_failed", 422],
    ["a slash", { size: 10, fileName: "a/b.mov" }, "validation_failed", 422],
    ["a backslash", { size: 10, fileName: "..\\b.mov" }, "validation_failed", 422],
    ["a NUL byte", { size: 10, fileName: "a\u0000.mov" }, "validation_failed", 422],
    ["a newline", { size: 10, fileName: "a\nb.mov" }, "validation_failed", 422],
    ["a 256-character name", { size: 10, fileName: `${"x".repeat(252)}.mov` }, "validation_failed", 422],
    ["an empty name", { size: 10, fileName: "" }, "validation_failed", 422],
    ["a malformed sha256", { size: 10, sha256: "abc" }, "validation_failed", 422],
    ["both assetId and assetName", { size: 10, assetId: "00000000-0000-4000-8000-000000000000" }, "validation_failed", 422],
    ["an unknown field", { size: 10, ...({ storageKey: "masters/x" } as object) }, "validation_failed", 422],
  ];

  it.each(cases)("refuses %s and writes nothing", async (_name, input, code, status) => {
    const before = await counts();
    await expectAppError(start(input), code, status);
    expect(await counts()).toEqual(before);
  });

  it("accepts unusual but harmless names (unicode, spaces, dots) and 255 characters", async () => {
    for (const fileName of ["Szene 12 — take 3.MOV", "a..b.mxf", "ñandú.wav", `${"x".repeat(251)}.mov`]) {
      const upload = await start({ size: 10, fileName, contentType: "" });
      expect((await getVersion(upload.versionId)).originalFileName).toBe(fileName);
    }
  });

  it("stores the extension's type when the OS guessed a non-media one (Linux calls .ts Qt Linguist), and signs that", async () => {
    const upload = await start({ size: 10, fileName: "bbb_1080p24.ts", contentType: "text/vnd.trolltech.linguist" });
    expect((await getVersion(upload.versionId)).contentType).toBe("video/mp2t");
    expect(upload).toMatchObject({ mode: "single", headers: { "Content-Type": "video/mp2t" } });
  });
});

describe("abort and the stale-upload sweeper", () => {
  it("aborts a multipart upload: ABANDONED, audited, parts freed; completing it afterwards is a 409", async () => {
    const upload = await start({ size: 6 * MiB });
    await sendBytes(upload, randomBytes(6 * MiB), { only: [1] });
    const version = await getVersion(upload.versionId);
    const aborted = await abortUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer) });
    expect(aborted.processingState).toBe("ABANDONED");
    expect(await auditActions(upload.versionId)).toEqual(["version.upload_started", "version.upload_aborted"]);
    await expect(storage.listParts(version.stagingKey!, version.multipartUploadId!)).rejects.toThrow();
    await expectAppError(completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits }), "conflict", 409, /abandoned/);
    // Twice: same answer.
    expect((await abortUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer) })).processingState).toBe("ABANDONED");
  });

  it("refuses to abort a completed upload", async () => {
    const upload = await start({ size: 10 });
    await sendBytes(upload, randomBytes(10));
    await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer), limits });
    await expectAppError(abortUpload(t.db, storage, { versionId: upload.versionId, actor: actorOf(producer) }), "conflict", 409);
  });

  it("abandons uploads left AWAITING_UPLOAD too long, spares fresh ones and slow ones still receiving parts", async () => {
    const stale = await start({ size: 6 * MiB });
    const staleSingle = await start({ size: 100 });
    await sendBytes(staleSingle, randomBytes(100)); // sent but never completed
    const slow = await start({ size: 6 * MiB });
    await sendBytes(slow, randomBytes(6 * MiB), { only: [1] }); // a part just arrived
    const fresh = await start({ size: 6 * MiB });
    const old = [stale, staleSingle, slow].map((u) => u.versionId);
    await t.sql`update versions set created_at = now() - interval '2 days' where id = any(${old}::uuid[])`;
    const staleRow = await getVersion(stale.versionId);

    const result = await abandonStaleUploads(t.db, storage, { olderThan: new Date(Date.now() - 24 * 3600 * 1000) });
    expect(result.abandoned.sort()).toEqual([stale.versionId, staleSingle.versionId].sort());
    expect(result.stillActive).toEqual([slow.versionId]);
    expect(result.storageNotReleased).toEqual([]);

    expect((await getVersion(stale.versionId)).processingState).toBe("ABANDONED");
    expect((await getVersion(staleSingle.versionId)).processingState).toBe("ABANDONED");
    expect((await getVersion(slow.versionId)).processingState).toBe("AWAITING_UPLOAD");
    expect((await getVersion(fresh.versionId)).processingState).toBe("AWAITING_UPLOAD");
    await expect(storage.listParts(staleRow.stagingKey!, staleRow.multipartUploadId!)).rejects.toThrow();
    expect(await storage.head((await getVersion(staleSingle.versionId)).stagingKey!)).toBeNull();
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "version.upload_abandoned")).limit(1);
    expect(event?.actorId).toBeNull();

    // A second run finds nothing more to do.
    const again = await abandonStaleUploads(t.db, storage, { olderThan: new Date(Date.now() - 24 * 3600 * 1000) });
    expect(again.abandoned).toEqual([]);
  });
});

it("runs as the abandon-stale-uploads task with UPLOAD_ABANDON_AFTER_HOURS", async () => {
  const upload = await start({ size: 100 });
  const logged: string[] = [];
  const ctx = { db: t.db, storage, log: (message: string) => void logged.push(message) };
  const helpers = { job: { id: "1" } } as unknown as Pick<JobHelpers, "job">;
  // 24 h later: not yet (it was created a moment before "now - 24 h").
  await runAbandonStaleUploads(ctx, {}, helpers, { abandonAfterHours: 24, now: new Date(Date.now() + 23 * 3600 * 1000) });
  expect((await getVersion(upload.versionId)).processingState).toBe("AWAITING_UPLOAD");
  await runAbandonStaleUploads(ctx, {}, helpers, { abandonAfterHours: 24, now: new Date(Date.now() + 25 * 3600 * 1000) });
  expect((await getVersion(upload.versionId)).processingState).toBe("ABANDONED");
  expect(logged).toEqual(["abandon-stale-uploads"]);
});

// Asset rows are only ever created by the upload itself.
it("never creates an asset without its version", async () => {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(assets)
    .where(sql`not exists (select 1 from versions v where v.asset_id = ${assets.id}) and ${assets.createdBy} is not null`);
  expect(row?.n).toBe(0);
});
