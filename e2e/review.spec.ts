import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
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

/**
 * Waits for the worker to take `versionId` to PROCESSING, then runs `check` inside a transaction
 * that holds the version's row lock (so the state cannot move on while the page is checked).
 */
async function holdWhileProcessing(sql: postgres.Sql, versionId: string, check: (progress: number | null) => Promise<void>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const held = await sql.begin(async (tx) => {
      const [row] = await tx<{ processing_state: string; progress: number | null }[]>`
        select processing_state, progress from versions where id = ${versionId} for update`;
      if (row?.processing_state !== "PROCESSING") return row?.processing_state ?? "missing";
      await check(row.progress);
      return "checked";
    });
    if (held === "checked") return;
    if (held !== "PENDING" && held !== "AWAITING_UPLOAD") throw new Error(`version went ${held} before the test could hold it PROCESSING`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`version ${versionId} never reached PROCESSING`);
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
  // The room polls: queued, then processing with its progress bar, then the player, with no
  // reload. A short clip can finish between two polls, so the test holds the version's row
  // (SELECT … FOR UPDATE) once the worker has it PROCESSING: the worker's next progress write and
  // its READY transition wait, the room's reads do not.
  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1 });
  try {
    await holdWhileProcessing(sql, v2, async (progress) => {
      await expect(processing).toHaveAttribute("data-state", "PROCESSING");
      const bar = processing.getByRole("progressbar", { name: "Processing progress" });
      await expect(bar).toBeVisible();
      await expect(bar).toHaveAttribute("aria-valuenow", String(Math.round(progress ?? 0)));
      await expect(processing).toContainText(`${Math.round(progress ?? 0)}%`);
    });
  } finally {
    await sql.end();
  }
  await expectReady(page);
  await expect(page.getByTestId("processing-state")).toHaveCount(0);
  await waitForReady(producerApi, v2);
});

test("a failed version shows the error to all, the log tail and Retry to producers only", async ({ page, browser }) => {
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
  await expect(panel.getByRole("alert")).toContainText("The file cannot be read or decoded");
  const review = (await (await producerApi.get(`/api/versions/${broken.versionId}/review`)).json()) as {
    version: { errorCode: string; errorMessage: string; errorLogTail: string | null };
  };
  await expect(panel.getByRole("alert")).toContainText(review.version.errorCode);
  await expect(panel.getByRole("alert")).toContainText(review.version.errorMessage);
  // The FFmpeg log tail, as stored by the worker.
  expect(review.version.errorLogTail?.trim()).toBeTruthy();
  const log = panel.locator("pre");
  await expect(log).toBeVisible();
  await expect(log).toContainText(review.version.errorLogTail!.trim().split("\n").at(-1)!.trim());
  await expect(panel.getByRole("button", { name: "Retry processing" })).toBeVisible();

  // The asset page's version list names the error and links to this room (log and Retry).
  await page.goto(`/projects/${world.projectId}/assets/${broken.assetId}`);
  const row = page.getByTestId("version-row").filter({ has: page.getByTestId("version-number").getByText("v1", { exact: true }) });
  await expect(row).toHaveAttribute("data-state", "ERROR");
  const error = row.getByTestId("version-error");
  await expect(error).toContainText(review.version.errorCode);
  await expect(error).toContainText(review.version.errorMessage.slice(0, 20));
  await error.getByRole("link", { name: "Log and retry" }).click();
  await expect(page).toHaveURL(new RegExp(`/versions/${broken.versionId}$`));
  await expect(page.getByTestId("processing-error").locator("pre")).toBeVisible();

  const supervisor = await browser.newContext({ baseURL: e2eEnv().baseUrl });
  const supervisorPage = await supervisor.newPage();
  await signInViaApi(supervisorPage.request, world.supervisor.email, world.supervisor.password);
  await supervisorPage.goto(`/projects/${world.projectId}/assets/${broken.assetId}/versions/${broken.versionId}`);
  await expect(supervisorPage.getByTestId("processing-error")).toBeVisible();
  // The reason, but not FFmpeg's raw log (scratch paths, hosts): that is for those who can retry.
  await expect(supervisorPage.getByTestId("processing-error").getByRole("alert")).toContainText(review.version.errorCode);
  await expect(supervisorPage.getByTestId("processing-error").locator("pre")).toHaveCount(0);
  await expect(supervisorPage.getByRole("button", { name: "Retry processing" })).toHaveCount(0);
  await supervisor.close();
});

test("supervisor comments at a frame and a range, replies and resolves; the producer sees it live", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await openRoom(page, world.supervisor, v2!);
  await expectReady(page);
  const producer = await newPageAs(browser, world.producer, v2!);
  await expectReady(producer);

  // Played, then paused, for the docs: parked on a frame, so the readout names the picture shown.
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "true");
  await page.waitForTimeout(1200);
  await page.keyboard.press("k");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "false");
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  const parked = Number(await page.getByTestId("player").getAttribute("data-frame"));
  expect(parked).toBeGreaterThan(0);
  expect(await readShownFrame(page)).toBe(parked);
  await expect(page.getByTestId("frame-readout")).toHaveText(tc(parked));
  await page.screenshot({ path: path.join(SCREENSHOTS, "review-playing.png") });

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
  // Only an in point so far: the composer still targets the frame on screen, and says so.
  await expect(page.getByTestId("composer-target")).toHaveText(tc(48));
  await expect(page.getByTestId("composer-target")).toHaveAttribute("data-kind", "playhead");
  await expect(page.getByTestId("composer-pending-in")).toContainText(tc(30));
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
  // The timeline's markers follow the filter: the resolved comment's marker is gone too.
  await expect(producer.getByTestId("comment-marker")).toHaveCount(1);
  await expect(producer.getByTestId("comment-marker")).toHaveAttribute("data-frame", "30");
  await producer.getByRole("button", { name: "resolved", exact: true }).click();
  await expect(producer.getByTestId("comment-marker")).toHaveCount(1);
  await expect(producer.getByTestId("comment-marker")).toHaveAttribute("data-frame", "12");
  await producer.getByRole("button", { name: "open", exact: true }).click();

  // Edit own comment; the producer sees the new text.
  const second = threads.nth(1);
  await second.getByRole("button", { name: "Edit" }).click();
  await second.getByLabel("Edit comment").fill("Flicker through this whole range (left edge)");
  await second.getByRole("button", { name: "Save" }).click();
  await expect(producerThreads.first()).toContainText("(left edge)", { timeout: 15_000 });

  // Soft delete: the producer replies, then deletes the reply; the supervisor sees it marked
  // deleted, live, in its place in the thread (the thread itself stays).
  const producerRange = producerThreads.first();
  await producerRange.getByRole("button", { name: "Reply" }).click();
  await producerRange.getByRole("textbox").fill("Will fix in v3");
  await producerRange.locator("form").getByRole("button", { name: "Reply" }).click();
  const supervisorReply = second.getByTestId("comment-reply");
  await expect(supervisorReply).toContainText("Will fix in v3", { timeout: 15_000 });
  // Not the supervisor's: no delete button for them.
  await expect(supervisorReply.getByRole("button", { name: "Delete" })).toHaveCount(0);
  const producerReply = producerRange.getByTestId("comment-reply");
  await producerReply.getByRole("button", { name: "Delete" }).click();
  await producerReply.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(producerReply).toContainText("Comment deleted.");
  await expect(supervisorReply).toContainText("Comment deleted.", { timeout: 15_000 });
  await expect(supervisorReply).not.toContainText("Will fix in v3");
  await expect(threads).toHaveCount(2);

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

  // The asset page shows each version's decision, who made it and when.
  await page.goto(`/projects/${world.projectId}/assets/${assetId}`);
  const rowOf = (n: number) => page.getByTestId("version-row").filter({ has: page.getByTestId("version-number").getByText(`v${n}`, { exact: true }) });
  const v1Review = rowOf(1).getByTestId("review-standing");
  const v2Review = rowOf(2).getByTestId("review-standing");
  await expect(v1Review).toHaveAttribute("data-state", "REJECTED");
  await expect(v1Review).toContainText("Rejected");
  await expect(v1Review.getByTestId("review-decided-by")).toContainText(world.supervisor.name);
  await expect(v1Review.getByTestId("review-decided-by")).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(v2Review).toHaveAttribute("data-state", "APPROVED");
  await expect(v2Review).toContainText("Approved");
  await expect(v2Review.getByTestId("review-decided-by")).toContainText(world.supervisor.name);

  // The project page shows the latest version's decision in words (not the enum) and links to
  // its history: the room opens on the Decisions tab.
  await page.goto(`/projects/${world.projectId}`);
  const assetRow = page.getByTestId("asset-row").filter({ hasText: "Shot 010" });
  const standing = assetRow.getByTestId("review-standing");
  await expect(standing).toHaveAttribute("data-state", "APPROVED");
  await expect(standing).toContainText("Approved");
  await expect(standing).not.toContainText("APPROVED");
  await expect(standing.getByTestId("review-decided-by")).toContainText(world.supervisor.name);
  await standing.getByRole("link", { name: "1 decision" }).click();
  await expect(page).toHaveURL(new RegExp(`/versions/${v2}\\?tab=decisions$`));
  await expect(page.getByRole("tab", { name: /Decisions/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("decision-history")).toContainText(`by ${world.supervisor.name}`);
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

test("a compare version that cannot load is reported on its side; this version still plays and steps", async ({ page }) => {
  test.setTimeout(180_000);
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  // The browser cannot fetch v1's media (a network failure, as a dead CDN or proxy would give).
  await page.route(new RegExp(`/api/versions/${v1}/media/`), (route) => route.abort("failed"));
  await page.goto(roomUrl(v2!, v1));
  await expect(page.getByTestId("compare-error")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("compare-error")).toContainText("cannot be played");
  await expect(page.getByTestId("player-compare")).toHaveAttribute("data-failed", "true");
  await expectReady(page);
  await goToFrame(page, 20);
  expect(await readShownFrame(page)).toBe(20);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", "21");
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  expect(await readShownFrame(page)).toBe(21);
});

test("looping with the out point on the last frame goes on playing from the in point", async ({ page }) => {
  test.setTimeout(120_000);
  await openRoom(page, world.supervisor, v2!);
  await expectReady(page);
  const player = page.getByTestId("player");
  const timeline = page.getByRole("slider", { name: "Timeline" });
  await goToFrame(page, 100);
  await timeline.focus();
  await page.keyboard.press("i");
  await page.keyboard.press("End");
  await expect(player).toHaveAttribute("data-frame", "119");
  await expect(player).toHaveAttribute("data-busy", "false");
  await page.keyboard.press("o");
  await page.keyboard.press("Shift+L");
  await expect(page.getByRole("button", { name: "Loop in to out" })).toHaveAttribute("aria-pressed", "true");
  await goToFrame(page, 100);
  // Every frame shown and whether it was playing, in order.
  await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="player"]')!;
    const log: [number, string | undefined][] = [];
    (window as unknown as { frameLog: typeof log }).frameLog = log;
    new MutationObserver(() => log.push([Number(el.dataset.frame), el.dataset.playing])).observe(el, {
      attributes: true,
      attributeFilter: ["data-frame", "data-playing"],
    });
  });
  await timeline.focus();
  await page.keyboard.press("Space");
  // Reached the end of the range, then playing again back at the start of it.
  await page.waitForFunction(
    () => {
      let sawEnd = false;
      for (const [frame, playing] of (window as unknown as { frameLog: [number, string][] }).frameLog) {
        if (frame >= 110) sawEnd = true;
        else if (sawEnd && frame <= 105 && playing === "true") return true;
      }
      return false;
    },
    null,
    { timeout: 60_000 },
  );
  await page.keyboard.press("k");
  await expect(player).toHaveAttribute("data-playing", "false");
});

/** Identifies the focused element: tag, role, id, then its accessible label or text. */
function focusedKey(): string {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === document.body) return "";
  const label = el.getAttribute("aria-label") ?? (el.textContent ?? "").trim();
  return [el.tagName.toLowerCase(), el.getAttribute("role") ?? "", el.id, label].join("|");
}

test("every control of the room is reachable with Tab, in order, and works from the keyboard", async ({ page }) => {
  test.setTimeout(240_000);
  await openRoom(page, world.supervisor, v2!);
  await expectReady(page);
  await expect(page.getByTestId("comment-thread")).toHaveCount(2);
  const player = page.getByTestId("player");
  const timeline = page.getByRole("slider", { name: "Timeline" });
  // In and out set: the loop button is disabled (so not focusable) without a range.
  await goToFrame(page, 10);
  await timeline.focus();
  await page.keyboard.press("i");
  await goToFrame(page, 20);
  await timeline.focus();
  await page.keyboard.press("o");

  // 1. Tab order, from the version switcher (the first control after the breadcrumb) to the composer.
  await page.locator("#version-switcher").focus();
  const order = [await page.evaluate(focusedKey)];
  for (let i = 0; i < 150 && !order.at(-1)!.includes("comment-composer"); i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(focusedKey));
  }
  const expected: RegExp[] = [
    /\|version-switcher\|/,
    /^button\|\|\|Compare$/,
    /\|Add to playlist$/,
    /\|Export notes$/,
    /\|Approve$/,
    /\|Request changes$/,
    /\|Reject$/,
    /\|Keyboard shortcuts$/,
    /\|Comment by .* at /,
    /\|slider\|\|Timeline$/,
    /\|First frame$/,
    /\|Previous frame$/,
    /\|Play backwards/,
    /\|Play$/,
    /\|Play \/ faster forwards$/,
    /\|Next frame$/,
    /\|Last frame$/,
    /Switch readout$/,
    /\|player-goto\|/,
    /Set in point$/,
    /Set out point$/,
    /\|Loop in to out$/,
    /\|Mute$/,
    /\|Volume$/,
    /\|Playback speed: 1×$/,
    /\|Guides: hidden$/,
    /\|Download this frame \(PNG\)$/,
    /Playback quality/,
    /\|Full screen$/,
    /\|tab\|.*\|Comments/,
    /\|all$/,
    /\|open$/,
    /\|resolved$/,
    /\|comment-author-filter\|/,
    /\|Go to /,
    /\|In$/,
    /\|Out$/,
    /\|comment-composer\|/,
  ];
  let next = 0;
  for (const key of order) if (next < expected.length && expected[next]!.test(key)) next += 1;
  expect(next, `missing ${expected[next]} in focus order:\n${order.join("\n")}`).toBe(expected.length);

  const focusAndPress = async (name: string | RegExp, key: string) => {
    await page.getByRole("button", { name, exact: typeof name === "string" }).focus();
    await page.keyboard.press(key);
  };
  const settle = async (frame: number) => {
    await expect(player).toHaveAttribute("data-frame", String(frame));
    await expect(player).toHaveAttribute("data-busy", "false");
  };

  // 2. Transport with Enter and Space.
  await goToFrame(page, 30);
  await focusAndPress("Next frame", "Enter");
  await settle(31);
  await focusAndPress("Previous frame", "Space");
  await settle(30);
  await focusAndPress("Last frame", "Enter");
  await settle(119);
  await focusAndPress("First frame", "Space");
  await settle(0);
  await focusAndPress("Play", "Enter");
  await expect(player).toHaveAttribute("data-playing", "true");
  await page.keyboard.press("Enter"); // the same button, now "Pause"
  await expect(player).toHaveAttribute("data-playing", "false");
  await focusAndPress("Play / faster forwards", "Enter");
  await expect(player).toHaveAttribute("data-playing", "true");
  // Played forwards for real before the pause: backwards from frame 0 would have nothing to play (a
  // fresh page on a busy host can take a while to present its first frames).
  await expect(player).not.toHaveAttribute("data-frame", "0");
  await page.keyboard.press("k");
  await expect(player).toHaveAttribute("data-playing", "false");
  await focusAndPress(/^Play backwards/, "Enter");
  await expect(player).toHaveAttribute("data-playing", "true");
  await page.keyboard.press("k");
  await expect(player).toHaveAttribute("data-playing", "false");
  await expect(player).toHaveAttribute("data-busy", "false");

  // Readout switch, go-to field, in/out, loop.
  await focusAndPress(/Switch readout$/, "Enter");
  await expect(page.getByRole("button", { name: /^Readout: Frames/ })).toBeFocused();
  const frameNow = await player.getAttribute("data-frame");
  await expect(page.getByTestId("frame-readout")).toHaveText(frameNow!);
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: /^Readout: Seconds/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: /^Readout: TC/ })).toBeFocused();
  await page.getByLabel("Go to timecode").focus();
  await page.keyboard.type("#5");
  await page.keyboard.press("Enter");
  await settle(5);
  await focusAndPress(/Set in point$/, "Enter");
  await expect(page.getByRole("button", { name: `In point ${tc(5)}. Set in point` })).toBeVisible();
  await goToFrame(page, 8);
  await focusAndPress(/Set out point$/, "Space");
  await expect(page.getByRole("button", { name: `Out point ${tc(8)}. Set out point` })).toBeVisible();
  await focusAndPress("Loop in to out", "Enter");
  await expect(page.getByRole("button", { name: "Loop in to out" })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Loop in to out" })).toHaveAttribute("aria-pressed", "false");

  // Volume, quality menu, full screen.
  await focusAndPress("Mute", "Enter");
  await expect(page.getByRole("button", { name: "Unmute", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Mute", exact: true })).toBeFocused();
  await page.getByRole("slider", { name: "Volume" }).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("slider", { name: "Volume" })).toHaveValue("0.95");
  await settle(8); // the arrow moved the volume, not the playhead
  await focusAndPress(/^Playback quality/, "Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitemcheckbox", { name: "MP4 proxy" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Playback quality/ })).toBeFocused();
  await focusAndPress("Full screen", "Enter");
  await expect.poll(() => page.evaluate(() => (document.fullscreenElement as HTMLElement | null)?.dataset.testid ?? null)).toBe("player");
  await focusAndPress("Exit full screen", "Enter");
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

  // Arrow-key scrubbing on the timeline shows the preview (thumbnail and timecode) at the playhead.
  await timeline.focus();
  await page.keyboard.press("ArrowRight");
  await settle(9);
  await expect(page.getByTestId("timeline-preview")).toBeVisible();
  await expect(page.getByTestId("timeline-preview")).toContainText(tc(9));
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("timeline-preview")).toHaveCount(0);

  // Filters, author filter, a comment's timecode chip.
  const threads = page.getByTestId("comment-thread");
  await focusAndPress("open", "Enter");
  await expect(page.getByRole("button", { name: "open", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(threads).toHaveCount(1);
  await focusAndPress("all", "Space");
  await expect(threads).toHaveCount(2);
  const authorFilter = page.getByLabel("Filter by author");
  await authorFilter.focus();
  await page.keyboard.press("ArrowDown");
  await expect(authorFilter).not.toHaveValue("");
  await page.keyboard.press("Home");
  await expect(authorFilter).toHaveValue("");
  await page.getByRole("button", { name: `Go to ${tc(12)}` }).focus();
  await page.keyboard.press("Enter");
  await settle(12);

  // The composer: C from the player, type, Ctrl+Enter sends (at the frame on screen).
  await timeline.focus();
  await page.keyboard.press("x"); // clear in/out: the composer follows the playhead
  await page.keyboard.press("c");
  await expect(page.locator("#comment-composer")).toBeFocused();
  await page.keyboard.type("Sent from the keyboard");
  await page.keyboard.press("Control+Enter");
  await expect(threads).toHaveCount(3);
  await expect(threads.filter({ hasText: "Sent from the keyboard" })).toHaveAttribute("data-frame-in", "12");

  // Decision dialog opens and closes from the keyboard, focus returns to its button.
  await focusAndPress("Request changes", "Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Request changes", exact: true })).toBeFocused();

  // Compare toggle and version switcher.
  await focusAndPress("Compare", "Enter");
  await expect(page).toHaveURL(new RegExp(`compare=${v1}`));
  await page.locator("#version-switcher").focus();
  await page.keyboard.press("ArrowDown");
  await expect(page).toHaveURL(new RegExp(`/versions/${v1}$`));
});
