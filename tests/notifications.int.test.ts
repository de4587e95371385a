import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as inboxRoute } from "../app/api/notifications/route";
import { POST as markReadRoute } from "../app/api/notifications/read/route";
import { events, notifications, projectMembers, type User } from "../db/schema";
import { createComment, createCommentInput } from "../lib/comments/create-comment";
import { decideVersion } from "../lib/decisions/decide-version";
import { deliverEvents } from "../lib/events/deliver-events";
import { appendEvent } from "../lib/events/append-event";
import { listEventRowsAfter, type EventRecord } from "../lib/events/event-record";
import { mentionToken } from "../lib/mentions/mention-tokens";
import { notificationsConsumer } from "../lib/notifications/notifications-consumer";
import { writeNotifications } from "../lib/notifications/write-notifications";
import { createMember, createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });

/** The notifications consumer (docs/notifications.md): who is told what, never the actor; the inbox routes. */
describe("notifications", () => {
  let t: TestDatabase;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;
  let versionId: string;

  /** Runs the real relay delivery for the consumer: every event since its cursor. */
  const relay = () => deliverEvents(t.db, notificationsConsumer);
  const comment = (author: User, body: string, extra: Record<string, unknown> = {}) =>
    createComment(t.db, {
      actor: actor(author),
      versionId,
      comment: createCommentInput.parse({ frameIn: 24, body, ...extra }),
    });
  /** Each user's notifications about `commentId` (or the version), as "kind" strings. */
  async function inboxOf(user: User, where: { commentId?: string; kind?: string } = {}) {
    const rows = await t.db.select().from(notifications).where(eq(notifications.userId, user.id));
    return rows
      .filter(
        (r) =>
          (where.commentId ? r.commentId === where.commentId : true) && (where.kind ? r.kind === where.kind : true),
      )
      .map((r) => r.kind);
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    scene = await createReviewScene(t.db);
    versionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
    // The consumer's cursor starts before everything this file writes.
    await relay();
  });
  afterAll(() => t?.drop());

  it("a comment tells the uploader, not its author nor someone who took no part", async () => {
    const c = await comment(scene.supervisor, "Too dark");
    await relay();
    expect(await inboxOf(scene.producer, { commentId: c.id })).toEqual(["comment"]);
    expect(await inboxOf(scene.supervisor, { commentId: c.id })).toEqual([]);
    expect(await inboxOf(scene.viewer, { commentId: c.id })).toEqual([]);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.commentId, c.id));
    expect(row).toMatchObject({
      frame: 24,
      summary: "Too dark",
      actorId: scene.supervisor.id,
      versionId,
      assetId: scene.asset.id,
    });
  });

  it("a reply tells the uploader and everyone who commented before, not the replier", async () => {
    const thread = await comment(scene.supervisor, "Thread");
    const reply = await comment(scene.viewer, "Agreed", { parentId: thread.id });
    await relay();
    expect(await inboxOf(scene.producer, { commentId: reply.id })).toEqual(["reply"]);
    expect(await inboxOf(scene.supervisor, { commentId: reply.id })).toEqual(["reply"]);
    expect(await inboxOf(scene.viewer, { commentId: reply.id })).toEqual([]);
  });

  it("a mention tells the mentioned member once (a mention, not also a comment), and never the author mentioning themselves", async () => {
    const bystander = await createMember(t.db, scene.project.id, "viewer");
    const c = await comment(
      scene.producer,
      `${mentionToken("V", scene.viewer.id)} and me ${mentionToken("P", scene.producer.id)}: see`,
    );
    await relay();
    expect(await inboxOf(scene.viewer, { commentId: c.id })).toEqual(["mention"]);
    expect(await inboxOf(scene.producer, { commentId: c.id })).toEqual([]);
    expect(await inboxOf(bystander, { commentId: c.id })).toEqual([]);
    // The supervisor had commented on the version: a plain comment notification for them.
    expect(await inboxOf(scene.supervisor, { commentId: c.id })).toEqual(["comment"]);
    const [mention] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.commentId, c.id), eq(notifications.userId, scene.viewer.id)));
    expect(mention!.summary).toBe("@V and me @P: see");
  });

  it("a decision tells the uploader; a ready or failed version tells its uploader", async () => {
    const decided = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id });
    await decideVersion(t.db, {
      actor: actor(scene.supervisor),
      versionId: decided.id,
      decision: "CHANGES_REQUESTED",
      note: "Grade",
    });
    await t.db.transaction(async (tx) => {
      await appendEvent(tx, {
        type: "version.ready",
        projectId: scene.project.id,
        actorId: null,
        versionId: decided.id,
        payload: { attempt: 1, renditions: ["proxy"], warnings: [] },
      });
      await appendEvent(tx, {
        type: "version.processing_failed",
        projectId: scene.project.id,
        actorId: null,
        versionId: decided.id,
        payload: { code: "corrupt_input", message: "moov atom not found", attempt: 2 },
      });
    });
    await relay();
    const rows = await t.db.select().from(notifications).where(eq(notifications.versionId, decided.id));
    expect(rows.map((r) => [r.userId, r.kind]).sort()).toEqual(
      [
        [scene.producer.id, "decision"],
        [scene.producer.id, "version_failed"],
        [scene.producer.id, "version_ready"],
      ].sort(),
    );
    expect(rows.find((r) => r.kind === "decision")!.summary).toMatch(/^asked for changes on v\d+: Grade$/);
  });

  it("a removed member is told nothing more; a redelivered batch writes nothing twice", async () => {
    await t.db
      .delete(projectMembers)
      .where(and(eq(projectMembers.userId, scene.supervisor.id), eq(projectMembers.projectId, scene.project.id)));
    const [{ seq } = { seq: 0 }] = await t.db.select({ seq: events.seq }).from(events).orderBy(events.seq).limit(1);
    const c = await comment(scene.viewer, "After they left");
    await relay();
    expect(await inboxOf(scene.supervisor, { commentId: c.id })).toEqual([]);
    expect(await inboxOf(scene.producer, { commentId: c.id })).toEqual(["comment"]);
    const total = (await t.db.select().from(notifications)).length;
    const all = (await listEventRowsAfter(t.db, { afterSeq: seq - 1, limit: 1000 }))
      .map((r) => r.event)
      .filter((e): e is EventRecord => e !== null);
    expect(all.length).toBeGreaterThan(5);
    expect(await writeNotifications(t.db, all, { appUrl: "http://localhost:3000" })).toBe(0);
    expect((await t.db.select().from(notifications)).length).toBe(total);
  });

  describe("inbox routes", () => {
    const as = (user: User | null) => ({
      db: t.db,
      publicUrl: "http://localhost",
      readSession: async () => (user ? { userId: user.id } : null),
    });
    const get = (user: User | null) =>
      inboxRoute.withDeps(as(user))(new Request("http://localhost/api/notifications"), { params: Promise.resolve({}) });
    const post = (user: User | null, body: unknown) =>
      markReadRoute.withDeps(as(user))(
        new Request("http://localhost/api/notifications/read", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost", "sec-fetch-site": "same-origin" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );

    it("lists only the caller's entries with a link to the frame, marks one and then all read", async () => {
      const answer = (await (await get(scene.producer)).json()) as {
        unreadCount: number;
        notifications: { id: string; kind: string; href: string; readAt: string | null; actorName: string | null }[];
      };
      const mine = await t.db.select().from(notifications).where(eq(notifications.userId, scene.producer.id));
      expect(answer.notifications.map((n) => n.id).sort()).toEqual(mine.map((r) => r.id).sort());
      expect(answer.unreadCount).toBe(mine.length);
      const commentEntry = answer.notifications.find((n) => n.kind === "comment")!;
      expect(commentEntry.href).toMatch(
        new RegExp(`^/projects/${scene.project.id}/assets/${scene.asset.id}/versions/[0-9a-f-]{36}\\?frame=24$`),
      );
      expect(commentEntry.actorName).not.toBeNull();

      // Someone else's id is ignored, the caller's own is marked.
      const viewerRow = (await t.db.select().from(notifications).where(eq(notifications.userId, scene.viewer.id)))[0]!;
      const marked = await post(scene.producer, { ids: [commentEntry.id, viewerRow.id] });
      expect(marked.status).toBe(200);
      expect(await marked.json()).toEqual({ unreadCount: mine.length - 1 });
      const [viewerAfter] = await t.db.select().from(notifications).where(eq(notifications.id, viewerRow.id));
      expect(viewerAfter!.readAt).toBeNull();

      expect(await (await post(scene.producer, { all: true })).json()).toEqual({ unreadCount: 0 });
      const after = (await (await get(scene.producer)).json()) as {
        unreadCount: number;
        notifications: { readAt: string | null }[];
      };
      expect(after.unreadCount).toBe(0);
      expect(after.notifications.every((n) => n.readAt !== null)).toBe(true);
      // The viewer's inbox is untouched.
      expect(((await (await get(scene.viewer)).json()) as { unreadCount: number }).unreadCount).toBeGreaterThan(0);
    });

    it("refuses the anonymous and a malformed body", async () => {
      expect((await get(null)).status).toBe(401);
      expect((await post(scene.producer, { ids: ["nope"] })).status).toBe(422);
      expect((await post(scene.producer, {})).status).toBe(422);
    });
  });
});
