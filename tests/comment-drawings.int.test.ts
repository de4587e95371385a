import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as commentRoute from "../app/api/comments/[commentId]/route";
import * as commentsRoute from "../app/api/versions/[versionId]/comments/route";
import { auditEvents, type User } from "../db/schema";
import type { RouteDeps } from "../lib/api/route";
import type { CommentView } from "../lib/comments/comment-view";
import { createComment } from "../lib/comments/create-comment";
import { deleteComment } from "../lib/comments/delete-comment";
import { DRAWING_LIMITS, type Drawing } from "../lib/comments/drawing";
import { editComment } from "../lib/comments/edit-comment";
import { listComments } from "../lib/comments/list-comments";
import { toAppError } from "../lib/errors";
import { createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * Drawings on comments (issue 11 #1, docs/drawing.md) through the real route handlers (only the
 * session source is swapped, as in api-wrappers.int.test.ts) and the domain functions behind them.
 */

let t: TestDatabase;
let scene: Awaited<ReturnType<typeof createReviewScene>>;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  scene = await createReviewScene(t.db);
  versionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
});
afterAll(() => t?.drop());

const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });
const as = (user: User): RouteDeps => ({ db: t.db, readSession: async () => ({ userId: user.id }) });

function jsonRequest(method: string, path: string, body: unknown): Request {
  return new Request(`http://axiom.test${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function postComment(user: User, body: unknown): Promise<Response> {
  return commentsRoute.POST.withDeps(as(user))(jsonRequest("POST", `/api/versions/${versionId}/comments`, body), {
    params: Promise.resolve({ versionId }),
  });
}
async function patchComment(user: User, commentId: string, body: unknown): Promise<Response> {
  return commentRoute.PATCH.withDeps(as(user))(jsonRequest("PATCH", `/api/comments/${commentId}`, body), {
    params: Promise.resolve({ commentId }),
  });
}
async function commentOf(response: Response): Promise<CommentView> {
  return ((await response.json()) as { comment: CommentView }).comment;
}
async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}
async function auditDataOf(commentId: string, action: string): Promise<Record<string, unknown>[]> {
  const rows = await t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, commentId), eq(auditEvents.action, action)));
  return rows.map((r) => r.data as Record<string, unknown>);
}

const arrowAtBoom: Drawing = {
  v: 1,
  shapes: [
    { type: "arrow", color: "red", width: 0.006, from: [0.9, 0.05], to: [0.62, 0.31] },
    { type: "ellipse", color: "#00ff88", width: 0.004, from: [0.55, 0.25], to: [0.7, 0.4] },
    { type: "text", color: "white", at: [0.05, 0.05], size: 0.05, text: "Boom" },
  ],
};
const circle: Drawing = { v: 1, shapes: [{ type: "ellipse", color: "yellow", width: 0.01, from: [0.1, 0.1], to: [0.3, 0.3] }] };

describe("comment drawings through the API", () => {
  it("stores a drawing with a comment at a frame and returns it on create and in the list", async () => {
    const response = await postComment(scene.supervisor, { frameIn: 42, body: "Boom in shot", drawing: arrowAtBoom });
    expect(response.status).toBe(201);
    const created = await commentOf(response);
    expect(created.drawing).toEqual(arrowAtBoom);

    const listed = (await listComments(t.db, { actor: actor(scene.viewer), versionId })).comments.find((c) => c.id === created.id);
    expect(listed?.drawing).toEqual(arrowAtBoom);

    // The audit event says a drawing came with the comment, by size and hash, not the whole JSON.
    const [data] = await auditDataOf(created.id, "comment.created");
    expect(data).toMatchObject({ frameIn: 42, drawing: { shapes: 3, points: 5, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it("stores one on a range, and answers drawing: null for a comment without one", async () => {
    const ranged = await postComment(scene.viewer, { frameIn: 10, frameOut: 20, body: "Flicker", drawing: circle });
    expect(ranged.status).toBe(201);
    expect(await commentOf(ranged)).toMatchObject({ frameIn: 10, frameOut: 20, drawing: circle });
    const plain = await postComment(scene.viewer, { frameIn: 11, body: "No drawing" });
    const view = await commentOf(plain);
    expect(view.drawing).toBeNull();
    expect(await auditDataOf(view.id, "comment.created")).toEqual([expect.not.objectContaining({ drawing: expect.anything() })]);
  });

  it("refuses a stroke with too many points with 422 and a message naming the limit, storing nothing", async () => {
    const points = Array.from({ length: DRAWING_LIMITS.maxPointsPerStroke + 1 }, (_, i) => [i / 1000, 0.5]);
    const before = (await listComments(t.db, { actor: actor(scene.viewer), versionId })).comments.length;
    const response = await postComment(scene.viewer, {
      frameIn: 5,
      body: "Scribble",
      drawing: { v: 1, shapes: [{ type: "freehand", color: "red", width: 0.004, points }] },
    });
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toEqual({
      code: "validation_failed",
      message: "drawing.shapes.0.points: must have at most 500 points per stroke",
    });
    expect((await listComments(t.db, { actor: actor(scene.viewer), versionId })).comments).toHaveLength(before);
  });

  it("refuses too many points in total, and coordinates far off the picture", async () => {
    const stroke = { type: "freehand", color: "red", width: 0.004, points: Array.from({ length: 500 }, () => [0.5, 0.5]) };
    const tooMany = await postComment(scene.viewer, { frameIn: 5, body: "x", drawing: { v: 1, shapes: Array(5).fill(stroke) } });
    expect(tooMany.status).toBe(422);
    expect((await errorOf(tooMany)).message).toBe("drawing.shapes: has 2500 points; a drawing may have at most 2000");

    const offPicture = await postComment(scene.viewer, {
      frameIn: 5,
      body: "x",
      drawing: { v: 1, shapes: [{ type: "arrow", color: "red", width: 0.004, from: [0.5, 0.5], to: [3, 0.5] }] },
    });
    expect(offPicture.status).toBe(422);
    expect((await errorOf(offPicture)).message).toMatch(/^drawing\.shapes\.0\.to\.0: must be at most 1\.1/);
  });

  it("refuses a drawing on a reply, which has no frame of its own (sent without one), with a clear message", async () => {
    const thread = await commentOf(await postComment(scene.supervisor, { frameIn: 60, body: "Paint out the rig" }));
    const reply = await postComment(scene.producer, { parentId: thread.id, body: "Like this?", drawing: circle });
    expect(reply.status).toBe(422);
    expect(await errorOf(reply)).toEqual({
      code: "validation_failed",
      message: "drawing: a reply cannot carry a drawing; draw on the thread's first comment, which is placed on the frame",
    });

    // Nor can one be added to a reply by editing it.
    const plainReply = await commentOf(await postComment(scene.producer, { parentId: thread.id, body: "On it" }));
    const edit = await patchComment(scene.producer, plainReply.id, { drawing: circle });
    expect(edit.status).toBe(422);
    expect((await errorOf(edit)).message).toMatch(/^drawing: a reply cannot carry a drawing/);
  });

  it("lets the author add, change and remove the drawing by PATCH, each audited as such", async () => {
    const c = await commentOf(await postComment(scene.viewer, { frameIn: 100, body: "Soft focus" }));

    const added = await patchComment(scene.viewer, c.id, { drawing: circle });
    expect(added.status).toBe(200);
    const afterAdd = await commentOf(added);
    expect(afterAdd).toMatchObject({ body: "Soft focus", drawing: circle });
    expect(afterAdd.editedAt).not.toBeNull();

    const changed = await commentOf(await patchComment(scene.viewer, c.id, { body: "Soft focus, here", drawing: arrowAtBoom }));
    expect(changed).toMatchObject({ body: "Soft focus, here", drawing: arrowAtBoom });

    // Only the text: the drawing stays.
    expect(await commentOf(await patchComment(scene.viewer, c.id, { body: "Soft focus here" }))).toMatchObject({ drawing: arrowAtBoom });
    // The same drawing again is no change, and writes no event.
    await patchComment(scene.viewer, c.id, { drawing: arrowAtBoom });

    const removed = await commentOf(await patchComment(scene.viewer, c.id, { drawing: null }));
    expect(removed.drawing).toBeNull();

    const edits = await auditDataOf(c.id, "comment.edited");
    expect(edits.map((e) => (e.drawing as { change?: string } | undefined)?.change ?? null)).toEqual([
      "added",
      "changed",
      null,
      "removed",
    ]);
    const hash = expect.stringMatching(/^[0-9a-f]{64}$/);
    expect(edits[1]).toMatchObject({
      previousBody: "Soft focus",
      drawing: { before: { shapes: 1, points: 2, sha256: hash }, after: { shapes: 3, points: 5, sha256: hash } },
    });
    expect(edits[3]).toMatchObject({ drawing: { change: "removed", before: { shapes: 3 }, after: null } });

    // An empty edit is a validation error, not a silent no-op.
    const empty = await patchComment(scene.viewer, c.id, {});
    expect(empty.status).toBe(422);
    expect((await errorOf(empty)).message).toBe("send body, drawing, or both");
  });

  it("refuses another user's edit of the drawing (admins included), and changes nothing", async () => {
    const c = await commentOf(await postComment(scene.viewer, { frameIn: 130, body: "Mine", drawing: circle }));
    for (const other of [scene.supervisor, scene.admin]) {
      const response = await patchComment(other, c.id, { drawing: arrowAtBoom });
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toEqual({ code: "forbidden", message: "Only the author can edit a comment." });
      const removal = await patchComment(other, c.id, { drawing: null });
      expect(removal.status).toBe(403);
    }
    // Someone outside the project learns nothing (404), as for every comment operation.
    expect((await patchComment(scene.outsider, c.id, { drawing: null })).status).toBe(404);
    const listed = (await listComments(t.db, { actor: actor(scene.viewer), versionId })).comments.find((x) => x.id === c.id);
    expect(listed).toMatchObject({ drawing: circle, editedAt: null });
    expect(await auditDataOf(c.id, "comment.edited")).toEqual([]);
  });

  it("hides a deleted comment's drawing, as it hides its text", async () => {
    const c = await createComment(t.db, { actor: actor(scene.viewer), versionId, comment: { frameIn: 7, body: "Gone", drawing: circle } });
    const deleted = await deleteComment(t.db, { actor: actor(scene.viewer), commentId: c.id });
    expect(deleted).toMatchObject({ deleted: true, body: "", drawing: null });
    const code = await editComment(t.db, { actor: actor(scene.viewer), commentId: c.id, drawing: arrowAtBoom }).then(
      () => "none",
      (e: unknown) => toAppError(e).code,
    );
    expect(code).toBe("conflict");
  });
});

describe("comment drawings in the database (whatever code writes)", () => {
  async function insertComment(parentId: string | null = null): Promise<string> {
    const [row] = await t.sql<{ id: string }[]>`
      insert into comments (version_id, author_id, parent_id, frame_in, body)
      values (${versionId}, ${scene.viewer.id}, ${parentId}, 5, 'take') returning id`;
    return row!.id;
  }
  // Passed as text and cast: the drizzle client's postgres.js has no json serializer of its own.
  const json = (value: unknown) => JSON.stringify(value);

  it("changes a drawing only as an edit, with edited_at", async () => {
    const c = await insertComment();
    await expect(t.sql`update comments set drawing = ${json(circle)}::jsonb where id = ${c}`).rejects.toThrow(/only as an edit/);
    await t.sql`update comments set drawing = ${json(circle)}::jsonb, edited_at = now() where id = ${c}`;
    const [row] = await t.sql<{ drawing: Drawing }[]>`select drawing from comments where id = ${c}`;
    expect(row!.drawing).toEqual(circle);
    // Deleting leaves the drawing as it was (the row keeps it, as it keeps the text).
    await expect(t.sql`update comments set deleted_at = now(), drawing = null where id = ${c}`).rejects.toThrow(/deleting changes nothing else/);
    await t.sql`update comments set deleted_at = now() where id = ${c}`;
    await expect(t.sql`update comments set drawing = null, edited_at = now() where id = ${c}`).rejects.toThrow(/never changes again/);
  });

  it("refuses a drawing on a reply, a drawing that is not an object, and one of megabytes", async () => {
    const thread = await insertComment();
    const reply = await insertComment(thread);
    await expect(t.sql`update comments set drawing = ${json(circle)}::jsonb, edited_at = now() where id = ${reply}`).rejects.toThrow(
      /comments_drawing_on_thread/,
    );
    const c = await insertComment();
    await expect(t.sql`update comments set drawing = '[1, 2]'::jsonb, edited_at = now() where id = ${c}`).rejects.toThrow(
      /comments_drawing_shape/,
    );
    const huge = { v: 1, shapes: [], pad: "x".repeat(70_000) };
    await expect(t.sql`update comments set drawing = ${json(huge)}::jsonb, edited_at = now() where id = ${c}`).rejects.toThrow(
      /comments_drawing_shape/,
    );
  });
});
