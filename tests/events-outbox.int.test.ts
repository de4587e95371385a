import { randomBytes } from "node:crypto";
import { eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle, type DbOrTx } from "../db/client";
import { comments, events, versions, type User } from "../db/schema";
import { actorOf } from "../lib/auth/permissions";
import { createComment } from "../lib/comments/create-comment";
import { deleteComment } from "../lib/comments/delete-comment";
import { editComment } from "../lib/comments/edit-comment";
import { setCommentResolved } from "../lib/comments/set-comment-resolved";
import { decideVersion } from "../lib/decisions/decide-version";
import { appendEvent } from "../lib/events/append-event";
import { listEventRowsAfter } from "../lib/events/event-record";
import type { EventType } from "../lib/events/event-types";
import { addProjectMember } from "../lib/members/add-project-member";
import { changeMemberRole } from "../lib/members/change-member-role";
import { removeProjectMember } from "../lib/members/remove-project-member";
import { claimVersion } from "../lib/processing/claim-version";
import { handBackVersion } from "../lib/processing/hand-back-version";
import { markVersionError } from "../lib/processing/mark-version-error";
import { markVersionReady } from "../lib/processing/mark-version-ready";
import { recordProgress } from "../lib/processing/record-heartbeat";
import { retryVersion } from "../lib/processing/retry-version";
import { sweepStaleVersions } from "../lib/processing/sweep-stale-versions";
import { setProjectArchived } from "../lib/projects/archive-project";
import { createStorage, type Storage } from "../lib/storage";
import { completeUpload } from "../lib/uploads/complete-upload";
import { createReviewScene, createUser, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { limits, put, uploadHelpers } from "./helpers/uploads";

/**
 * The outbox (docs/events.md): every domain change writes exactly its event, in its own
 * transaction — rolled back with the change (nothing), committed with it (exactly once), and with
 * the relay job queued beside it. The domain functions run as the app role, as in production.
 */

let t: TestDatabase;
let app: DbHandle;
let storage: Storage;
let scene: Awaited<ReturnType<typeof createReviewScene>>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createDb(t.appUrl, { max: 4 });
  storage = createStorage({ ...testS3Config(), forcePathStyle: true });
  scene = await createReviewScene(t.db);
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

class Rollback extends Error {}

async function latestSeq(): Promise<number> {
  const [row] = await t.sql<{ seq: string | null }[]>`select max(seq)::text as seq from events`;
  return Number(row?.seq ?? 0);
}
async function relayJobs(): Promise<number> {
  const [row] = await t.sql<
    { n: number }[]
  >`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'relay-events'`;
  return row!.n;
}
async function eventsAfter(seq: number) {
  return (await listEventRowsAfter(t.db, { afterSeq: seq, limit: 100 })).map((r) => r.event!);
}

type Expected = {
  type: EventType;
  versionId?: string | null;
  commentId?: string | null;
  actorId?: string | null;
  payload?: object;
};

/**
 * Runs `prepare()` twice: once the change it returns runs inside a transaction that is then rolled
 * back (no event may exist), once it commits (exactly `expected`, in order, of the scene's project).
 */
async function expectEventsOf(prepare: () => Promise<(db: DbOrTx) => Promise<unknown>>, expected: Expected[]) {
  const rolledBack = await prepare();
  const before = await latestSeq();
  await expect(
    app.db.transaction(async (tx) => {
      await rolledBack(tx);
      // Inside the transaction the event is there…
      expect((await tx.select().from(events).where(gt(events.seq, before))).length).toBe(expected.length);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
  // …and gone with it.
  expect(await eventsAfter(before)).toEqual([]);

  const committed = await prepare();
  const from = await latestSeq();
  await committed(app.db);
  const written = await eventsAfter(from);
  expect(written.map((e) => e.type)).toEqual(expected.map((e) => e.type));
  written.forEach((event, i) => {
    const want = expected[i]!;
    expect(event.projectId).toBe(scene.project.id);
    if (want.versionId !== undefined) expect(event.versionId).toBe(want.versionId);
    if (want.commentId !== undefined) expect(event.commentId).toBe(want.commentId);
    if (want.actorId !== undefined) expect(event.actorId).toBe(want.actorId);
    if (want.payload) expect(event.payload).toEqual(want.payload);
  });
  return written;
}

const actor = (user: User) => actorOf(user);
const version = (state: "PENDING" | "PROCESSING" | "READY" | "ERROR") =>
  createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id, state });

/** A PROCESSING version held by worker `w` (attempt 1, progress 0). */
async function heldVersion(workerId = "worker-a") {
  const v = await version("PROCESSING");
  await t.db.update(versions).set({ workerId, heartbeatAt: sql`now()` }).where(eq(versions.id, v.id));
  return { id: v.id, owner: { versionId: v.id, workerId } };
}

describe("each domain change writes exactly its event in its transaction", () => {
  it("completing an upload: version.uploaded, with the relay job queued in the same transaction", async () => {
    const uploads = uploadHelpers(() => ({
      db: t.db,
      storage,
      projectId: scene.project.id,
      producerId: scene.producer.id,
    }));
    const prepare = async () => {
      const upload = await uploads.start({ size: 2048 });
      if (upload.mode !== "single") throw new Error("single PUT expected");
      await put(upload.url, new Uint8Array(randomBytes(2048)), upload.headers);
      return (db: DbOrTx) =>
        completeUpload(db, storage, { versionId: upload.versionId, actor: actor(scene.producer), limits });
    };
    // Rolled back: no event and no relay job; committed: both.
    const jobsBefore = await relayJobs();
    const [event] = await expectEventsOf(prepare, [{ type: "version.uploaded", actorId: scene.producer.id }]);
    expect(event!.payload).toMatchObject({ number: 1, fileName: "plate.mov", sizeBytes: 2048 });
    expect(event!.assetId).not.toBeNull();
    expect(await relayJobs()).toBe(Math.max(jobsBefore, 1));
    // Completing again changes nothing: no second event.
    const seq = await latestSeq();
    await completeUpload(app.db, storage, { versionId: event!.versionId!, actor: actor(scene.producer), limits });
    expect(await eventsAfter(seq)).toEqual([]);
  });

  it("processing: started, coalesced progress, ready / failed, handed back, reclaimed, retried", async () => {
    await expectEventsOf(async () => {
      const v = await version("PENDING");
      return (db) => claimVersion(db, { versionId: v.id, workerId: "worker-a", staleAfterSeconds: 60 });
    }, [{ type: "version.processing_started", actorId: null, payload: { attempt: 1, takenOverFrom: null } }]);

    // Progress: one event per 5 % step crossed, whatever the number of writes.
    const held = await heldVersion();
    const from = await latestSeq();
    for (const percent of [1, 3, 4.9, 5, 6, 9.99, 10.2, 31, 33, 95]) {
      await recordProgress(app.db, held.owner, { percent, projectId: scene.project.id, attempt: 1 });
    }
    const progress = await eventsAfter(from);
    expect(progress.map((e) => [e.type, e.payload])).toEqual([
      ["version.processing_progress", { percent: 5, attempt: 1 }],
      ["version.processing_progress", { percent: 10, attempt: 1 }],
      ["version.processing_progress", { percent: 30, attempt: 1 }],
      ["version.processing_progress", { percent: 95, attempt: 1 }],
    ]);
    await expectEventsOf(async () => {
      const h = await heldVersion();
      await t.db.update(versions).set({ progress: 12 }).where(eq(versions.id, h.id));
      return (db) => recordProgress(db, h.owner, { percent: 15.5, projectId: scene.project.id, attempt: 1 });
    }, [{ type: "version.processing_progress", payload: { percent: 15, attempt: 1 } }]);

    await expectEventsOf(async () => {
      const h = await heldVersion();
      return (db) =>
        markVersionReady(db, h.owner, { projectId: scene.project.id, renditions: [], attempt: 1, warnings: [] });
    }, [{ type: "version.ready", actorId: null, payload: { attempt: 1, renditions: [], warnings: [] } }]);

    await expectEventsOf(async () => {
      const h = await heldVersion();
      return (db) =>
        markVersionError(db, h.owner, {
          projectId: scene.project.id,
          code: "corrupt_input",
          message: "moov atom not found",
          logTail: "",
          attempt: 1,
        });
    }, [
      {
        type: "version.processing_failed",
        payload: { code: "corrupt_input", message: "moov atom not found", attempt: 1 },
      },
    ]);

    await expectEventsOf(async () => {
      const h = await heldVersion();
      return (db) =>
        handBackVersion(db, h.owner, { projectId: scene.project.id, reason: "transient_error", code: "timeout" });
    }, [{ type: "version.processing_requeued", payload: { reason: "transient_error" } }]);

    await expectEventsOf(async () => {
      // Only this one is stale (the sweep also sees the versions of earlier cases).
      await t.db.update(versions).set({ heartbeatAt: sql`now()` }).where(eq(versions.processingState, "PROCESSING"));
      const h = await heldVersion("worker-dead");
      await t.db.update(versions).set({ heartbeatAt: sql`now() - interval '1 hour'` }).where(eq(versions.id, h.id));
      return (db) => sweepStaleVersions(db, { staleAfterSeconds: 60 });
    }, [{ type: "version.processing_requeued", payload: { reason: "worker_lost" } }]);

    const failed = await expectEventsOf(async () => {
      const v = await version("ERROR");
      return (db) => retryVersion(db, { versionId: v.id, actor: actor(scene.producer) });
    }, [
      { type: "version.retry_requested", actorId: scene.producer.id, payload: { previousErrorCode: "corrupt_input" } },
    ]);
    expect(failed[0]!.versionId).not.toBeNull();
  });

  it("a review decision: decision.made", async () => {
    const [event] = await expectEventsOf(async () => {
      const v = await version("READY");
      return (db) =>
        decideVersion(db, {
          versionId: v.id,
          actor: actor(scene.supervisor),
          decision: "CHANGES_REQUESTED",
          note: "Grade is off",
        });
    }, [{ type: "decision.made", actorId: scene.supervisor.id }]);
    expect(event!.payload).toMatchObject({
      decision: "CHANGES_REQUESTED",
      previousReviewState: "IN_REVIEW",
      note: "Grade is off",
    });
  });

  it("comments: added, replied, edited, resolved, reopened, deleted — and nothing for a change that changes nothing", async () => {
    const v = await version("READY");
    const thread = async () => {
      const [row] = await t.db
        .insert(comments)
        .values({ versionId: v.id, authorId: scene.viewer.id, frameIn: 10, frameOut: 20, body: "Flicker here" })
        .returning({ id: comments.id });
      return row!.id;
    };
    const me = actor(scene.viewer);

    const [added] = await expectEventsOf(
      async () => (db) =>
        createComment(db, { actor: me, versionId: v.id, comment: { frameIn: 12, body: "Boom in frame" } }),
      [
        {
          type: "comment.added",
          versionId: v.id,
          actorId: scene.viewer.id,
          payload: { frameIn: 12, frameOut: null, body: "Boom in frame", hasDrawing: false },
        },
      ],
    );
    expect(added!.commentId).not.toBeNull();

    const parentId = await thread();
    await expectEventsOf(
      async () => (db) => createComment(db, { actor: me, versionId: v.id, comment: { parentId, body: "Agreed" } }),
      [{ type: "comment.replied", versionId: v.id, payload: { parentId, frameIn: 10, frameOut: 20, body: "Agreed" } }],
    );

    await expectEventsOf(async () => {
      const id = await thread();
      return (db) => editComment(db, { actor: me, commentId: id, body: "Flicker from 10" });
    }, [{ type: "comment.edited", payload: { body: "Flicker from 10", hasDrawing: false } }]);

    await expectEventsOf(async () => {
      const id = await thread();
      return (db) => setCommentResolved(db, { actor: actor(scene.producer), commentId: id, resolved: true });
    }, [{ type: "comment.resolved", actorId: scene.producer.id, payload: {} }]);

    await expectEventsOf(async () => {
      const id = await thread();
      await setCommentResolved(t.db, { actor: me, commentId: id, resolved: true });
      return (db) => setCommentResolved(db, { actor: me, commentId: id, resolved: false });
    }, [{ type: "comment.reopened" }]);

    await expectEventsOf(async () => {
      const id = await thread();
      return (db) => deleteComment(db, { actor: me, commentId: id });
    }, [{ type: "comment.deleted", payload: { parentId: null } }]);

    // The same text, resolving a resolved thread, deleting twice: no change, no event.
    const id = await thread();
    await setCommentResolved(t.db, { actor: me, commentId: id, resolved: true });
    const seq = await latestSeq();
    await editComment(app.db, { actor: me, commentId: id, body: "Flicker here" });
    await setCommentResolved(app.db, { actor: me, commentId: id, resolved: true });
    expect(await eventsAfter(seq)).toEqual([]);
  });

  it("membership and archiving: member.added / role_changed / removed, project.archived / unarchived", async () => {
    const admin = actor(scene.admin);
    const projectId = scene.project.id;
    const [added] = await expectEventsOf(async () => {
      const user = await createUser(t.db);
      return (db) => addProjectMember(db, { actor: admin, projectId, userId: user.id, role: "viewer" });
    }, [{ type: "member.added", actorId: scene.admin.id }]);
    expect(added!.payload).toEqual({ userId: expect.any(String), role: "viewer" });

    const member = async () => {
      const user = await createUser(t.db);
      await addProjectMember(t.db, { actor: admin, projectId, userId: user.id, role: "viewer" });
      return user.id;
    };
    await expectEventsOf(async () => {
      const userId = await member();
      return (db) => changeMemberRole(db, { actor: admin, projectId, userId, role: "supervisor" });
    }, [{ type: "member.role_changed", payload: { userId: expect.any(String), from: "viewer", to: "supervisor" } }]);
    await expectEventsOf(async () => {
      const userId = await member();
      return (db) => removeProjectMember(db, { actor: admin, projectId, userId });
    }, [{ type: "member.removed", payload: { userId: expect.any(String), role: "viewer" } }]);

    await expectEventsOf(async () => {
      await setProjectArchived(t.db, { actor: admin, projectId, archived: false });
      return (db) => setProjectArchived(db, { actor: admin, projectId, archived: true });
    }, [{ type: "project.archived", versionId: null, commentId: null }]);
    await expectEventsOf(async () => {
      await setProjectArchived(t.db, { actor: admin, projectId, archived: true });
      return (db) => setProjectArchived(db, { actor: admin, projectId, archived: false });
    }, [{ type: "project.unarchived" }]);
  });

  it("a refused change writes no event", async () => {
    const v = await version("READY");
    const seq = await latestSeq();
    await expect(
      decideVersion(app.db, { versionId: v.id, actor: actor(scene.viewer), decision: "APPROVED" }),
    ).rejects.toThrow();
    await expect(
      createComment(app.db, { actor: actor(scene.outsider), versionId: v.id, comment: { frameIn: 1, body: "x" } }),
    ).rejects.toThrow();
    expect(await eventsAfter(seq)).toEqual([]);
  });
});

describe("the outbox's order and rights", () => {
  it("seq order is commit order: a writer waits for the open transaction before it draws its seq", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const event = { type: "project.archived", projectId: scene.project.id, actorId: null, payload: {} } as const;

    const first = app.db.transaction(async (tx) => {
      await appendEvent(tx, event);
      firstInserted();
      await held; // still open: its seq is drawn, its COMMIT not yet done
    });
    await inserted;
    let isSecondDone = false;
    const second = app.db.transaction((tx) => appendEvent(tx, event)).then(() => (isSecondDone = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(isSecondDone, "the second writer must wait for the first one's COMMIT").toBe(false);
    release();
    await Promise.all([first, second]);
    const [a, b] = await t.sql<{ seq: string }[]>`select seq::text from events order by seq desc limit 2`;
    // Both committed; the one that committed last holds the higher seq, drawn after the first COMMIT.
    expect(Number(a!.seq)).toBeGreaterThan(Number(b!.seq));
  });

  it("the app role may append and read events, but not change or delete them, and prunes only through axiom_prune_events", async () => {
    await expect(app.sql`update events set type = 'x'`).rejects.toThrow(/permission denied/);
    await expect(app.sql`delete from events`).rejects.toThrow(/permission denied/);
    // An event older than the retention window (back-dated as the owner) goes; recent ones stay.
    const [old] = await t.sql<{ seq: string }[]>`
      insert into events (type, project_id, payload, occurred_at) values ('project.archived', ${scene.project.id}, '{}', now() - interval '40 days')
      returning seq::text`;
    const total = await t.sql<{ n: number }[]>`select count(*)::int as n from events`;
    const [pruned] = await app.sql<{ n: number }[]>`select axiom_prune_events(30)::int as n`;
    expect(pruned!.n).toBe(1);
    expect(await t.sql`select 1 from events where seq = ${old!.seq}`).toHaveLength(0);
    const after = await t.sql<{ n: number }[]>`select count(*)::int as n from events`;
    expect(after[0]!.n).toBe(total[0]!.n - 1);
    // A day is the floor: asking for 0 days deletes nothing recent.
    const [none] = await app.sql<{ n: number }[]>`select axiom_prune_events(0)::int as n`;
    expect(none!.n).toBe(0);
  });
});
