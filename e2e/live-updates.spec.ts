import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Request } from "@playwright/test";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import { createReviewWorld, generateFrameNumberedSource, RATE_23976, uploadVersion, waitForReady, type ReviewWorld } from "./helpers/media";

/**
 * Issue 12 #2, the client half: the room follows the version's event stream instead of polling.
 * A supervisor's comment (posted through the API, another session) shows in the producer's open
 * room in under a second, fetched by the one request the stream's invalidation triggers.
 */

test.describe.configure({ mode: "serial" });

let world: ReviewWorld;
let supervisorApi: APIRequestContext;
let assetId: string;
let versionId: string;
const apis: APIRequestContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(admin);
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, uniqueSuffix());
  const producerApi = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(producerApi);
  await signInViaApi(producerApi, world.producer.email, world.producer.password);
  supervisorApi = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(supervisorApi);
  await signInViaApi(supervisorApi, world.supervisor.email, world.supervisor.password);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-live-"));
  const file = path.join(dir, "shot020_v1.mov");
  await generateFrameNumberedSource(file, RATE_23976, 48);
  const uploaded = await uploadVersion(producerApi, {
    projectId: world.projectId,
    filePath: file,
    fileName: "shot020_v1.mov",
    contentType: "video/quicktime",
    assetName: "Shot 020",
  });
  assetId = uploaded.assetId;
  versionId = uploaded.versionId;
  await waitForReady(producerApi, versionId);
});

test.afterAll(async () => {
  await Promise.all(apis.map((c) => c.dispose()));
});

test("a supervisor's comment shows in the producer's open room in under a second, with no polling", async ({ page }) => {
  test.setTimeout(120_000);
  // Every GET of this version's comments the producer's page makes, with when it was sent.
  const commentFetches: { at: number; url: string }[] = [];
  const isCommentsGet = (request: Request) =>
    request.method() === "GET" && new URL(request.url()).pathname === `/api/versions/${versionId}/comments`;
  page.on("request", (request) => {
    if (isCommentsGet(request)) commentFetches.push({ at: Date.now(), url: request.url() });
  });

  await signInViaApi(page.request, world.producer.email, world.producer.password);
  const streamOpened = page.waitForResponse(
    (response) => response.url().includes(`/api/events/stream?version=${versionId}`) && response.status() === 200,
  );
  await page.goto(`/projects/${world.projectId}/assets/${assetId}/versions/${versionId}`);
  await streamOpened;
  await expect(page.getByText("Loading comments…")).toHaveCount(0);

  // With the stream open the room does not poll: 5 s without a single comments request (the
  // fallback polls every 2 s, so it would make two or three).
  await page.waitForTimeout(1000); // let the mount-time fetch and the stream's first state settle
  const quietFrom = Date.now();
  await page.waitForTimeout(5000);
  expect(commentFetches.filter((f) => f.at >= quietFrom)).toEqual([]);

  // The supervisor comments from another session.
  const body = `Live note ${uniqueSuffix()}`;
  const postedAt = Date.now();
  const posted = await supervisorApi.post(`/api/versions/${versionId}/comments`, { data: { frameIn: 5, body } });
  expect(posted.status()).toBe(201);
  const answeredAt = Date.now();
  await expect(page.getByTestId("comment-thread").filter({ hasText: body })).toBeVisible({ timeout: 1000 });
  const shownAt = Date.now();
  expect(shownAt - postedAt).toBeLessThan(1000);

  // Between the POST and the comment showing, exactly one comments request: the incremental
  // `since` fetch the stream's invalidation triggered, sent after the POST was answered (that is,
  // after the comment committed) — not a poll that happened to fall in between.
  const between = commentFetches.filter((f) => f.at >= postedAt && f.at <= shownAt);
  expect(between).toHaveLength(1);
  expect(between[0]!.at).toBeGreaterThanOrEqual(answeredAt);
  expect(new URL(between[0]!.url).searchParams.get("since")).not.toBeNull();
});
