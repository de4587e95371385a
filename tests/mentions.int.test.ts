import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comments, events, projectMembers, users, type User } from "../db/schema";
import { createComment, createCommentInput } from "../lib/comments/create-comment";
import { editComment, editCommentInput } from "../lib/comments/edit-comment";
import { toAppError } from "../lib/errors";
import { listMentionableMembers } from "../lib/mentions/list-mentionable-members";
import { mentionToken } from "../lib/mentions/mention-tokens";
import { createMember, createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });
const at = (u: User) => mentionToken(u.name, u.id);

/** @mentions (docs/events.md, "@mentions"): stored as user ids, members only, announced by comment.mentioned. */
describe("mentions", () => {
  let t: TestDatabase;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;
  let versionId: string;

  const create = (author: User, comment: unknown) =>
    createComment(t.db, { actor: actor(author), versionId, comment: createCommentInput.parse(comment) });
  const mentionsOf = async (commentId: string) =>
    (await t.db.select({ mentions: comments.mentions }).from(comments).where(eq(comments.id, commentId)))[0]!.mentions;
  const mentionEvents = (commentId: string) =>
    t.db
      .select({ payload: events.payload, actorId: events.actorId })
      .from(events)
      .where(and(eq(events.commentId, commentId), eq(events.type, "comment.mentioned")));
  async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
    try {
      await promise;
    } catch (err) {
      const e = toAppError(err);
      return { code: e.code, message: e.message };
    }
    throw new Error("expected a rejection");
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    scene = await createReviewScene(t.db);
    versionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
  });
  afterAll(() => t?.drop());

  it("stores the mentioned members' ids and announces only others, not the author", async () => {
    const comment = await create(scene.supervisor, {
      frameIn: 3,
      body: `${at(scene.producer)} and ${at(scene.viewer)}, look — also me ${at(scene.supervisor)}`,
    });
    expect(await mentionsOf(comment.id)).toEqual([scene.producer.id, scene.viewer.id, scene.supervisor.id]);
    const written = await mentionEvents(comment.id);
    expect(written).toEqual([
      {
        actorId: scene.supervisor.id,
        payload: { userIds: [scene.producer.id, scene.viewer.id], parentId: null, frameIn: 3, frameOut: null },
      },
    ]);
  });

  it("refuses a mention of a non-member, a disabled member or a made-up id, and writes nothing", async () => {
    const disabled = await createMember(t.db, scene.project.id, "viewer");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    for (const body of [
      `hi ${at(scene.outsider)}`,
      `hi ${at(disabled)}`,
      `hi @[Ghost](00000000-0000-4000-8000-000000000000)`,
    ]) {
      const before = await t.db.select({ id: comments.id }).from(comments);
      expect(await codeOf(create(scene.producer, { frameIn: 1, body }))).toEqual({
        code: "validation_failed",
        message: "body: you can only mention members of this project",
      });
      expect(await t.db.select({ id: comments.id }).from(comments)).toHaveLength(before.length);
    }
    // An admin who is not a member is not a member either.
    expect((await codeOf(create(scene.producer, { frameIn: 1, body: at(scene.admin) }))).code).toBe(
      "validation_failed",
    );
  });

  it("a reply mentions too, with its thread's frames", async () => {
    const thread = await create(scene.producer, { frameIn: 7, frameOut: 9, body: "thread" });
    const reply = await create(scene.viewer, { parentId: thread.id, body: `${at(scene.supervisor)} thoughts?` });
    expect(await mentionEvents(reply.id)).toEqual([
      {
        actorId: scene.viewer.id,
        payload: { userIds: [scene.supervisor.id], parentId: thread.id, frameIn: 7, frameOut: 9 },
      },
    ]);
  });

  it("an edit stores the new list and announces only people it newly names; a kept mention of a former member still edits", async () => {
    const leaving = await createMember(t.db, scene.project.id, "viewer");
    const comment = await create(scene.producer, { frameIn: 2, body: `${at(leaving)} first` });
    expect((await mentionEvents(comment.id)).map((e) => e.payload)).toHaveLength(1);
    // They leave the project; their mention stays in the text, and the author can still edit around it.
    await t.db.delete(projectMembers).where(eq(projectMembers.userId, leaving.id));
    await editComment(t.db, {
      actor: actor(scene.producer),
      commentId: comment.id,
      ...editCommentInput.parse({ body: `${at(leaving)} first, ${at(scene.supervisor)}` }),
    });
    expect(await mentionsOf(comment.id)).toEqual([leaving.id, scene.supervisor.id]);
    const written = await mentionEvents(comment.id);
    expect(written.map((e) => e.payload)).toEqual([
      { userIds: [leaving.id], parentId: null, frameIn: 2, frameOut: null },
      { userIds: [scene.supervisor.id], parentId: null, frameIn: 2, frameOut: null },
    ]);
    // Adding a non-member in an edit is refused like in a new comment.
    const refused = editComment(t.db, {
      actor: actor(scene.producer),
      commentId: comment.id,
      ...editCommentInput.parse({ body: `${at(scene.outsider)}` }),
    });
    expect((await codeOf(refused)).code).toBe("validation_failed");
  });

  it("lists the members who can be mentioned: names, no disabled users, no outsiders", async () => {
    const disabled = await createMember(t.db, scene.project.id, "supervisor");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    const { members } = await listMentionableMembers(t.db, { projectId: scene.project.id });
    const ids = members.map((m) => m.userId);
    expect(ids).toEqual(expect.arrayContaining([scene.producer.id, scene.supervisor.id, scene.viewer.id]));
    expect(ids).not.toContain(scene.outsider.id);
    expect(ids).not.toContain(scene.admin.id);
    expect(ids).not.toContain(disabled.id);
    expect(members.find((m) => m.userId === scene.viewer.id)).toEqual({
      userId: scene.viewer.id,
      name: scene.viewer.name,
    });
  });
});
