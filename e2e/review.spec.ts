import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { frameToTimecode, type SourceTimecodeOptions } from "../lib/timecode";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import {
  completeUpload,
  createReviewWorld,
  generateFrameNumberedSource,
  RATE_23976,
  readShownFrame,
  uploadVersion,
  waitForReady,
  type ReviewUser,
  type ReviewWorld,
} from "./helpers/media";

/**
 * The review room end to end: live comments between two browsers, decisions per version, roles,
 * side-by-side compare, live processing state, accessibility. Screenshots for the docs are taken
 * at 1440×900 on every run; AXIOM_UPDATE_SCREENSHOTS=1 writes them over the committed ones in
 * docs/screenshots/ (otherwise they go to test-results/, so a test run leaves the tree clean).
 */

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS =
  process.env.AXIOM_UPDATE_SCREENSHOTS === "1"
    ? path.join(__dirname, "..", "docs", "screenshots")
    : path.join(__dirname, "..", "test-results", "screenshots");
const TC: SourceTimecodeOptions = { rate: { num: RATE_23976.num, den: RATE_23976.den }, dropFrame: false, start: RATE_23976.startTimecode };
const tc = (frame: number) => frameToTimecode(frame, TC);

let world: ReviewWorld;
let producerApi: APIRequestContext;
let sourceDir: string;
let assetId: string;
let v1: string;
let v2: string | null = null;
const apis: APIRequestContext[] = [];

const roomUrl = (versionId: string, compare?: string) =>
  `/projects/${world.projectId}/assets/${assetId}/versions/${versionId}${compare ? `?compare=${compare}` : ""}`;

async function apiAs(user: ReviewUser): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: e2eEnv().baseUrl });
  apis.push(ctx);
  await signInViaApi(ctx, user.email, user.password);
  return ctx;
}

async function openRoom(page: Page, user: ReviewUser, versionId: string, compare?: string): Promise<void> {
  await signInViaApi(page.request, user.email, user.password);
  await page.goto(roomUrl(versionId, compare));
}

async function newPageAs(browser: Browser, user: ReviewUser, versionId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2eEnv().baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await openRoom(page, user, versionId);
  return page;
}

async function expectReady(page: Page): Promise<void> {
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
}

/** Types into the "go to" field and waits for the player to settle on the frame. */
async function goToFrame(page: Page, frame: number): Promise<void> {
  const goTo = page.getByLabel("Go to timecode");
  await goTo.fill(tc(frame));
  await goTo.press("Enter");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(admin);
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, uniqueSuffix());
  producerApi = await apiAs(world.producer);
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-review-"));
  const file = path.join(sourceDir, "shot010_v1.mov");
  await generateFrameNumberedSource(file, RATE_23976, 96);
  const uploaded = await uploadVersion(producerApi, {
    projectId: world.projectId,
    filePath: file,
    fileName: "shot010_v1.mov",
    contentType: "video/quicktime",
    assetName: "Shot 010",
  });
  assetId = uploaded.assetId;
  v1 = uploaded.versionId;
  await waitForReady(producerApi, v1);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

test.afterAll(async () => {
  await Promise.all(apis.map((c) => c.dispose()));
});

test("a new version shows live processing state and becomes playable without a reload", async ({ page }) => {
  test.setTimeout(300_000);
  const file = path.join(sourceDir, "shot010_v2.mov");
  await generateFrameNumberedSource(file, RATE_23976, 120);
  const uploaded = await uploadVersion(producerApi, {
    projectId: world.projectId,
    filePath: file,
    fileName: "shot010_v2.mov",
    contentType: "video/quicktime",
    assetId,
    complete: false,
  });
  v2 = uploaded.versionId;
  // Open the room while the bytes are uploaded but not completed: the processing panel shows.
  await openRoom(page, world.producer, v2);
  const processing = page.getByTestId("processing-state");
  await expect(processing).toHaveAttribute("data-state", "AWAITING_UPLOAD");
  await completeUpload(producerApi, v2, uploaded.sha256);
  // The room polls: queued/processing, then the player, with no reload.
  await expectReady(page);
  await expect(page.getByTestId("processing-state")).toHaveCount(0);
  await waitForReady(producerApi, v2);
});

test("a failed version shows the error, the log tail and Retry for producers only", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const file = path.join(sourceDir, "broken.mp4");
  fs.writeFileSync(file, "this is not a video, just text named .mp4\n".repeat(200));
  const broken = await uploadVersion(producerApi, {
    projectId: world.projectId,
    filePath: file,
    fileName: "broken.mp4",
    contentType: "video/mp4",
    assetName: "Broken upload",
  });
  await expect
    .poll(
      async () => ((await (await producerApi.get(`/api/versions/${broken.versionId}/review`)).json()) as { version: { processingState: string } }).version.processingState,
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe("ERROR");
  await signInViaApi(page.request, world.producer.email, world.producer.password);
  await page.goto(`/projects/${world.projectId}/assets/${broken.assetId}/versions/${broken.versionId}`);
  const panel = page.getByTestId("processing-error");
  await expect(panel.getByRole("alert")).toContainText("Processing failed");
  await expect(panel.getByRole("button", { name: "Retry processing" })).toBeVisible();

  const supervisor = await browser.newContext({ baseURL: e2eEnv().baseUrl });
  const supervisorPage = await supervisor.newPage();
  await signInViaApi(supervisorPage.request, world.supervisor.email, world.supervisor.password);
  await supervisorPage.goto(`/projects/${world.projectId}/assets/${broken.assetId}/versions/${broken.versionId}`);
  await expect(supervisorPage.getByTestId("processing-error")).toBeVisible();
  await expect(supervisorPage.getByRole("button", { name: "Retry processing" })).toHaveCount(0);
  await supervisor.close();
});

test("supervisor comments at a frame and a range, replies and resolves; the producer sees it live", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await openRoom(page, world.supervisor, v2!);
  await expectReady(page);
  const producer = await newPageAs(browser, world.producer, v2!);
  await expectReady(producer);

  // Playing, for the docs.
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "true");
  await page.waitForTimeout(1200);
  await page.screenshot({ path: path.join(SCREENSHOTS, "review-playing.png") });
  await page.keyboard.press("k");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "false");

  // A single-frame comment with a link.
  await goToFrame(page, 12);
  const composer = page.getByLabel(/^Comment at /);
  await expect(page.getByTestId("composer-target")).toHaveText(tc(12));
  await composer.fill("Too dark on the left, see https://example.com/ref.");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(composer).toHaveValue("");

  // A range comment: in at 30, out at 48 (I and O with the timeline focused).
  await goToFrame(page, 30);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("i");
  await goToFrame(page, 48);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("o");
  await expect(page.getByTestId("composer-target")).toHaveText(`${tc(30)} – ${tc(48)}`);
  await composer.fill("Flicker through this whole range");
  await page.screenshot({ path: path.join(SCREENSHOTS, "review-commenting.png") });
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(composer).toHaveValue("");

  const threads = page.getByTestId("comment-thread");
  await expect(threads).toHaveCount(2);
  const stored = (await (await page.request.get(`/api/versions/${v2}/comments`)).json()) as {
    comments: { frameIn: number; frameOut: number | null; body: string }[];
  };
  expect(stored.comments.map((c) => [c.frameIn, c.frameOut])).toEqual([
    [12, null],
    [30, 48],
  ]);

  // The producer's room polls: both threads and markers appear without a reload.
  const producerThreads = producer.getByTestId("comment-thread");
  await expect(producerThreads).toHaveCount(2, { timeout: 15_000 });
  await expect(producer.getByTestId("comment-marker")).toHaveCount(2);
  await expect(producerThreads.first()).toContainText("Too dark on the left");
  const link = producerThreads.first().getByRole("link", { name: "https://example.com/ref" });
  await expect(link).toHaveAttribute("href", "https://example.com/ref");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  // Not theirs: the producer may not edit or delete the supervisor's comment.
  await expect(producerThreads.first().getByRole("button", { name: "Edit" })).toHaveCount(0);

  // Reply and resolve.
  const first = threads.first();
  await first.getByRole("button", { name: "Reply" }).click();
  await first.getByRole("textbox").fill("Lifted 0.2 stops in the next version?");
  await first.locator("form").getByRole("button", { name: "Reply" }).click();
  await expect(first.getByTestId("comment-reply")).toContainText("Lifted 0.2 stops");
  await first.getByRole("button", { name: "Resolve" }).click();
  await expect(first).toContainText("Resolved by");

  await expect(producerThreads.first().getByTestId("comment-reply")).toContainText("Lifted 0.2 stops", { timeout: 15_000 });
  await expect(producerThreads.first()).toContainText(`Resolved by ${world.supervisor.name}`, { timeout: 15_000 });
  await producer.getByRole("button", { name: "open", exact: true }).click();
  await expect(producerThreads).toHaveCount(1);
  await expect(producerThreads.first()).toContainText("Flicker");

  // Edit own comment; the producer sees the new text.
  const second = threads.nth(1);
  await second.getByRole("button", { name: "Edit" }).click();
  await second.getByLabel("Edit comment").fill("Flicker through this whole range (left edge)");
  await second.getByRole("button", { name: "Save" }).click();
  await expect(producerThreads.first()).toContainText("(left edge)", { timeout: 15_000 });

  // Clicking the producer's marker jumps to the comment's exact frame and pauses.
  await producer.locator('[data-testid="comment-marker"][data-frame="30"]').click();
  await expect(producer.getByTestId("player")).toHaveAttribute("data-frame", "30");
  await expect(producer.getByTestId("player")).toHaveAttribute("data-busy", "false");
  expect(await readShownFrame(producer)).toBe(30);
  await producer.context().close();
});

test("the supervisor rejects v1 and approves v2; each version keeps its decision history", async ({ page }) => {
  await openRoom(page, world.supervisor, v1);
  await expectReady(page);
  await page.getByRole("button", { name: "Reject", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Note (optional)").fill("Grade is off; see notes.");
  await dialog.getByRole("button", { name: "Confirm: Reject" }).click();
  await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "REJECTED");
  // v1 has no comments: they stay with v2.
  await expect(page.getByTestId("comment-thread")).toHaveCount(0);

  await page.getByLabel("Version", { exact: true }).selectOption(v2!);
  await expect(page).toHaveURL(new RegExp(`/versions/${v2}$`));
  await expectReady(page);
  await expect(page.getByTestId("comment-thread")).toHaveCount(2);
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm: Approve" }).click();
  await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "APPROVED");
  await page.getByRole("tab", { name: /Decisions/ }).click();
  await expect(page.getByTestId("decision-history")).toContainText("Approved");

  const history = async (versionId: string) =>
    ((await (await page.request.get(`/api/versions/${versionId}/review`)).json()) as { decisions: { decision: string; note: string | null }[] }).decisions;
  expect(await history(v1)).toMatchObject([{ decision: "REJECTED", note: "Grade is off; see notes." }]);
  expect(await history(v2!)).toMatchObject([{ decision: "APPROVED" }]);
});

for (const role of ["viewer", "producer"] as const) {
  test(`a ${role} cannot decide: the buttons are disabled and say why`, async ({ page }) => {
    await openRoom(page, world[role], v2!);
    await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "APPROVED");
    const reason = page.getByTestId("decide-reason");
    await expect(reason).toBeVisible();
    const text = (await reason.textContent())?.trim() ?? "";
    expect(text).toMatch(/supervisor/i);
    for (const name of ["Approve", "Request changes", "Reject"]) {
      const button = page.getByRole("button", { name, exact: true });
      await expect(button).toBeDisabled();
      await expect(button).toHaveAttribute("title", text);
    }
  });
}

test("compare shows both versions side by side and steps them together", async ({ page }) => {
  test.setTimeout(180_000);
  await openRoom(page, world.supervisor, v2!);
  await expectReady(page);
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`compare=${v1}`));
  await expect(page.getByTestId("player-compare").locator("video")).toBeVisible();
  await expectReady(page);

  const compareVideo = '[data-testid="player-compare"] video';
  await goToFrame(page, 30);
  await expect.poll(() => readShownFrame(page, compareVideo)).toBe(30);
  expect(await readShownFrame(page)).toBe(30);

  await page.getByRole("slider", { name: "Timeline" }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", "33");
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  expect(await readShownFrame(page)).toBe(33);
  await expect.poll(() => readShownFrame(page, compareVideo)).toBe(33);
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", "32");
  await expect.poll(() => readShownFrame(page, compareVideo)).toBe(32);

  // Play and pause together: after the pause both sides rest on the same frame (v1 is shorter: 96
  // frames, so past its end it stays on its last frame).
  await goToFrame(page, 0);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "true");
  await page.waitForTimeout(400);
  await page.keyboard.press("k");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "false");
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  const shown = await readShownFrame(page);
  expect(shown).toBeGreaterThan(0);
  expect(String(shown)).toBe(await page.getByTestId("player").getAttribute("data-frame"));
  await expect.poll(() => readShownFrame(page, compareVideo)).toBe(Math.min(shown, 95));
  await page.screenshot({ path: path.join(SCREENSHOTS, "review-comparing.png") });
});

test("the review room has no serious or critical accessibility violations", async ({ page }) => {
  await openRoom(page, world.supervisor, v2!);
  await expectReady(page);
  await expect(page.getByRole("region", { name: "Comment threads" })).toBeVisible();
  await expect(page.getByText("Loading comments…")).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    blocking.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })),
  ).toEqual([]);
});
