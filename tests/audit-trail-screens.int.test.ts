import { randomUUID } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { parseCrontab } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../db/client";
import { EVENTS_CRONTAB, MEDIA_CRONTAB } from "../jobs/crontab";
import { EVENT_TASK_NAMES } from "../jobs/registry";
import * as adminActions from "../lib/admin/admin-action-handlers";
import type { RouteDeps } from "../lib/api/route";
import { AUDIT_CHECKPOINT_KEY, readAuditCheckpoint, writeAuditCheckpoint } from "../lib/audit/audit-checkpoint";
import type { AuditCheckReport } from "../lib/audit/check-audit-trail";
import { recordAuditEvent } from "../lib/audit/record-audit-event";
import { listAuditTrail } from "../lib/audit/list-audit-trail";
import { listProjectAuditEvents } from "../lib/audit/list-project-audit-events";
import { actorOf } from "../lib/auth/permissions";
import { createComment } from "../lib/comments/create-comment";
import { setCommentResolved } from "../lib/comments/set-comment-resolved";
import { decideVersion } from "../lib/decisions/decide-version";
import { getAuditKeys, resetEnvCache } from "../lib/env";
import { renameProject } from "../lib/projects/rename-project";
import { createStorage, getStorage, type Storage } from "../lib/storage";
import { createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { s3Environment } from "../scripts/dev-services/local-s3";

/**
 * The audit trail on screen (issue 15 #4; docs/audit.md): the one query behind the screens and
 * /api/v1 (scopes, filters, keyset pages both ways), the events in words, the admins' "Verify
 * chain" action — the same check as `npm run audit:verify` — on an intact chain and on a row
 * altered as the database owner, and the checkpoint written every minute the chain moved.
 *
 * The checkpoint lives in a bucket of this file's own: tests/audit-trail.int.test.ts owns the
 * shared bucket's one checkpoint object, and runs beside this file.
 */
const BUCKET = `audit-screens-${Date.now().toString(36)}`;

let t: TestDatabase;
/** The app role, as the web app connects: everything here but the tampering runs as it. */
let app: DbHandle;
let storage: Storage;
let scene: Awaited<ReturnType<typeof createReviewScene>>;
let versionA: string;
let versionB: string;
const as = (userId: string | null): RouteDeps => ({
  db: app.db,
  readSession: async () => (userId ? { userId } : null),
});

beforeAll(async () => {
  t = await createTestDatabase();
  app = createDb(t.appUrl, { max: 2 });
  const s3 = testS3Config();
  Object.assign(process.env, {
    DATABASE_URL: t.appUrl,
    NEXTAUTH_URL: "http://axiom.audit.test",
    NEXTAUTH_SECRET: "audit-trail-screens-secret-0123456789",
    ...s3Environment({ ...s3, bucket: BUCKET }),
  });
  resetEnvCache();
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();
  // What the action uses (getStorage reads the environment once): this file's bucket.
  storage = getStorage();
  expect(storage).toBe(getStorage());

  scene = await createReviewScene(t.db);
  versionA = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
  versionB = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
  const supervisor = actorOf(scene.supervisor);
  // On A: a comment, its resolution, a decision; on B: a decision; the project: a rename.
  const comment = await createComment(t.db, {
    actor: supervisor,
    versionId: versionA,
    comment: { body: "Sky too warm", frameIn: 12 },
  });
  await setCommentResolved(t.db, { actor: actorOf(scene.producer), commentId: comment.id, resolved: true });
  await decideVersion(t.db, { actor: supervisor, versionId: versionA, decision: "APPROVED", note: "Lovely" });
  await decideVersion(t.db, { actor: supervisor, versionId: versionB, decision: "REJECTED" });
  await renameProject(t.db, { actor: actorOf(scene.admin), projectId: scene.project.id, name: "Renamed show" });
  // Another project's event, which no view of this project shows.
  const other = await createReviewScene(t.db);
  const otherVersion = await createVersion(t.db, { assetId: other.asset.id, uploadedBy: other.producer.id });
  await decideVersion(t.db, { actor: actorOf(other.supervisor), versionId: otherVersion.id, decision: "APPROVED" });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe("the trail's query", () => {
  it("shows one version's events and its comments', in words, newest first", async () => {
    const page = await listAuditTrail(t.db, { scope: { projectId: scene.project.id, versionId: versionA } });
    expect(page.entries.map((e) => e.action)).toEqual([
      "version.review_decided",
      "comment.resolved",
      "comment.created",
    ]);
    const [decision, resolved] = page.entries;
    expect(decision).toMatchObject({
      title: "Review decision",
      detail: "Lovely",
      changes: [{ label: "Review state", from: "In review", to: "Approved" }],
      actor: { id: scene.supervisor.id, name: scene.supervisor.name, email: scene.supervisor.email },
      subject: { label: `${scene.asset.name} v1`, href: expect.stringContaining(`/versions/${versionA}`) },
      projectCode: scene.project.code,
    });
    expect(resolved).toMatchObject({
      changes: [{ label: "Comment", from: "Open", to: "Resolved" }],
      actor: { id: scene.producer.id },
    });
    expect(page).toMatchObject({ olderBefore: null, newerAfter: null });
  });

  it("filters by action, actor (a user or the system) and UTC days", async () => {
    const scope = { projectId: scene.project.id };
    const decisions = await listAuditTrail(t.db, { scope, filters: { action: "version.review_decided" } });
    expect(decisions.entries.map((e) => e.changes[0]?.to)).toEqual(["Rejected", "Approved"]);
    const byProducer = await listAuditTrail(t.db, { scope, filters: { actor: scene.producer.id } });
    expect(byProducer.entries.map((e) => e.action)).toEqual(["comment.resolved"]);
    const bySystem = await listAuditTrail(t.db, { scope, filters: { actor: "system" } });
    expect(bySystem.entries.every((e) => e.actor === null)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(
      (await listAuditTrail(t.db, { scope, filters: { from: today, to: today } })).entries.length,
    ).toBeGreaterThanOrEqual(5);
    expect((await listAuditTrail(t.db, { scope, filters: { to: yesterday } })).entries).toEqual([]);
    // The admins' view: every project, so the other project's decision too; with a filter, only it.
    const all = await listAuditTrail(t.db, {
      scope: { projectId: null },
      filters: { action: "version.review_decided" },
    });
    expect(all.entries).toHaveLength(3);
  });

  it("pages by seq both ways, and a page stays put when new events arrive", async () => {
    const scope = { projectId: scene.project.id };
    const everything = (await listAuditTrail(t.db, { scope })).entries.map((e) => e.seq);
    expect(everything.length).toBe(5);
    const first = await listAuditTrail(t.db, { scope, limit: 2 });
    expect(first.entries.map((e) => e.seq)).toEqual(everything.slice(0, 2));
    expect(first.newerAfter).toBeNull();
    const second = await listAuditTrail(t.db, { scope, limit: 2, before: first.olderBefore! });
    expect(second.entries.map((e) => e.seq)).toEqual(everything.slice(2, 4));
    expect(second.newerAfter).toBe(everything[2]);
    // A new event meanwhile: paging back up from the second page still lands on the same first page.
    await renameProject(t.db, { actor: actorOf(scene.admin), projectId: scene.project.id, name: "Renamed again" });
    const back = await listAuditTrail(t.db, { scope, limit: 2, after: second.newerAfter! });
    expect(back.entries.map((e) => e.seq)).toEqual(everything.slice(0, 2));
    expect(back.newerAfter).not.toBeNull(); // the rename
    let before: number | null = first.olderBefore;
    const seen = [...first.entries.map((e) => e.seq)];
    while (before !== null) {
      const page = await listAuditTrail(t.db, { scope, limit: 2, before });
      seen.push(...page.entries.map((e) => e.seq));
      before = page.olderBefore;
    }
    expect(seen).toEqual(everything);
  });

  it("names a review link's guest, who is no user, by the name they gave", async () => {
    const s2 = await createReviewScene(t.db);
    const v = await createVersion(t.db, { assetId: s2.asset.id, uploadedBy: s2.producer.id });
    await recordAuditEvent(app.db, {
      actorId: null,
      action: "comment.created",
      entityType: "comment",
      entityId: randomUUID(),
      projectId: s2.project.id,
      data: { versionId: v.id, parentId: null, frameIn: 3, guestName: "Dana (client)" },
    });
    const [entry] = (await listAuditTrail(app.db, { scope: { projectId: s2.project.id } })).entries;
    expect(entry).toMatchObject({
      actor: null,
      guestName: "Dana (client)",
      title: "Comment added",
      subject: { label: `${s2.asset.name} v1` },
    });
  });

  it("is /api/v1's list too: oldest first, with the same filters, paged by an opaque cursor", async () => {
    const filters = { action: "version.review_decided" };
    const first = await listProjectAuditEvents(t.db, { projectId: scene.project.id, filters, page: { limit: 1 } });
    expect(first.items).toEqual([expect.objectContaining({ action: "version.review_decided", entityId: versionA })]);
    expect(Object.keys(first.items[0]!)).not.toContain("projectId");
    const second = await listProjectAuditEvents(t.db, {
      projectId: scene.project.id,
      filters,
      page: { limit: 1, cursor: first.nextCursor! },
    });
    expect(second.items).toEqual([expect.objectContaining({ entityId: versionB })]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("Verify chain (admins)", () => {
  const verify = (userId: string) => adminActions.verifyAuditChainAction.withDeps(as(userId))({});

  it("is refused to anyone but an admin", async () => {
    expect(await verify(scene.producer.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("reports an intact chain like audit:verify: the count, the last seq, and the checkpoint", async () => {
    const noCheckpoint = await verify(scene.admin.id);
    const report = reportOf(noCheckpoint);
    expect(report).toMatchObject({ isIntact: true, badSeq: null, badRow: null });
    expect(report.lines[0]?.text).toMatch(/^chain: \d+ audit events verify \(\d+ HMAC-signed\), last seq \d+$/);
    expect(report.lines[1]).toMatchObject({
      level: "warning",
      text: expect.stringMatching(/^checkpoint: none in the bucket yet/),
    });

    const keys = getAuditKeys();
    await writeAuditCheckpoint(t.db, storage, { keys: keys.all, signingKey: keys.current! });
    const checked = reportOf(await verify(scene.admin.id));
    expect(checked.isIntact).toBe(true);
    expect(checked.lines[1]?.text).toMatch(
      /^OK: the checkpoint of .* \(seq \d+\) matches; 0 events since, not yet checkpointed$/,
    );
  });

  it("names the row altered as the database owner, and why", async () => {
    const [row] = await t.sql<{ seq: string }[]>`
      select seq::text from audit_events where action = 'version.review_decided' and entity_id = ${versionA}`;
    const seq = Number(row!.seq);
    // The owner (this connection is the superuser that owns the tables) turns a rejection into an approval's note.
    await t.sql.begin(async (sql) => {
      await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
      await sql`update audit_events set data = jsonb_set(data, '{note}', '"Never approved"') where seq = ${seq}`;
      await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
    });
    const report = reportOf(await verify(scene.admin.id));
    expect(report).toMatchObject({ isIntact: false, badSeq: seq });
    expect(report.lines).toEqual([
      {
        level: "error",
        text: `BROKEN at seq ${seq}: its hash is not what its contents give (altered, or signed with no configured key); ${seq - 1} events before it verify`,
      },
    ]);
    expect(report.badRow).toMatchObject({ seq, title: "Review decision", detail: "Never approved" });
  });
});

describe("the checkpoint's cadence", () => {
  it("is written every minute by the events runner, in a queue of its own, without backfill", () => {
    const items = parseCrontab(EVENTS_CRONTAB);
    const checkpoint = items.find((i) => i.task === "write-audit-checkpoint");
    expect(checkpoint).toBeDefined();
    // Every minute of every hour of every day.
    expect(checkpoint!.match).toBeTypeOf("function");
    for (const minute of [0, 1, 17, 59]) {
      const digest = { min: minute, hour: 3, date: 12, month: 5, dow: 2 };
      expect((checkpoint!.match as (d: typeof digest) => boolean)(digest)).toBe(true);
    }
    expect(checkpoint!.options).toMatchObject({ backfillPeriod: 0, maxAttempts: 1, queueName: "audit-checkpoint" });
    expect(EVENT_TASK_NAMES).toContain("write-audit-checkpoint");
    expect(parseCrontab(MEDIA_CRONTAB).map((i) => i.task)).not.toContain("write-audit-checkpoint");
  });

  it("writes only when the chain moved", async () => {
    const h = await createTestDatabase();
    const own = createStorage({ ...testS3Config(), bucket: BUCKET, forcePathStyle: true });
    const keys = getAuditKeys();
    const write = (minute: number) =>
      writeAuditCheckpoint(h.db, own, {
        keys: keys.all,
        signingKey: keys.current!,
        now: new Date(Date.UTC(2026, 10, 30, 10, minute)),
      });
    try {
      await own.delete(AUDIT_CHECKPOINT_KEY);
      const s = await createReviewScene(h.db);
      expect(await write(0)).toEqual({ written: false, reason: "empty_chain" });
      await renameProject(h.db, { actor: actorOf(s.admin), projectId: s.project.id, name: "Named" });
      expect(await write(0)).toMatchObject({ written: true });
      const first = await readAuditCheckpoint(own, { keys: keys.all });
      expect(await write(1)).toEqual({ written: false, reason: "unchanged" });
      expect(await readAuditCheckpoint(own, { keys: keys.all })).toEqual(first);
      await renameProject(h.db, { actor: actorOf(s.admin), projectId: s.project.id, name: "Moved on" });
      const moved = await write(2);
      expect(moved).toMatchObject({ written: true, checkpoint: { writtenAt: "2026-11-30T10:02:00.000Z" } });
      if (!moved.written || first.status !== "valid") throw new Error("unreachable");
      expect(moved.checkpoint.seq).toBe(first.checkpoint.seq + 1);
    } finally {
      await own.delete(AUDIT_CHECKPOINT_KEY).catch(() => undefined);
      await h.drop();
    }
  });
});

function reportOf(result: Awaited<ReturnType<typeof adminActions.verifyAuditChainAction>>): AuditCheckReport {
  if (!result.ok) throw new Error(`the action failed: ${JSON.stringify(result.error)}`);
  return result.data;
}
