import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Request } from "@playwright/test";
import { createUserViaApi, e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import { createReviewWorld, generateFrameNumberedSource, RATE_23976, uploadVersion, waitForReady, type ReviewWorld } from "./helpers/media";

/**
 * Issue 12 #2, the client half: the room follows the version's event stream instead of polling.
 * A supervisor's comment (posted through the API, another session) shows in the producer's open
 * room in under a second, fetched by the one request the stream's invalidation triggers.
 */

test.describe.configure({ mode: "serial" });

let world: ReviewWorld;
/** A member who takes no part in anything: their inbox must stay empty. */
let bystander: { email: string; password: string };
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
  const bystanderEmail = `bystander-${uniqueSuffix().toLowerCase()}@e2e.test`;
  const { user, password } = await createUserViaApi(admin, { email: bystanderEmail, name: "Bea Bystander" });
  expect((await admin.post(`/api/admin/projects/${world.projectId}/members`, { data: { userId: user.id, role: "viewer" } })).status()).toBe(201);
  bystander = { email: bystanderEmail, password };
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
  const commentFetches: { at: number; url: string; request: Request }[] = [];
  const isCommentsGet = (request: Request) =>
    request.method() === "GET" && new URL(request.url()).pathname === `/api/versions/${versionId}/comments`;
  page.on("request", (request) => {
    if (isCommentsGet(request)) commentFetches.push({ at: Date.now(), url: request.url(), request });
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
  expect(commentFetches.filter((f) => f.at >= quietFrom).map((f) => f.url)).toEqual([]);

  // The supervisor comments from another session.
  const body = `Live note ${uniqueSuffix()}`;
  const postedAt = Date.now();
  const posted = await supervisorApi.post(`/api/versions/${versionId}/comments`, { data: { frameIn: 5, body } });
  expect(posted.status()).toBe(201);
  await expect(page.getByTestId("comment-thread").filter({ hasText: body })).toBeVisible({ timeout: 1000 });
  const shownAt = Date.now();
  expect(shownAt - postedAt).toBeLessThan(1000);

  // Between sending the POST and the comment showing, exactly one comments request: the
  // incremental `since` fetch the stream's invalidation triggered. Its answer carries the new
  // comment, so it was sent after the commit (a request the browser sent before could not have
  // it), and the quiet window above showed the room does not poll at all. (The browser's request
  // may well go out before Playwright has even resolved the POST's answer: the event is that fast.)
  const between = commentFetches.filter((f) => f.at >= postedAt && f.at <= shownAt);
  expect(between.map((f) => f.url)).toHaveLength(1);
  expect(new URL(between[0]!.url).searchParams.get("since")).not.toBeNull();
  const answer = (await (await between[0]!.request.response())!.json()) as { comments: { body: string }[] };
  expect(answer.comments.map((c) => c.body)).toContain(body);
});

async function inboxOf(email: string, password: string): Promise<{ unreadCount: number; notifications: { kind: string; href: string }[] }> {
  const ctx = await playwrightRequest.newContext({ baseURL: e2eEnv().baseUrl });
  apis.push(ctx);
  await signInViaApi(ctx, email, password);
  return (await ctx.get("/api/notifications")).json();
}

/** The header badge's count once the page's first inbox fetch has answered (the badge shows 0 before). */
async function expectHeaderCount(browser: Browser, email: string, password: string, expected: number): Promise<void> {
  const context = await browser.newContext({ baseURL: e2eEnv().baseUrl });
  const page = await context.newPage();
  await signInViaApi(page.request, email, password);
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/notifications") && r.ok());
  await page.goto("/");
  await answered;
  await expect(page.getByTestId("inbox-count")).toHaveAttribute("data-count", String(expected));
  await expect(page.getByTestId("inbox-button")).toHaveAccessibleName(expected > 0 ? `Inbox, ${expected} unread` : "Inbox");
  await context.close();
}

test("an @mention picked in the composer shows as a chip and notifies only the mentioned member", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signInViaApi(page.request, world.producer.email, world.producer.password);
  await page.goto(`/projects/${world.projectId}/assets/${assetId}/versions/${versionId}`);
  const composer = page.getByLabel(/^Comment at /);
  await composer.click();
  await composer.pressSequentially("Check this @Vic");
  const option = page.getByTestId("mention-option");
  await expect(option).toHaveText([world.viewer.name]);
  await composer.press("Enter");
  await composer.pressSequentially("please");
  await expect(composer).toHaveValue(new RegExp(`^Check this @\\[${world.viewer.name}\\]\\([0-9a-f-]{36}\\) please$`));
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(composer).toHaveValue("");
  const chip = page.getByTestId("comment-thread").getByTestId("mention-chip");
  await expect(chip).toHaveText(`@${world.viewer.name}`);

  // The relay writes the inbox rows within moments; the viewer gets exactly one mention.
  await expect
    .poll(async () => (await inboxOf(world.viewer.email, world.viewer.password)).notifications.map((n) => n.kind), { timeout: 15_000 })
    .toEqual(["mention"]);
  const viewerInbox = await inboxOf(world.viewer.email, world.viewer.password);
  expect(viewerInbox.unreadCount).toBe(1);
  expect(viewerInbox.notifications[0]!.href).toBe(`/projects/${world.projectId}/assets/${assetId}/versions/${versionId}?frame=0`);
  await expectHeaderCount(browser, world.viewer.email, world.viewer.password, 1);
  // A member who took no part is told nothing (and the author is not told about their own comment).
  expect((await inboxOf(bystander.email, bystander.password)).unreadCount).toBe(0);
  await expectHeaderCount(browser, bystander.email, bystander.password, 0);
  expect((await inboxOf(world.producer.email, world.producer.password)).notifications.filter((n) => n.kind === "mention")).toEqual([]);
});

test("the inbox menu's e-mail setting offers each one, hourly and daily digests, or never, and keeps the choice", async ({ page }) => {
  await signInViaApi(page.request, bystander.email, bystander.password);
  await page.goto("/");
  const setting = () => page.getByRole("group", { name: "E-mail me" });
  await page.getByTestId("inbox-button").click();
  // Each item's text ends with its label (the chosen one starts with an aria-hidden dot).
  await expect(setting().getByRole("menuitemradio")).toHaveText([
    /Each one as it comes$/,
    /An hourly digest of unread ones$/,
    /A daily digest of unread ones$/,
    /Never \(inbox only\)$/,
  ]);
  await expect(setting().getByRole("menuitemradio", { name: "Each one as it comes" })).toHaveAttribute("aria-checked", "true");
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/notifications/settings") && r.request().method() === "PATCH");
  await setting().getByRole("menuitemradio", { name: "A daily digest of unread ones" }).click();
  expect((await saved).status()).toBe(200);
  // The menu stays open on a choice; after a reload it shows what the server kept.
  await page.reload();
  await page.getByTestId("inbox-button").click();
  await expect(setting().getByRole("menuitemradio", { name: "A daily digest of unread ones" })).toHaveAttribute("aria-checked", "true");
  expect(await (await page.request.get("/api/notifications/settings")).json()).toEqual({ email: "daily" });
});
