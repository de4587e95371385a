import { randomBytes } from "node:crypto";
import { UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Project, User } from "../db/schema";
import { createStorage, type Storage } from "../lib/storage";
import { abandonStaleUploads } from "../lib/uploads/abandon-stale-uploads";
import { abortUpload } from "../lib/uploads/abort-upload";
import { completeUpload } from "../lib/uploads/complete-upload";
import type { CreatedUpload } from "../lib/uploads/create-upload";
import type { UploadLimits } from "../lib/uploads/upload-policy";
import { listUploadedParts } from "../lib/uploads/list-uploaded-parts";
import { presignUploadParts } from "../lib/uploads/presign-upload-parts";
import { presignUploadUrl } from "../lib/uploads/presign-upload-url";
import { createMember, createProject } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { expectAppError, limits, MiB, put, uploadHelpers } from "./helpers/uploads";
import { sha256Of } from "./processing-fixtures";

/**
 * Hardening of the upload protocol (docs/ingest.md): part sizes checked at completion, part URLs
 * that sign their length and TTL, the part size fixed at creation, the sweeper's behaviour when
 * the store is unreachable or many uploads are still alive, and the job-iff-PENDING invariant.
 * Real PostgreSQL and s3rver (which checks no signatures, so the URLs are inspected instead).
 */

let t: TestDatabase;
let storage: Storage;
let project: Project;
let producer: User;

beforeAll(async () => {
  t = await createTestDatabase();
  storage = createStorage({ ...testS3Config(), forcePathStyle: true });
  project = await createProject(t.db);
  producer = await createMember(t.db, project.id, "producer");
});
afterAll(() => t?.drop());

const actor = () => ({ id: producer.id, isAdmin: false });
const { start, getVersion } = uploadHelpers(() => ({ db: t.db, storage, projectId: project.id, producerId: producer.id }));

async function presign(versionId: string, partNumbers: number[], withLimits = limits) {
  return (await presignUploadParts(t.db, storage, { versionId, actor: actor(), partNumbers, limits: withLimits })).parts;
}

describe("part sizes at completion", () => {
  it("refuses a short non-last part with 422 naming the part, leaves the version unchanged, and accepts the fix", async () => {
    const bytes = randomBytes(11 * MiB); // planned: 5 + 5 + 1 MiB
    const upload = await start({ size: bytes.length });
    const parts = await presign(upload.versionId, [1, 2, 3]);
    // 4 + 6 + 1 MiB: numbered 1..3 and adding up to the declared size, but not the planned cut.
    await put(parts[0]!.url, bytes.subarray(0, 4 * MiB));
    await put(parts[1]!.url, bytes.subarray(4 * MiB, 10 * MiB));
    await put(parts[2]!.url, bytes.subarray(10 * MiB));
    const before = await getVersion(upload.versionId);

    await expectAppError(
      completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), limits }),
      "validation_failed",
      422,
      /Part 1 holds 4194304 bytes but must hold 5242880/,
    );
    expect(await getVersion(upload.versionId)).toEqual(before);
    expect(await t.sql`select 1 from graphile_worker.jobs where key = ${`process-version:${upload.versionId}`}`).toHaveLength(0);

    // Re-sending the parts with the planned boundaries completes it.
    await put(parts[0]!.url, bytes.subarray(0, 5 * MiB));
    await put(parts[1]!.url, bytes.subarray(5 * MiB, 10 * MiB));
    const done = await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), sha256: sha256Of(bytes), limits });
    expect(done.version.processingState).toBe("PENDING");
  });
});

describe("presigned URLs", () => {
  it("sign each part's exact length (the last part holds the rest) and expire after UPLOAD_URL_TTL_SECONDS", async () => {
    const upload = await start({ size: 11 * MiB });
    const parts = await presign(upload.versionId, [1, 3]);
    for (const { url } of parts) {
      const query = new URL(url).searchParams;
      expect(query.get("X-Amz-SignedHeaders")?.split(";")).toContain("content-length");
      expect(query.get("X-Amz-Expires")).toBe(String(limits.urlTtlSeconds));
    }

    const single = await start({ size: 1000 });
    if (single.mode !== "single") throw new Error("expected a single PUT");
    const query = new URL(single.url).searchParams;
    expect(query.get("X-Amz-SignedHeaders")?.split(";")).toEqual(expect.arrayContaining(["content-length", "content-type"]));
    expect(query.get("X-Amz-Expires")).toBe(String(limits.urlTtlSeconds));
  });

  it("are refused with 409 for an upload that is no longer open (abandoned, completed)", async () => {
    const abandoned = await start({ size: 6 * MiB });
    await abortUpload(t.db, storage, { versionId: abandoned.versionId, actor: actor() });
    await expectAppError(presign(abandoned.versionId, [1]), "conflict", 409, /no longer open \(state ABANDONED\)/);
    await expectAppError(
      listUploadedParts(t.db, storage, { versionId: abandoned.versionId, actor: actor(), limits }),
      "conflict",
      409,
    );

    const bytes = randomBytes(6 * MiB);
    const completed = await start({ size: bytes.length });
    const parts = await presign(completed.versionId, [1, 2]);
    await put(parts[0]!.url, bytes.subarray(0, 5 * MiB));
    await put(parts[1]!.url, bytes.subarray(5 * MiB));
    await completeUpload(t.db, storage, { versionId: completed.versionId, actor: actor(), limits });
    await expectAppError(presign(completed.versionId, [1]), "conflict", 409, /no longer open \(state PENDING\)/);
  });

  it("give a single-PUT upload a fresh URL for the same version (retry, expired link), and nothing else", async () => {
    const bytes = randomBytes(1000);
    const upload = await start({ size: bytes.length });
    const fresh = await presignUploadUrl(t.db, storage, { versionId: upload.versionId, actor: actor(), limits });
    expect(fresh.headers).toEqual({ "Content-Type": "video/quicktime" });
    expect(new URL(fresh.url).pathname).toContain(`/staging/${project.id}/${upload.versionId}`);
    await put(fresh.url, bytes, fresh.headers);
    const done = await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), sha256: sha256Of(bytes), limits });
    expect(done.version).toMatchObject({ processingState: "PENDING", number: 1 });
    await expectAppError(presignUploadUrl(t.db, storage, { versionId: upload.versionId, actor: actor(), limits }), "conflict", 409);

    const multipart = await start({ size: 6 * MiB });
    await expectAppError(presignUploadUrl(t.db, storage, { versionId: multipart.versionId, actor: actor(), limits }), "conflict", 409, /multipart/);
  });
});

describe("part size fixed at creation", () => {
  it("keeps presign, list and complete working after UPLOAD_PART_BYTES changes mid-upload", async () => {
    const bytes = randomBytes(11 * MiB);
    const upload = await start({ size: bytes.length }); // 5 MiB parts: 3 of them
    if (upload.mode !== "multipart") throw new Error("expected multipart");
    expect((await getVersion(upload.versionId)).uploadPartBytes).toBe(5 * MiB);
    const changed: UploadLimits = { ...limits, partBytes: 6 * MiB, singlePutMaxBytes: 64 * MiB };

    const parts = await presign(upload.versionId, [1, 2, 3], changed);
    expect(parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    await put(parts[0]!.url, bytes.subarray(0, 5 * MiB));
    const listed = await listUploadedParts(t.db, storage, { versionId: upload.versionId, actor: actor(), limits: changed });
    expect(listed).toMatchObject({ partSize: 5 * MiB, partCount: 3 });
    await put(parts[1]!.url, bytes.subarray(5 * MiB, 10 * MiB));
    await put(parts[2]!.url, bytes.subarray(10 * MiB));
    const done = await completeUpload(t.db, storage, { versionId: upload.versionId, actor: actor(), sha256: sha256Of(bytes), limits });
    expect(done.version.processingState).toBe("PENDING");
  });

  it("stores no part size for a single PUT", async () => {
    const upload = await start({ size: 10 });
    expect((await getVersion(upload.versionId)).uploadPartBytes).toBeNull();
  });
});

describe("stale-upload sweeper", () => {
  const olderThan = () => new Date(Date.now() - 24 * 3600 * 1000);
  const age = (ids: string[], interval: string) =>
    t.sql`update versions set created_at = now() - ${interval}::interval where id = any(${ids}::uuid[])`;

  it("keeps multipart uploads (and logs) when the store cannot list their parts", async () => {
    const multipart = await start({ size: 6 * MiB });
    const single = await start({ size: 100 });
    await age([multipart.versionId, single.versionId], "3 days");
    // A real store that is down: nothing listens on this port.
    const { endpoint: _endpoint, ...s3 } = testS3Config();
    const unreachable = createStorage({ ...s3, endpoint: "http://127.0.0.1:9", forcePathStyle: true });
    const logged: { message: string; data: Record<string, unknown> }[] = [];

    const result = await abandonStaleUploads(t.db, unreachable, { olderThan: olderThan(), log: (message, data) => logged.push({ message, data }) });
    expect(result.storageUnreachable).toContain(multipart.versionId);
    expect(result.abandoned).not.toContain(multipart.versionId);
    expect((await getVersion(multipart.versionId)).processingState).toBe("AWAITING_UPLOAD");
    expect(logged.some((l) => l.data.versionId === multipart.versionId)).toBe(true);
    expect(logged.some((l) => (l.data.versionIds as string[] | undefined)?.includes(multipart.versionId))).toBe(true);
    // A single PUT has no parts to ask about: the database decides, storage is released later.
    expect(result.abandoned).toContain(single.versionId);
    expect(result.storageNotReleased).toContain(single.versionId);

    // Once the store answers again, the dead upload goes.
    const again = await abandonStaleUploads(t.db, storage, { olderThan: olderThan() });
    expect(again.abandoned).toContain(multipart.versionId);
  });

  it("pages through candidates, so more than a page of old-but-alive uploads does not hide a stale one behind them", async () => {
    // A page of 2 here (100 in production): three uploads, more than a page, all older than the
    // stale one, all receiving parts.
    const pageSize = 2;
    const alive: CreatedUpload[] = [];
    for (let i = 0; i < 3; i++) alive.push(await start({ size: 6 * MiB }));
    for (const upload of alive) {
      const version = await getVersion(upload.versionId);
      // A part arrives now (sent with the SDK: real 5 MiB parts would only slow the test down).
      await storage.client.send(
        new UploadPartCommand({ Bucket: storage.bucket, Key: version.stagingKey!, UploadId: version.multipartUploadId!, PartNumber: 1, Body: "x" }),
      );
    }
    const stale = await start({ size: 6 * MiB });
    await age(alive.map((u) => u.versionId), "4 days"); // oldest first: they fill the first page
    await age([stale.versionId], "2 days");

    const result = await abandonStaleUploads(t.db, storage, { olderThan: olderThan(), pageSize });
    expect(result.stillActive.sort()).toEqual(alive.map((u) => u.versionId).sort());
    expect(result.abandoned).toEqual([stale.versionId]);
    expect((await getVersion(stale.versionId)).processingState).toBe("ABANDONED");
    const states = await t.sql<{ n: number }[]>`
      select count(*)::int as n from versions where id = any(${alive.map((u) => u.versionId)}::uuid[]) and processing_state = 'AWAITING_UPLOAD'`;
    expect(states[0]!.n).toBe(alive.length);
    // Abandon them so later sweeps in this file are not slowed down by them.
    for (const upload of alive) await abortUpload(t.db, storage, { versionId: upload.versionId, actor: actor() });
  });
});

it("has a process-version job for a version if and only if it is PENDING", async () => {
  const awaiting = await start({ size: 10 });
  const abandoned = await start({ size: 10 });
  await abortUpload(t.db, storage, { versionId: abandoned.versionId, actor: actor() });
  const pending = await start({ size: 10 });
  await put((pending as Extract<CreatedUpload, { mode: "single" }>).url, randomBytes(10), { "Content-Type": "video/quicktime" });
  await completeUpload(t.db, storage, { versionId: pending.versionId, actor: actor(), limits });

  const rows = await t.sql<{ id: string; state: string; has_job: boolean }[]>`
    select v.id, v.processing_state as state,
           exists (select 1 from graphile_worker.jobs j where j.key = 'process-version:' || v.id) as has_job
    from versions v`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  expect(byId.get(awaiting.versionId)).toMatchObject({ state: "AWAITING_UPLOAD", has_job: false });
  expect(byId.get(abandoned.versionId)).toMatchObject({ state: "ABANDONED", has_job: false });
  expect(byId.get(pending.versionId)).toMatchObject({ state: "PENDING", has_job: true });
  // Both directions over every version this file made: a job implies PENDING, PENDING implies a job.
  expect(rows.filter((r) => r.has_job !== (r.state === "PENDING"))).toEqual([]);
  expect(rows.filter((r) => r.state === "PENDING").length).toBeGreaterThan(1);
});
