import { and, eq, isNull } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, outgoingEmails, type User } from "../db/schema";
import { runSendEmail } from "../jobs/send-email";
import { runSendNotificationDigests } from "../jobs/send-notification-digests";
import { actorOf } from "../lib/auth/permissions";
import { createComment, createCommentInput } from "../lib/comments/create-comment";
import { deliverEvents } from "../lib/events/deliver-events";
import { setNotificationSettings } from "../lib/notifications/notification-settings";
import { notificationsConsumer } from "../lib/notifications/notifications-consumer";
import { sendNotificationDigests } from "../lib/notifications/send-notification-digests";
import { createReviewScene, createVersion } from "./helpers/factories";
import { decodedBody, startSmtpServer } from "./helpers/smtp-server";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * E-mail digests (docs/notifications.md, "Digests"): real domain changes, the real relay delivery
 * of the notifications consumer, the digest job, the send-email job and a real SMTP server in this
 * process reading what arrived.
 */
describe("notification digests", () => {
  let t: TestDatabase;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;
  let versionId: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const appUrl = "https://axiom.example.com";

  const relay = () => deliverEvents(t.db, notificationsConsumer);
  const comment = (author: User, frameIn: number, body: string) =>
    createComment(t.db, { actor: actorOf(author), versionId, comment: createCommentInput.parse({ frameIn, body }) });
  const emailsTo = (to: string) => t.db.select().from(outgoingEmails).where(eq(outgoingEmails.to, to)).orderBy(outgoingEmails.createdAt);
  const logged: Array<Record<string, unknown>> = [];
  const digestJob = (period: "hourly" | "daily") =>
    runSendNotificationDigests(
      { db: t.db, log: (_message, data) => logged.push(data ?? {}) },
      { period },
      { job: { id: "1" } } as Parameters<typeof runSendNotificationDigests>[2],
    );
  const send = (emailId: string) =>
    runSendEmail(
      { db: t.db, email: { transport: nodemailer.createTransport(smtp.url), from: "AXIOM <axiom@test.example>" } },
      { emailId },
      { job: { attempts: 1, max_attempts: 10 } } as Parameters<typeof runSendEmail>[2],
    );

  beforeAll(async () => {
    process.env.NEXTAUTH_URL = appUrl;
    const { resetEnvCache } = await import("../lib/env");
    resetEnvCache();
    t = await createTestDatabase();
    scene = await createReviewScene(t.db);
    versionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
    await relay(); // the consumer's cursor starts after the setup's events
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.drop();
  });

  it("two notifications become one hourly digest e-mail listing both with links to their frames; a second run sends nothing", async () => {
    await setNotificationSettings(t.db, { actor: actorOf(scene.producer), input: { email: "hourly" } });
    await comment(scene.supervisor, 12, "Grade is <too> warm");
    await comment(scene.supervisor, 96, "Boom & mic in frame");
    await relay();
    // The inbox has both; with a digest preference nothing was e-mailed as it came.
    const rows = await t.db.select().from(notifications).where(eq(notifications.userId, scene.producer.id));
    expect(rows).toHaveLength(2);
    expect(await emailsTo(scene.producer.email)).toEqual([]);

    // A daily run is not this user's period.
    expect(await sendNotificationDigests(t.db, { period: "daily", appUrl })).toEqual({ emails: 0, notifications: 0 });
    await digestJob("hourly");
    expect(logged.at(-1)).toMatchObject({ period: "hourly", emails: 1, notifications: 2 });
    const [digest, ...others] = await emailsTo(scene.producer.email);
    expect(others).toEqual([]);
    expect(digest).toMatchObject({ kind: "notification_digest", status: "queued" });
    // Marked in the same transaction as the e-mail row: both rows name it.
    const marked = await t.db.select({ emailId: notifications.emailId }).from(notifications).where(eq(notifications.userId, scene.producer.id));
    expect(marked.map((r) => r.emailId)).toEqual([digest!.id, digest!.id]);
    const [jobRow] = await t.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs where key = ${`send-email:${digest!.id}`}`;
    expect(jobRow!.n).toBe(1);

    await send(digest!.id);
    expect(smtp.received).toHaveLength(1);
    const message = smtp.received[0]!;
    expect(message.to).toEqual([scene.producer.email]);
    const body = decodedBody(message.raw);
    expect(body).toMatch(new RegExp(`^Subject: \\[AXIOM\\] 2 unread notifications on ${scene.project.name}`, "m"));
    const room = `${appUrl}/projects/${scene.project.id}/assets/${scene.asset.id}/versions/${versionId}`;
    for (const [frame, text] of [
      [12, "Grade is <too> warm"],
      [96, "Boom & mic in frame"],
    ] as const) {
      expect(body).toContain(`${room}?frame=${frame}`);
      expect(body).toContain(`href="${room}?frame=${frame}"`);
      expect(body).toContain(`(frame ${frame})`);
      expect(body).toContain(text); // the plain part, as written
    }
    // The HTML part escapes what users wrote.
    expect(body).toContain("Grade is &lt;too&gt; warm");
    expect(body).toContain("Boom &amp; mic in frame");
    // In order: frame 12's comment came first.
    expect(body.indexOf("?frame=12")).toBeLessThan(body.indexOf("?frame=96"));

    // Run again: nothing new, nothing sent twice.
    await digestJob("hourly");
    expect(logged.at(-1)).toMatchObject({ emails: 0, notifications: 0 });
    expect(await emailsTo(scene.producer.email)).toHaveLength(1);
  });

  it("a new notification after a digest goes into the next one alone; read rows and other users' rows are left out", async () => {
    await setNotificationSettings(t.db, { actor: actorOf(scene.viewer), input: { email: "daily" } });
    // The viewer takes part (their own comment tells nobody they care about), then gets a reply thread.
    const thread = await comment(scene.viewer, 5, "Is this the final mix?");
    await relay();
    await createComment(t.db, { actor: actorOf(scene.supervisor), versionId, comment: createCommentInput.parse({ parentId: thread.id, body: "No, temp mix" }) });
    await comment(scene.supervisor, 30, "Dust on the lens");
    await relay();
    const viewerRows = await t.db.select().from(notifications).where(eq(notifications.userId, scene.viewer.id));
    expect(viewerRows.length).toBeGreaterThanOrEqual(2);
    // The viewer reads the reply in the inbox: a digest does not repeat what was read.
    const reply = viewerRows.find((r) => r.kind === "reply")!;
    await t.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, reply.id));

    const before = (await emailsTo(scene.producer.email)).length;
    expect(await sendNotificationDigests(t.db, { period: "daily", appUrl })).toEqual({ emails: 1, notifications: viewerRows.length - 1 });
    const [viewerDigest] = await emailsTo(scene.viewer.email);
    expect(viewerDigest!.text).toContain("Dust on the lens");
    expect(viewerDigest!.text).not.toContain("No, temp mix");

    // The producer (hourly) got the new ones in a second digest, with only the new ones.
    expect(await sendNotificationDigests(t.db, { period: "hourly", appUrl })).toMatchObject({ emails: 1 });
    const producerEmails = await emailsTo(scene.producer.email);
    expect(producerEmails).toHaveLength(before + 1);
    expect(producerEmails.at(-1)!.text).toContain("Dust on the lens");
    expect(producerEmails.at(-1)!.text).not.toContain("Grade is");
    // Every unread row of both users is now marked.
    const unmarked = await t.db
      .select()
      .from(notifications)
      .where(and(isNull(notifications.emailId), isNull(notifications.readAt), eq(notifications.userId, scene.producer.id)));
    expect(unmarked).toEqual([]);
  });

  it("an immediate e-mail marks its row, so switching to a digest never sends it again; rows older than two periods are not dug up", async () => {
    await setNotificationSettings(t.db, { actor: actorOf(scene.producer), input: { email: "immediate" } });
    await comment(scene.supervisor, 40, "Told at once");
    await relay();
    const immediate = (await emailsTo(scene.producer.email)).at(-1)!;
    expect(immediate.kind).toBe("notification");
    const [row] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, scene.producer.id), eq(notifications.summary, "Told at once")));
    expect(row!.emailId).toBe(immediate.id);

    await setNotificationSettings(t.db, { actor: actorOf(scene.producer), input: { email: "hourly" } });
    expect(await sendNotificationDigests(t.db, { period: "hourly", appUrl })).toEqual({ emails: 0, notifications: 0 });

    await comment(scene.supervisor, 41, "Long ago");
    await relay();
    // Three hours on, the row is outside the hourly window (two hours): left in the inbox only.
    const later = new Date(Date.now() + 3 * 60 * 60 * 1000);
    expect(await sendNotificationDigests(t.db, { period: "hourly", appUrl, now: later })).toEqual({ emails: 0, notifications: 0 });
    expect(await sendNotificationDigests(t.db, { period: "hourly", appUrl })).toEqual({ emails: 1, notifications: 1 });
  });

  it("two runs at once send each row once", async () => {
    await comment(scene.supervisor, 50, "Race one");
    await comment(scene.supervisor, 51, "Race two");
    await relay();
    const before = (await emailsTo(scene.producer.email)).length;
    const results = await Promise.all([
      sendNotificationDigests(t.db, { period: "hourly", appUrl }),
      sendNotificationDigests(t.db, { period: "hourly", appUrl }),
    ]);
    expect(results.reduce((n, r) => n + r.notifications, 0)).toBe(2);
    expect(await emailsTo(scene.producer.email)).toHaveLength(before + 1);
  });
});
