import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSendEmail } from "../jobs/send-email";
import { outgoingEmails, type User } from "../db/schema";
import { createComment, createCommentInput } from "../lib/comments/create-comment";
import { listUnsentEmails } from "../lib/email/list-outgoing-emails";
import { queueEmail } from "../lib/email/queue-email";
import { deliverEvents } from "../lib/events/deliver-events";
import { getNotificationSettings, setNotificationSettings } from "../lib/notifications/notification-settings";
import { notificationsConsumer } from "../lib/notifications/notifications-consumer";
import { createReviewScene, createVersion } from "./helpers/factories";
import { decodedBody, startSmtpServer } from "./helpers/smtp-server";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

const job = (attempts: number, maxAttempts = 10) => ({ job: { attempts, max_attempts: maxAttempts } }) as Parameters<typeof runSendEmail>[2];

describe("e-mail (outgoing_emails + send-email)", () => {
  let t: TestDatabase;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;
  let versionId: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const appUrl = "https://axiom.example.com";

  const relay = () => deliverEvents(t.db, notificationsConsumer);
  const comment = (author: User, body: string) =>
    createComment(t.db, { actor: { id: author.id, isAdmin: author.isAdmin }, versionId, comment: createCommentInput.parse({ frameIn: 48, body }) });
  const emailsTo = (to: string) => t.db.select().from(outgoingEmails).where(eq(outgoingEmails.to, to));
  const sendContext = (url: string | null) => ({
    db: t.db,
    email: { transport: url ? nodemailer.createTransport(url) : null, from: "AXIOM <axiom@test.example>" },
  });

  beforeAll(async () => {
    process.env.NEXTAUTH_URL = appUrl;
    const { resetEnvCache } = await import("../lib/env");
    resetEnvCache();
    t = await createTestDatabase();
    scene = await createReviewScene(t.db);
    versionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
    await relay();
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.drop();
  });

  it("a notification queues an e-mail with its job in the same transaction, and the SMTP server receives it with the room link at the frame", async () => {
    await comment(scene.supervisor, "Sky <b>too</b> dark & noisy");
    await relay();
    const [email] = await emailsTo(scene.producer.email);
    expect(email).toMatchObject({ status: "queued", kind: "notification", attempts: 0 });
    const [jobRow] = await t.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs where key = ${`send-email:${email!.id}`}`;
    expect(jobRow!.n).toBe(1);
    // The comment's author is not told; nobody else took part.
    expect(await emailsTo(scene.supervisor.email)).toEqual([]);

    await runSendEmail(sendContext(smtp.url), { emailId: email!.id }, job(1));
    const [after] = await emailsTo(scene.producer.email);
    expect(after).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(smtp.received).toHaveLength(1);
    const message = smtp.received[0]!;
    expect(message.to).toEqual([scene.producer.email]);
    expect(message.from).toBe("axiom@test.example");
    const body = decodedBody(message.raw);
    expect(body).toMatch(new RegExp(`^Subject: \\[${scene.project.name}\\] .+ commented: ${scene.asset.name}`, "m"));
    const link = `${appUrl}/projects/${scene.project.id}/assets/${scene.asset.id}/versions/${versionId}?frame=48`;
    expect(body).toContain(`Open it: ${link}`);
    expect(body).toContain(`href="${link}"`);
    // The comment's markup is text: as written in the plain part, escaped in the HTML part.
    const [plainPart, htmlPart = ""] = body.split("Content-Type: text/html");
    expect(plainPart).toContain("Sky <b>too</b> dark & noisy");
    expect(htmlPart).toContain("Sky &lt;b&gt;too&lt;/b&gt; dark &amp; noisy");
    expect(htmlPart).not.toContain("<b>too</b>");

    // The job run again (a retry after a crash) sends nothing more.
    await runSendEmail(sendContext(smtp.url), { emailId: email!.id }, job(2));
    expect(smtp.received).toHaveLength(1);
  });

  it("without SMTP_URL the e-mail is kept, not lost, and listed for admins", async () => {
    const id = await t.db.transaction((tx) =>
      queueEmail(tx, { to: "kept@example.com", subject: "Kept", text: "Body", kind: "notification" }),
    );
    await runSendEmail(sendContext(null), { emailId: id }, job(1));
    const [row] = await emailsTo("kept@example.com");
    expect(row).toMatchObject({ status: "kept", attempts: 0 });
    expect((await listUnsentEmails(t.db)).map((e) => e.id)).toContain(id);
  });

  it("an SMTP failure is retried (the job throws) and on the last attempt recorded as failed, visible to admins", async () => {
    const flaky = await startSmtpServer({ rejectFirst: 2 });
    try {
      const id = await t.db.transaction((tx) =>
        queueEmail(tx, { to: "flaky@example.com", subject: "Flaky", text: "Body", kind: "notification" }),
      );
      await expect(runSendEmail(sendContext(flaky.url), { emailId: id }, job(1, 3))).rejects.toThrow(/attempt 1\/3/);
      const [retrying] = await emailsTo("flaky@example.com");
      expect(retrying).toMatchObject({ status: "queued", attempts: 1 });
      expect(retrying!.lastError).toMatch(/mailbox busy/);
      await runSendEmail(sendContext(flaky.url), { emailId: id }, job(3, 3)); // rejected again: the last attempt
      const [failed] = await emailsTo("flaky@example.com");
      expect(failed).toMatchObject({ status: "failed", attempts: 2 });
      expect((await listUnsentEmails(t.db)).find((e) => e.id === id)?.status).toBe("failed");
      expect(flaky.received).toHaveLength(0);
    } finally {
      await flaky.close();
    }
  });

  it("a user whose preference is off gets the inbox row but no e-mail; a rolled-back cause queues none", async () => {
    const producer = { id: scene.producer.id, isAdmin: scene.producer.isAdmin };
    await setNotificationSettings(t.db, { actor: producer, input: { email: "off" } });
    expect(await getNotificationSettings(t.db, { actor: producer })).toEqual({ email: "off" });
    const before = (await emailsTo(scene.producer.email)).length;
    await comment(scene.supervisor, "Quiet please");
    await relay();
    expect(await emailsTo(scene.producer.email)).toHaveLength(before);

    await expect(
      t.db.transaction(async (tx) => {
        await queueEmail(tx, { to: "rolled-back@example.com", subject: "No", text: "No", kind: "notification" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await emailsTo("rolled-back@example.com")).toEqual([]);
  });
});
