import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as uploadsRoute from "../app/api/projects/[projectId]/uploads/route";
import * as commentRoute from "../app/api/comments/[commentId]/route";
import * as resolveRoute from "../app/api/comments/[commentId]/resolve/route";
import * as abortRoute from "../app/api/versions/[versionId]/abort/route";
import * as commentsRoute from "../app/api/versions/[versionId]/comments/route";
import * as completeRoute from "../app/api/versions/[versionId]/complete/route";
import * as decisionsRoute from "../app/api/versions/[versionId]/decisions/route";
import * as notesPdfExportRoute from "../app/api/versions/[versionId]/notes-pdf/[exportId]/route";
import * as notesPdfRoute from "../app/api/versions/[versionId]/notes-pdf/route";
import * as partsRoute from "../app/api/versions/[versionId]/parts/route";
import * as retryRoute from "../app/api/versions/[versionId]/retry/route";
import * as reviewRoute from "../app/api/versions/[versionId]/review/route";
import * as versionRoute from "../app/api/versions/[versionId]/route";
import * as uploadUrlRoute from "../app/api/versions/[versionId]/upload-url/route";
import type { ApiRouteHandler } from "../lib/api/route";
import { ApiError } from "../lib/api-client/api-error";
import * as client from "../lib/api-client/endpoints";
import { s3Environment } from "../scripts/dev-services/local-s3";
import { resetEnvCache } from "../lib/env";
import { createMember, createReviewScene, createUser, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { MiB, put } from "./helpers/uploads";

/**
 * The browser's API client (lib/api-client) against the real route handlers, domain functions,
 * PostgreSQL and s3rver: each call goes through `fetch` as in the browser, except that the request
 * is handed to the route module in this process instead of crossing a socket to `next start`.
 * Every answer is parsed by the client with the schema the server's code is typed with, so a
 * route that sends a field the schema lacks (or lacks one it promises) fails here.
 */

type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", ApiRouteHandler>>;

// Most specific first: `/api/versions/:id` would also match the longer paths' prefix otherwise.
const ROUTES: [RegExp, RouteModule][] = [
  [/^\/api\/projects\/(?<projectId>[^/]+)\/uploads$/, uploadsRoute],
  [/^\/api\/comments\/(?<commentId>[^/]+)\/resolve$/, resolveRoute],
  [/^\/api\/comments\/(?<commentId>[^/]+)$/, commentRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/review$/, reviewRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/comments$/, commentsRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/decisions$/, decisionsRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/retry$/, retryRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/notes-pdf\/(?<exportId>[^/]+)$/, notesPdfExportRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/notes-pdf$/, notesPdfRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/upload-url$/, uploadUrlRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/parts$/, partsRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/complete$/, completeRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)\/abort$/, abortRoute],
  [/^\/api\/versions\/(?<versionId>[^/]+)$/, versionRoute],
];
const ORIGIN = "http://axiom.test";

let t: TestDatabase;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  t = await createTestDatabase();
  // What the upload routes read through getEnv(): this run's s3rver, and a small single-PUT limit
  // so a 6 MiB file goes multipart (parts are at least 5 MiB).
  Object.assign(process.env, {
    DATABASE_URL: t.appUrl,
    UPLOAD_SINGLE_PUT_MAX_BYTES: String(1 * MiB),
    UPLOAD_PART_BYTES: String(5 * MiB),
    ...s3Environment(testS3Config()),
  });
  resetEnvCache();
});
afterAll(() => t?.drop());
afterEach(() => {
  vi.unstubAllGlobals();
});

/** From here on the client's requests are `userId`'s, as a signed-in browser's would be. */
function signInAs(userId: string): void {
  vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), ORIGIN);
    // Presigned object-store URLs (the test's own PUTs) go to s3rver over the network.
    if (url.origin !== ORIGIN) return realFetch(input, init);
    const request = new Request(url, init);
    for (const [pattern, module] of ROUTES) {
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const handler = module[request.method as keyof RouteModule];
      if (!handler)
        return Response.json({ error: { code: "method_not_allowed", message: request.method } }, { status: 405 });
      const deps = { db: t.db, readSession: async () => ({ userId }) };
      return handler.withDeps(deps)(request, { params: Promise.resolve({ ...match.groups }) });
    }
    return Response.json({ error: { code: "not_found", message: url.pathname } }, { status: 404 });
  });
}

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => expect.unreachable("the call should have failed"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("the review room's calls", () => {
  it("reads the room, comments, decides and reads it all back, each answer parsed with the shared schema", async () => {
    const scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, {
      assetId: scene.asset.id,
      uploadedBy: scene.producer.id,
      renditions: ["hls", "poster"],
    });

    signInAs(scene.supervisor.id);
    const room = await client.fetchReview(version.id);
    expect(room.version).toMatchObject({
      id: version.id,
      number: 1,
      processingState: "READY",
      reviewState: "IN_REVIEW",
      dropFrame: false,
    });
    // Only the renditions that exist were sent; the client reads the others as null.
    expect(room.renditions).toEqual({
      hlsUrl: expect.stringMatching(`^/api/versions/${version.id}/media/`),
      proxyUrl: null,
      posterUrl: expect.stringMatching(`^/api/versions/${version.id}/media/`),
      spriteVttUrl: null,
      waveformUrl: null,
      waveformPeaksUrl: null,
    });
    expect(room.permissions).toEqual({ canDecide: true, canComment: true, canResolve: true, canRetry: false, canPrioritize: false, canViewAudit: false });
    expect(room.versions).toEqual([{ id: version.id, number: 1, processingState: "READY", reviewState: "IN_REVIEW" }]);

    const first = await client.fetchComments(version.id, null);
    expect(first.comments).toEqual([]);
    const thread = await client.postComment(version.id, { frameIn: 12, frameOut: 30, body: "  Flicker on the left  " });
    expect(thread).toMatchObject({
      versionId: version.id,
      frameIn: 12,
      frameOut: 30,
      body: "Flicker on the left",
      deleted: false,
    });
    expect(thread.author).toEqual({ id: scene.supervisor.id, name: scene.supervisor.name });
    const reply = await client.postComment(version.id, { body: "Fixed in v2", parentId: thread.id });
    expect(reply).toMatchObject({ parentId: thread.id, frameIn: 12, frameOut: 30 });

    expect(await client.editComment(thread.id, { body: "Flicker, left edge" })).toMatchObject({
      body: "Flicker, left edge",
      editedAt: expect.any(String),
    });
    expect(await client.setCommentResolved(thread.id, true)).toMatchObject({ resolvedBy: { id: scene.supervisor.id } });
    expect(await client.deleteComment(reply.id)).toMatchObject({ id: reply.id, deleted: true, body: "" });
    const since = await client.fetchComments(version.id, first.serverTime);
    expect(since.comments.map((c) => c.id).sort()).toEqual([thread.id, reply.id].sort());

    const decided = await client.postDecision(version.id, "CHANGES_REQUESTED", "Grade drifts after 01:00:04:00");
    expect(decided).toMatchObject({
      reviewState: "CHANGES_REQUESTED",
      decision: { decision: "CHANGES_REQUESTED", note: "Grade drifts after 01:00:04:00" },
    });
    const after = await client.fetchReview(version.id);
    expect(after.decisions).toEqual([decided.decision]);
    expect(after.version.reviewState).toBe("CHANGES_REQUESTED");

    const status = await client.fetchVersionStatus(version.id);
    expect(status).toMatchObject({
      id: version.id,
      processingState: "READY",
      reviewState: "CHANGES_REQUESTED",
      error: null,
    });
  });

  it("retries a failed version and follows it", async () => {
    const scene = await createReviewScene(t.db);
    const failed = await createVersion(t.db, {
      assetId: scene.asset.id,
      uploadedBy: scene.producer.id,
      state: "ERROR",
    });
    signInAs(scene.producer.id);
    const room = await client.fetchReview(failed.id);
    expect(room.version).toMatchObject({
      processingState: "ERROR",
      errorCode: "corrupt_input",
      errorMessage: "moov atom not found",
    });
    expect(room.permissions).toMatchObject({ canRetry: true, canDecide: false, decideReason: expect.any(String) });

    expect(await client.retryVersion(failed.id)).toEqual({
      version: { id: failed.id, processingState: "PENDING" },
      statusUrl: `/api/versions/${failed.id}`,
    });
    expect(await client.fetchVersionStatus(failed.id)).toMatchObject({ processingState: "PENDING", error: null });
  });

  it("asks for the notes PDF and follows it while a worker would render it", async () => {
    const scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, {
      assetId: scene.asset.id,
      uploadedBy: scene.producer.id,
      renditions: ["proxy_mp4"],
    });
    signInAs(scene.supervisor.id);
    await client.postComment(version.id, { frameIn: 48, body: "Dust on the lens" });

    const asked = await client.requestNotesPdf(version.id);
    expect(asked).toEqual({
      id: expect.any(String),
      status: "rendering",
      fileName: expect.stringMatching(/\.pdf$/),
      noteCount: 1,
    });
    expect(await client.fetchNotesPdfExport(version.id, asked.id)).toEqual(asked);
  });

  it("throws the server's refusals as ApiError with status, code and message", async () => {
    const scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id });

    signInAs(scene.viewer.id);
    const refused = await apiErrorOf(client.postDecision(version.id, "APPROVED"));
    expect(refused).toMatchObject({
      status: 403,
      code: "forbidden",
      message: "Only supervisors (and admins) can do this.",
    });

    const outsider = await createUser(t.db);
    signInAs(outsider.id);
    expect(await apiErrorOf(client.fetchReview(version.id))).toMatchObject({ status: 404, code: "not_found" });

    signInAs(scene.supervisor.id);
    const invalid = await apiErrorOf(client.postComment(version.id, { frameIn: 0, body: "   " }));
    expect(invalid).toMatchObject({ status: 422, code: "validation_failed", message: expect.stringMatching(/body/) });
  });
});

describe("the upload protocol's calls", () => {
  it("single PUT: create, a fresh URL, the bytes to the store, complete", async () => {
    const scene = await createReviewScene(t.db);
    signInAs(scene.producer.id);
    const bytes = randomBytes(64 * 1024);
    const created = await client.createUpload(scene.project.id, {
      assetName: `SH${randomBytes(4).toString("hex")}`,
      fileName: "plate.mov",
      size: bytes.length,
      contentType: "video/quicktime",
    });
    if (created.mode !== "single") throw new Error(`expected a single PUT, got ${created.mode}`);
    expect(created.statusUrl).toBe(`/api/versions/${created.versionId}`);

    const fresh = await client.presignUploadUrl(created.versionId);
    expect(fresh.headers).toEqual({ "Content-Type": "video/quicktime" });
    await put(fresh.url, bytes, fresh.headers);

    const done = await client.completeUpload(created.versionId, "a".repeat(64));
    expect(done.version).toMatchObject({
      id: created.versionId,
      number: 1,
      processingState: "PENDING",
      sha256Declared: "a".repeat(64),
    });
    expect(done.statusUrl).toBe(created.statusUrl);
  });

  it("multipart: part URLs, one part stored and listed (to resume), then cancelled", async () => {
    const scene = await createReviewScene(t.db);
    const producer = await createMember(t.db, scene.project.id, "producer");
    signInAs(producer.id);
    const created = await client.createUpload(scene.project.id, {
      assetId: scene.asset.id,
      fileName: "plate.mov",
      size: 6 * MiB,
      contentType: "video/quicktime",
    });
    if (created.mode !== "multipart") throw new Error(`expected multipart, got ${created.mode}`);
    expect(created).toMatchObject({ partSize: 5 * MiB, partCount: 2 });

    const urls = await client.presignUploadParts(created.versionId, [1]);
    expect(urls.parts.map((p) => p.partNumber)).toEqual([1]);
    const etag = await put(urls.parts[0]!.url, randomBytes(5 * MiB));

    const stored = await client.listUploadedParts(created.versionId);
    expect(stored).toMatchObject({ versionId: created.versionId, size: 6 * MiB, partSize: 5 * MiB, partCount: 2 });
    expect(stored.parts).toEqual([{ partNumber: 1, etag, size: 5 * MiB, lastModified: expect.any(String) }]);

    const abandoned = await client.abortUpload(created.versionId);
    expect(abandoned).toMatchObject({ id: created.versionId, processingState: "ABANDONED", number: null });
    const refused = await apiErrorOf(client.completeUpload(created.versionId, "b".repeat(64)));
    expect(refused).toMatchObject({ status: 409, code: "conflict" });
  });
});
