import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { runOnce, type JobHelpers } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../db/client";
import { webhookDeliveries, webhookDeliveryAttempts } from "../db/schema";
import { runDeliverWebhook, type WebhookConfig } from "../jobs/deliver-webhook";
import { actorOf } from "../lib/auth/permissions";
import { createComment } from "../lib/comments/create-comment";
import { decideVersion } from "../lib/decisions/decide-version";
import { deliverEvents, registerEventConsumers } from "../lib/events/deliver-events";
import { listEventRowsAfter } from "../lib/events/event-record";
import { JOBS } from "../lib/jobs/definitions";
import { claimVersion } from "../lib/processing/claim-version";
import { markVersionReady } from "../lib/processing/mark-version-ready";
import { createStorage, type Storage } from "../lib/storage";
import { completeUpload } from "../lib/uploads/complete-upload";
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  redeliverWebhook,
  type WebhookSettings,
} from "../lib/webhooks/manage-webhook-endpoints";
import { WEBHOOK_EVENT_TYPES } from "../lib/webhooks/schemas";
import { recordWebhookDeliveries, WEBHOOK_MAX_ATTEMPTS, webhooksConsumer } from "../lib/webhooks/webhooks-consumer";
import { createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { limits, put, uploadHelpers } from "./helpers/uploads";

/**
 * Webhooks end to end (docs/webhooks.md): real PostgreSQL as the app role, the real relay
 * consumer, graphile jobs, and a real HTTP receiver (node:http on 127.0.0.1, hence
 * allowPrivate: true wherever it is the target) that checks every signature with standardwebhooks.
 */

const SECRETS_KEY = "webhooks-test-secrets-key-0123456789abcdef";
const PRIVATE_OK: WebhookSettings = { allowPrivate: true, secretsKey: SECRETS_KEY };

type Received = { headers: Record<string, string>; body: string };

/** A receiver answering each request with `respond(n)` (n counts from 1). */
async function startReceiver(respond: (n: number) => { status: number; body: string } = () => ({ status: 200, body: "ok" })) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = respond(received.length);
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { received, port, url: `http://127.0.0.1:${port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestDatabase;
let app: DbHandle;
let storage: Storage;
let scene: Awaited<ReturnType<typeof createReviewScene>>;
const log = () => undefined;

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
beforeEach(async () => {
  // Each test's events only: the consumer's cursor moves to the newest event.
  await registerEventConsumers(app.db, [webhooksConsumer]);
  await t.sql`update event_consumers set last_seq = (select coalesce(max(seq), 0) from events) where name = 'webhooks'`;
});

function jobHelpers(attempts: number, maxAttempts = WEBHOOK_MAX_ATTEMPTS): Pick<JobHelpers, "job"> {
  return { job: { attempts, max_attempts: maxAttempts } as JobHelpers["job"] };
}

/** Every queued deliver-webhook job, run by graphile-worker itself (as the worker would). */
async function runQueuedDeliveries(config: WebhookConfig) {
  await runOnce({
    connectionString: t.appUrl,
    taskList: {
      "deliver-webhook": (payload, helpers) =>
        runDeliverWebhook({ db: app.db, log, webhooks: config }, JOBS["deliver-webhook"].payload.parse(payload), helpers),
    },
  });
}

async function attemptsOf(deliveryId: string) {
  return app.db.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, deliveryId)).orderBy(webhookDeliveryAttempts.startedAt);
}

describe("webhooks", () => {
  it("a receiver gets every event of upload → READY → comment → approve exactly once, signed", async () => {
    const receiver = await startReceiver();
    try {
      const { secret } = await createWebhookEndpoint(app.db, {
        actor: actorOf(scene.admin),
        projectId: scene.project.id,
        url: receiver.url,
        eventTypes: WEBHOOK_EVENT_TYPES,
        settings: PRIVATE_OK,
      });
      expect(secret).toMatch(/^whsec_/);
      const [start] = await t.sql<{ seq: string }[]>`select coalesce(max(seq), 0)::text as seq from events`;

      const uploads = uploadHelpers(() => ({ db: app.db, storage, projectId: scene.project.id, producerId: scene.producer.id }));
      const upload = await uploads.start({ size: 2048 });
      if (upload.mode !== "single") throw new Error("single PUT expected");
      await put(upload.url, new Uint8Array(randomBytes(2048)), upload.headers);
      await completeUpload(app.db, storage, { versionId: upload.versionId, actor: actorOf(scene.producer), limits });
      await claimVersion(app.db, { versionId: upload.versionId, workerId: "worker-a", staleAfterSeconds: 60 });
      await markVersionReady(app.db, { versionId: upload.versionId, workerId: "worker-a" }, { projectId: scene.project.id, renditions: [], attempt: 1, warnings: [] });
      await createComment(app.db, { actor: actorOf(scene.viewer), versionId: upload.versionId, comment: { frameIn: 3, body: "Boom in frame" } });
      await decideVersion(app.db, { versionId: upload.versionId, actor: actorOf(scene.supervisor), decision: "APPROVED" });

      const written = (await listEventRowsAfter(app.db, { afterSeq: Number(start!.seq), limit: 100, projectId: scene.project.id })).map((r) => r.event!);
      expect(written.map((e) => e.type)).toEqual(["version.uploaded", "version.processing_started", "version.ready", "comment.added", "decision.made"]);

      // The relay hands the batch over; a second hand-over of the same events (at least once) adds nothing.
      await deliverEvents(app.db, webhooksConsumer);
      expect(await app.db.transaction((tx) => recordWebhookDeliveries(tx, written))).toBe(0);
      await runQueuedDeliveries(PRIVATE_OK);
      await runQueuedDeliveries(PRIVATE_OK); // nothing left: nothing sent twice

      expect(receiver.received).toHaveLength(written.length);
      const verifier = new Webhook(secret);
      const bodies = receiver.received.map((r) => verifier.verify(r.body, r.headers) as { id: string; type: string; timestamp: string; data: Record<string, unknown> });
      const ids = receiver.received.map((r) => r.headers["webhook-id"]);
      expect(new Set(ids).size).toBe(written.length);
      expect([...ids].sort()).toEqual(written.map((e) => e.id).sort());
      for (const body of bodies) {
        const event = written.find((e) => e.id === body.id)!;
        expect(body).toEqual({
          id: event.id,
          type: event.type,
          timestamp: event.occurredAt,
          data: { projectId: scene.project.id, assetId: event.assetId, versionId: event.versionId, commentId: event.commentId, actorId: event.actorId, ...event.payload },
        });
      }
      // A tampered body fails verification: the check above could fail.
      expect(() => verifier.verify(`${receiver.received[0]!.body} `, receiver.received[0]!.headers)).toThrow();

      const [endpoint] = await listWebhookEndpoints(app.db, { projectId: scene.project.id });
      expect(endpoint!.deliveries).toHaveLength(written.length);
      for (const d of endpoint!.deliveries) {
        expect(d.status).toBe("succeeded");
        expect(d.attempts).toEqual([expect.objectContaining({ responseStatus: 200, responseExcerpt: "ok", isSuccess: true, isManual: false })]);
      }
    } finally {
      await receiver.close();
      await t.sql`delete from webhook_endpoints`;
    }
  });

  it("a receiver failing the first 3 attempts still gets the event; the log keeps each attempt; redelivery adds one", async () => {
    const receiver = await startReceiver((n) => (n <= 3 ? { status: 503, body: `down ${"x".repeat(2000)}` } : { status: 204, body: "" }));
    try {
      const { secret } = await createWebhookEndpoint(app.db, {
        actor: actorOf(scene.admin),
        projectId: scene.project.id,
        url: receiver.url,
        eventTypes: ["comment.added"],
        settings: PRIVATE_OK,
      });
      await createComment(app.db, { actor: actorOf(scene.viewer), versionId: (await versionOfScene()).id, comment: { frameIn: 1, body: "Retry me" } });
      await deliverEvents(app.db, webhooksConsumer);
      const [delivery] = await app.db.select().from(webhookDeliveries);
      const ctx = { db: app.db, log, webhooks: PRIVATE_OK };
      const payload = { deliveryId: delivery!.id, manual: false };

      for (const attempt of [1, 2, 3]) {
        await expect(runDeliverWebhook(ctx, payload, jobHelpers(attempt))).rejects.toThrow(/503/);
        expect((await app.db.select().from(webhookDeliveries))[0]!.status).toBe("pending");
      }
      await runDeliverWebhook(ctx, payload, jobHelpers(4));

      const attempts = await attemptsOf(delivery!.id);
      expect(attempts.map((a) => a.responseStatus)).toEqual([503, 503, 503, 204]);
      expect(attempts[0]!.responseExcerpt).toHaveLength(1024);
      expect(attempts.every((a) => a.latencyMs >= 0)).toBe(true);
      expect((await app.db.select().from(webhookDeliveries))[0]!.status).toBe("succeeded");
      expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery!.eventId]));
      for (const r of receiver.received) expect(() => new Webhook(secret).verify(r.body, r.headers)).not.toThrow();

      // The scheduled job was run by hand above: take it out of the queue, as its success would.
      await t.sql`select graphile_worker.remove_job(${`deliver-webhook:${delivery!.id}`})`;
      // Redelivery from the admin UI: a job of its own, one more attempt in the log.
      await redeliverWebhook(app.db, { actor: actorOf(scene.admin), projectId: scene.project.id, deliveryId: delivery!.id });
      await runQueuedDeliveries(PRIVATE_OK);
      const after = await attemptsOf(delivery!.id);
      expect(after).toHaveLength(5);
      expect(after[4]).toMatchObject({ responseStatus: 204, isManual: true, isSuccess: true });
      expect(receiver.received).toHaveLength(5);
    } finally {
      await receiver.close();
      await t.sql`delete from webhook_endpoints`;
    }
  });

  it("the last attempt failing marks the delivery failed and completes the job", async () => {
    const receiver = await startReceiver(() => ({ status: 500, body: "no" }));
    try {
      await createWebhookEndpoint(app.db, { actor: actorOf(scene.admin), projectId: scene.project.id, url: receiver.url, eventTypes: ["comment.added"], settings: PRIVATE_OK });
      await createComment(app.db, { actor: actorOf(scene.viewer), versionId: (await versionOfScene()).id, comment: { frameIn: 1, body: "Never" } });
      await deliverEvents(app.db, webhooksConsumer);
      const [delivery] = await app.db.select().from(webhookDeliveries);
      await runDeliverWebhook({ db: app.db, log, webhooks: PRIVATE_OK }, { deliveryId: delivery!.id, manual: false }, jobHelpers(WEBHOOK_MAX_ATTEMPTS));
      expect((await app.db.select().from(webhookDeliveries))[0]!.status).toBe("failed");
    } finally {
      await receiver.close();
      await t.sql`delete from webhook_endpoints`;
    }
  });

  it("a 127.0.0.1 URL is refused at registration without WEBHOOK_ALLOW_PRIVATE", async () => {
    for (const url of ["http://127.0.0.1:9/hook", "http://[::1]:9/hook", "http://169.254.169.254/latest/meta-data"]) {
      await expect(
        createWebhookEndpoint(app.db, { actor: actorOf(scene.admin), projectId: scene.project.id, url, eventTypes: ["comment.added"], settings: { allowPrivate: false, secretsKey: SECRETS_KEY } }),
      ).rejects.toMatchObject({ code: "validation_failed" });
    }
    const [count] = await t.sql<{ n: number }[]>`select count(*)::int as n from webhook_endpoints`;
    expect(count!.n).toBe(0);
  });

  it("at connect time a name that now resolves to 127.0.0.1 is refused (DNS rebinding); with the flag it connects to that very address", async () => {
    const receiver = await startReceiver();
    let answer = "93.184.215.14"; // public at registration…
    const resolve = async () => [{ address: answer, family: 4 }];
    try {
      await createWebhookEndpoint(app.db, {
        actor: actorOf(scene.admin),
        projectId: scene.project.id,
        url: `http://rebind.example.test:${receiver.port}/hook`,
        eventTypes: ["comment.added"],
        settings: { allowPrivate: false, secretsKey: SECRETS_KEY, resolve },
      });
      answer = "127.0.0.1"; // …loopback at delivery
      await createComment(app.db, { actor: actorOf(scene.viewer), versionId: (await versionOfScene()).id, comment: { frameIn: 1, body: "Rebind" } });
      await deliverEvents(app.db, webhooksConsumer);
      const [delivery] = await app.db.select().from(webhookDeliveries);
      const ctx = (allowPrivate: boolean) => ({ db: app.db, log, webhooks: { allowPrivate, secretsKey: SECRETS_KEY, resolve } });

      await expect(runDeliverWebhook(ctx(false), { deliveryId: delivery!.id, manual: false }, jobHelpers(1))).rejects.toThrow(/no response/);
      const [refused] = await attemptsOf(delivery!.id);
      expect(refused).toMatchObject({ responseStatus: null, isSuccess: false });
      expect(refused!.responseExcerpt).toMatch(/EWEBHOOKBLOCKED|127\.0\.0\.1/);
      expect(receiver.received).toHaveLength(0);

      // The same resolver with the flag: the request reaches the receiver, so the address the
      // socket used is the one the guarded lookup returned.
      await runDeliverWebhook(ctx(true), { deliveryId: delivery!.id, manual: false }, jobHelpers(2));
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.headers.host).toBe(`rebind.example.test:${receiver.port}`);
    } finally {
      await receiver.close();
      await t.sql`delete from webhook_endpoints`;
    }
  });
});

async function versionOfScene() {
  return createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id, state: "READY" });
}

