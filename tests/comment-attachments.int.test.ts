import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as attachmentsRoute from "../app/api/versions/[versionId]/comment-attachments/route";
import * as commentsRoute from "../app/api/versions/[versionId]/comments/route";
import * as mediaRoute from "../app/api/versions/[versionId]/media/[...path]/route";
import { auditEvents, comments, type User } from "../db/schema";
import type { RouteDeps } from "../lib/api/route";
import { ATTACHMENT_MAX_BYTES, commentAttachmentKey } from "../lib/comments/comment-attachment";
import type { AttachmentUpload } from "../lib/comments/comment-attachment.types";
import type { CommentView } from "../lib/comments/comment-view";
import { deleteComment } from "../lib/comments/delete-comment";
import { listComments } from "../lib/comments/list-comments";
import { resetEnvCache } from "../lib/env";
import { createStorage, type Storage } from "../lib/storage";
import { s3Environment } from "../scripts/dev-services/local-s3";
import { createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";

/**
 * Frame grabs attached to comments (issue 11 #3, docs/review-room.md "Frame grab"): the upload slot,
 * the browser's PUT straight to the run's s3rver through the presigned URL, the server's check of the
 * stored object when the comment is created, and the picture served back through the media route.
 * The real route handlers; only the session source is swapped.
 */

const ORIGIN = "http://axiom.attachments.test";
let t: TestDatabase;
let storage: Storage;
let scene: Awaited<ReturnType<typeof createReviewScene>>;
let versionId: string;
let otherVersionId: string;

// A 1×1 RGBA PNG, and the smallest JPEG: the second is not a PNG whatever it is stored as.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);

beforeAll(async () => {
  t = await createTestDatabase();
  const s3 = testS3Config();
  Object.assign(process.env, { DATABASE_URL: t.appUrl, NEXTAUTH_URL: ORIGIN, NEXTAUTH_SECRET: "attachments-test-secret-0123456789ab", ...s3Environment(s3) });
  resetEnvCache();
  storage = createStorage({ ...s3, forcePathStyle: true });
  scene = await createReviewScene(t.db);
  versionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
  otherVersionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
});
afterAll(() => t?.drop());

const as = (user: User): RouteDeps => ({ db: t.db, readSession: async () => ({ userId: user.id }), publicUrl: ORIGIN });
const jsonRequest = (path: string, body: unknown) =>
  new Request(`${ORIGIN}${path}`, { method: "POST", headers: { "Content-Type": "application/json", origin: ORIGIN }, body: JSON.stringify(body) });

async function askUpload(user: User, size: number, onVersion = versionId): Promise<{ status: number; body: { attachment: AttachmentUpload } & { error?: { code: string; message: string } } }> {
  const res = await attachmentsRoute.POST.withDeps(as(user))(jsonRequest(`/api/versions/${onVersion}/comment-attachments`, { size }), {
    params: Promise.resolve({ versionId: onVersion }),
  });
  return { status: res.status, body: await res.json() };
}

/** What the browser does: ask for a slot of the file's size, PUT the bytes to the presigned URL. */
async function upload(user: User, bytes: Buffer, onVersion = versionId): Promise<string> {
  const asked = await askUpload(user, bytes.length, onVersion);
  expect(asked.status).toBe(201);
  const put = await fetch(asked.body.attachment.uploadUrl, { method: "PUT", headers: asked.body.attachment.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  return asked.body.attachment.id;
}

async function postComment(user: User, body: unknown): Promise<{ status: number; comment: CommentView; error: { code: string; message: string } }> {
  const res = await commentsRoute.POST.withDeps(as(user))(jsonRequest(`/api/versions/${versionId}/comments`, body), { params: Promise.resolve({ versionId }) });
  const json = await res.json();
  return { status: res.status, comment: json.comment, error: json.error };
}

async function getMedia(user: User, path: string[]): Promise<Response> {
  return mediaRoute.GET.withDeps(as(user))(new Request(`${ORIGIN}/api/versions/${versionId}/media/${path.join("/")}`), {
    params: Promise.resolve({ versionId, path }),
  });
}

describe("frame grabs attached to comments", () => {
  it("a viewer uploads a PNG through the presigned PUT, attaches it, and every member sees it through the media route", async () => {
    const id = await upload(scene.viewer, PNG);
    const created = await postComment(scene.viewer, { frameIn: 12, body: "This frame, with my circle", attachmentId: id });
    expect(created.status).toBe(201);
    expect(created.comment.attachmentUrl).toBe(`/api/versions/${versionId}/media/attachments/${id}.png`);

    const listed = (await listComments(t.db, { actor: { id: scene.producer.id, isAdmin: false }, versionId })).comments.find((c) => c.id === created.comment.id);
    expect(listed?.attachmentUrl).toBe(created.comment.attachmentUrl);

    // Served like a poster: a short-lived redirect to the bucket, the same bytes behind it.
    const media = await getMedia(scene.supervisor, ["attachments", `${id}.png`]);
    expect(media.status).toBe(302);
    const picture = await fetch(media.headers.get("location")!);
    expect(picture.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(PNG);
    // Nobody outside the project learns it exists.
    expect((await getMedia(scene.outsider, ["attachments", `${id}.png`])).status).toBe(404);

    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, created.comment.id), eq(auditEvents.action, "comment.created")));
    expect(audit?.data).toMatchObject({ attachmentKey: commentAttachmentKey(versionId, id) });
  });

  it("refuses what is not an uploaded PNG of this version: bytes that are not a PNG, an id never uploaded, another version's upload", async () => {
    const jpeg = await upload(scene.viewer, JPEG);
    const notPng = await postComment(scene.viewer, { frameIn: 3, body: "Sneaky", attachmentId: jpeg });
    expect(notPng).toMatchObject({ status: 422, error: { code: "validation_failed", message: "attachmentId: the frame grab is not a PNG picture" } });

    const never = await postComment(scene.viewer, { frameIn: 3, body: "Nothing", attachmentId: crypto.randomUUID() });
    expect(never).toMatchObject({ status: 422, error: { message: "attachmentId: no frame grab was uploaded under this id on this version" } });

    const elsewhere = await upload(scene.viewer, PNG, otherVersionId);
    const crossed = await postComment(scene.viewer, { frameIn: 3, body: "Wrong version", attachmentId: elsewhere });
    expect(crossed).toMatchObject({ status: 422, error: { code: "validation_failed" } });

    // Nothing was stored by any of them.
    const rows = await t.db.select().from(comments).where(eq(comments.body, "Sneaky"));
    expect(rows).toEqual([]);
  });

  it("limits the size twice: the slot refuses more than the limit, and the comment a stored object over it", async () => {
    expect(await askUpload(scene.viewer, ATTACHMENT_MAX_BYTES + 1)).toMatchObject({ status: 422, body: { error: { code: "validation_failed" } } });
    // The URL signs the asked size, which S3 and MinIO enforce (the test's s3rver does not): a store
    // that let more through is caught when the comment is created.
    const asked = await askUpload(scene.viewer, PNG.length);
    await storage.putBytes(commentAttachmentKey(versionId, asked.body.attachment.id), Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_MAX_BYTES)]), "image/png");
    const tooLarge = await postComment(scene.viewer, { frameIn: 3, body: "Huge", attachmentId: asked.body.attachment.id });
    expect(tooLarge).toMatchObject({ status: 422, error: { message: `attachmentId: the frame grab is larger than ${ATTACHMENT_MAX_BYTES} bytes` } });
    // And one stored under another type is refused even with PNG bytes.
    const typed = await askUpload(scene.viewer, PNG.length);
    await storage.putBytes(commentAttachmentKey(versionId, typed.body.attachment.id), PNG, "text/html");
    const html = await postComment(scene.viewer, { frameIn: 3, body: "Typed", attachmentId: typed.body.attachment.id });
    expect(html).toMatchObject({ status: 422, error: { message: "attachmentId: the frame grab is not stored as image/png" } });
  });

  it("an outsider gets no upload slot; a deleted comment no longer shows its attachment, which never changes", async () => {
    expect((await askUpload(scene.outsider, PNG.length)).status).toBe(404);

    const id = await upload(scene.supervisor, PNG);
    const created = await postComment(scene.supervisor, { frameIn: 20, body: "Soon gone", attachmentId: id });
    const deleted = await deleteComment(t.db, { actor: { id: scene.supervisor.id, isAdmin: false }, commentId: created.comment.id });
    expect(deleted.attachmentUrl).toBeNull();
    await expect(t.sql`update comments set attachment_key = null where id = ${created.comment.id}`).rejects.toThrow(/attachment never changes/);
    // Only the server's own key shape for the comment's version is storable.
    await expect(
      t.sql`update comments set attachment_key = ${commentAttachmentKey(otherVersionId, id)} where id = ${created.comment.id}`,
    ).rejects.toThrow(/comments_attachment_key_shape|attachment never changes/);
  });
});
