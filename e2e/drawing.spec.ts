import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import { drag, inkAt, type Point } from "./helpers/drawing-pixels";
import {
  createReviewWorld,
  generateFrameNumberedSource,
  RATE_23976,
  RATE_2997_DF,
  readShownFrame,
  uploadVersion,
  waitForReady,
  type ReviewUser,
  type ReviewWorld,
  type TestRate,
} from "./helpers/media";

/**
 * Drawing on the frame (issue 11 #1), read back from pixels: a supervisor draws an arrow with real
 * pointer drags on a comment at frame N; a producer in another browser context sees its ink on the
 * overlay canvas at N and not at N − 1 or N + 1, while the video's own pixels say frame N is the one
 * shown — at 23.976 and at 29.97 drop-frame. Undo/redo before sending, reload, a range comment's
 * in / middle / out (not in − 1 / out + 1), the hide key, removing a drawing, and axe in draw mode.
 */

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const FRAMES = 48;
const SCREENSHOT_DIR =
  process.env.AXIOM_UPDATE_SCREENSHOTS === "1"
    ? path.join(__dirname, "..", "docs", "screenshots")
    : path.join(__dirname, "..", "test-results", "screenshots");

/** The arrow every test draws (picture-normalised), a point on its shaft, and one far from any ink. */
const ARROW: { from: Point; to: Point } = { from: [0.2, 0.75], to: [0.55, 0.35] };
const ON_SHAFT: Point = [0.3, 0.6286];
const SECOND_ARROW: { from: Point; to: Point } = { from: [0.7, 0.8], to: [0.9, 0.6] };
const ON_SECOND_SHAFT: Point = [0.78, 0.72];
const NO_INK: Point = [0.9, 0.15];

let world: ReviewWorld;
const rooms = new Map<string, { url: string; versionId: string }>();
const apis: APIRequestContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(admin);
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, uniqueSuffix());
  const producer = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(producer);
  await signInViaApi(producer, world.producer.email, world.producer.password);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-drawing-"));
  for (const rate of [RATE_23976, RATE_2997_DF]) {
    const file = path.join(dir, `frames-${rate.num}.mov`);
    await generateFrameNumberedSource(file, rate, FRAMES);
    const uploaded = await uploadVersion(producer, {
      projectId: world.projectId,
      filePath: file,
      fileName: path.basename(file),
      contentType: "video/quicktime",
      assetName: `Drawing ${rate.name}`,
    });
    await waitForReady(producer, uploaded.versionId);
    rooms.set(rate.name, {
      versionId: uploaded.versionId,
      url: `/projects/${world.projectId}/assets/${uploaded.assetId}/versions/${uploaded.versionId}`,
    });
  }
});

test.afterAll(async () => {
  await Promise.all(apis.map((c) => c.dispose()));
});

async function openRoomAs(browser: Browser, user: ReviewUser, url: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2eEnv().baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInViaApi(page.request, user.email, user.password);
  await page.goto(url);
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
  return page;
}

/** Seeks with the "go to" field (`#n` is a frame) and waits until the player and the drawing layer are on it. */
async function goToFrame(page: Page, frame: number): Promise<void> {
  const goTo = page.getByLabel("Go to timecode");
  await goTo.fill(`#${frame}`);
  await goTo.press("Enter");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  await expect(page.getByTestId("drawing-layer")).toHaveAttribute("data-frame", String(frame));
}

/** Focus on the timeline, out of any text field, so the room's keys reach the player. */
async function focusPlayer(page: Page): Promise<void> {
  await page.getByRole("slider", { name: "Timeline" }).focus();
}

/** Ink at the arrow and none far from it, on the frame on screen — whose video pixels are checked too. */
async function expectArrowAt(page: Page, frame: number, isShown: boolean): Promise<void> {
  await goToFrame(page, frame);
  expect(await readShownFrame(page), `video pixels at frame ${frame}`).toBe(frame);
  const [shaft, empty] = await inkAt(page, [ON_SHAFT, NO_INK]);
  if (isShown) expect(shaft, `arrow ink at frame ${frame}`).toBeGreaterThan(200);
  else expect(shaft, `no arrow ink at frame ${frame}`).toBe(0);
  expect(empty, `no ink away from the arrow at frame ${frame}`).toBe(0);
}

interface StoredComment {
  id: string;
  frameIn: number;
  frameOut: number | null;
  body: string;
  drawing: { v: number; shapes: { type: string }[] } | null;
}

async function storedComments(page: Page, versionId: string): Promise<StoredComment[]> {
  const res = await page.request.get(`/api/versions/${versionId}/comments`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { comments: StoredComment[] }).comments;
}

for (const [rate, frame] of [
  [RATE_23976, 20],
  [RATE_2997_DF, 13],
] satisfies [TestRate, number][]) {
  test(`an arrow drawn at frame ${frame} shows on exactly that frame for another user (${rate.name})`, async ({ browser }) => {
    test.setTimeout(300_000);
    const { url, versionId } = rooms.get(rate.name)!;
    const supervisor = await openRoomAs(browser, world.supervisor, url);
    await goToFrame(supervisor, frame);

    // Draw: the composer's toggle opens the toolbar, the canvas takes the pointer.
    await supervisor.getByRole("button", { name: "Draw", exact: true }).click();
    await expect(supervisor.getByTestId("drawing-layer")).toHaveAttribute("data-mode", "draw");
    await supervisor.getByRole("toolbar", { name: "Drawing tools" }).getByRole("button", { name: "Arrow" }).click();
    await drag(supervisor, ARROW.from, ARROW.to);
    await drag(supervisor, SECOND_ARROW.from, SECOND_ARROW.to);
    await expect(supervisor.getByTestId("drawing-shape-count")).toHaveText("Drawing: 2 shapes");
    const [first, second] = await inkAt(supervisor, [ON_SHAFT, ON_SECOND_SHAFT]);
    expect(first).toBeGreaterThan(200);
    expect(second).toBeGreaterThan(200);

    // Undo (Ctrl+Z) takes the second arrow away, redo (Ctrl+Shift+Z) brings it back, undo again.
    await supervisor.keyboard.press("Control+z");
    await expect(supervisor.getByTestId("drawing-shape-count")).toHaveText("Drawing: 1 shape");
    expect(await inkAt(supervisor, [ON_SHAFT, ON_SECOND_SHAFT])).toEqual([first, 0]);
    await supervisor.keyboard.press("Control+Shift+z");
    await expect(supervisor.getByTestId("drawing-shape-count")).toHaveText("Drawing: 2 shapes");
    expect((await inkAt(supervisor, [ON_SECOND_SHAFT]))[0]).toBeGreaterThan(200);
    await supervisor.getByRole("button", { name: "Undo" }).click();
    await expect(supervisor.getByTestId("drawing-shape-count")).toHaveText("Drawing: 1 shape");
    expect(await inkAt(supervisor, [ON_SECOND_SHAFT])).toEqual([0]);

    await supervisor.getByLabel(/^Comment at /).fill(`Arrow at ${frame}`);
    await supervisor.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(supervisor.getByLabel(/^Comment at /)).toHaveValue("");
    await expect(supervisor.getByTestId("drawing-layer")).toHaveAttribute("data-mode", "view");
    const [stored] = (await storedComments(supervisor, versionId)).filter((c) => c.body === `Arrow at ${frame}`);
    expect(stored).toMatchObject({ frameIn: frame, frameOut: null, drawing: { v: 1, shapes: [{ type: "arrow" }] } });

    // A producer, in a browser context of their own, sees it at N and not at N ± 1.
    const producer = await openRoomAs(browser, world.producer, url);
    await expectArrowAt(producer, frame - 1, false);
    await expectArrowAt(producer, frame, true);
    await expectArrowAt(producer, frame + 1, false);

    // Clicking the comment seeks to its frame, and its drawing shows.
    await goToFrame(producer, 0);
    await producer.getByTestId("comment-jump").first().click();
    await expect(producer.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
    await expect(producer.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "1");
    expect(await readShownFrame(producer)).toBe(frame);
    expect((await inkAt(producer, [ON_SHAFT]))[0]).toBeGreaterThan(200);

    // Shift+D hides the drawings and shows them again.
    await focusPlayer(producer);
    await producer.keyboard.press("Shift+D");
    await expect(producer.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "0");
    expect(await inkAt(producer, [ON_SHAFT])).toEqual([0]);
    await producer.keyboard.press("Shift+D");
    await expect(producer.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "1");
    expect((await inkAt(producer, [ON_SHAFT]))[0]).toBeGreaterThan(200);

    if (rate === RATE_23976) {
      await fs.promises.mkdir(SCREENSHOT_DIR, { recursive: true });
      await producer.screenshot({ path: path.join(SCREENSHOT_DIR, "drawing.png") });
    }

    // It survives a reload.
    await producer.reload();
    await expect(producer.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
    await expectArrowAt(producer, frame, true);
    await expectArrowAt(producer, frame + 1, false);

    // A link naming the frame (a notification's `?frame=N`) opens the room on it, drawing shown.
    const linked = new URL(producer.url());
    linked.searchParams.set("frame", String(frame));
    await producer.goto(linked.toString());
    await expect(producer.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
    await expect(producer.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
    await expect(producer.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "1");
    expect(await readShownFrame(producer)).toBe(frame);

    await supervisor.context().close();
    await producer.context().close();
  });
}

test("a range comment's drawing shows from in to out, not before or after; the author removes it; axe in draw mode", async ({ browser }) => {
  test.setTimeout(300_000);
  const { url, versionId } = rooms.get(RATE_23976.name)!;
  const [inFrame, outFrame] = [30, 34];
  const supervisor = await openRoomAs(browser, world.supervisor, url);

  // In and out by key, then D to draw (the composer's drawing) and A for the arrow tool.
  await goToFrame(supervisor, inFrame);
  await focusPlayer(supervisor);
  await supervisor.keyboard.press("i");
  await goToFrame(supervisor, outFrame);
  await focusPlayer(supervisor);
  await supervisor.keyboard.press("o");
  await expect(supervisor.getByTestId("composer-target")).toHaveAttribute("data-kind", "range");
  await supervisor.keyboard.press("d");
  await expect(supervisor.getByTestId("drawing-layer")).toHaveAttribute("data-mode", "draw");
  await supervisor.keyboard.press("a");
  await expect(supervisor.getByRole("toolbar", { name: "Drawing tools" }).getByRole("button", { name: "Arrow" })).toHaveAttribute("aria-pressed", "true");

  const results = await new AxeBuilder({ page: supervisor }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await drag(supervisor, ARROW.from, ARROW.to);
  // Escape leaves drawing mode; the drawing stays with the comment being written.
  await focusPlayer(supervisor);
  await supervisor.keyboard.press("Escape");
  await expect(supervisor.getByTestId("drawing-layer")).toHaveAttribute("data-mode", "view");
  await expect(supervisor.getByTestId("drawing-shape-count")).toHaveText("Drawing: 1 shape");
  await supervisor.getByLabel(/^Comment at /).fill("Range arrow");
  await supervisor.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(supervisor.getByLabel(/^Comment at /)).toHaveValue("");
  const [stored] = (await storedComments(supervisor, versionId)).filter((c) => c.body === "Range arrow");
  expect(stored).toMatchObject({ frameIn: inFrame, frameOut: outFrame, drawing: { shapes: [{ type: "arrow" }] } });

  const producer = await openRoomAs(browser, world.producer, url);
  await expectArrowAt(producer, inFrame - 1, false);
  await expectArrowAt(producer, inFrame, true);
  await expectArrowAt(producer, (inFrame + outFrame) / 2, true);
  await expectArrowAt(producer, outFrame, true);
  await expectArrowAt(producer, outFrame + 1, false);
  await expectArrowAt(producer, inFrame + 1, true);

  // The author edits the drawing: the edit form loads it into the editor (seeking to the comment's
  // frame), a second arrow is added and Save PATCHes both.
  const thread = supervisor.locator(`[data-comment-id="${stored!.id}"]`);
  await goToFrame(supervisor, 0);
  await thread.getByRole("button", { name: "Edit" }).first().click();
  await thread.getByRole("button", { name: "Draw", exact: true }).click();
  await expect(supervisor.getByTestId("player")).toHaveAttribute("data-frame", String(inFrame));
  await expect(thread.getByTestId("drawing-shape-count")).toHaveText("Drawing: 1 shape");
  await thread.getByRole("toolbar", { name: "Drawing tools" }).getByRole("button", { name: "Arrow" }).click();
  await drag(supervisor, SECOND_ARROW.from, SECOND_ARROW.to);
  await expect(thread.getByTestId("drawing-shape-count")).toHaveText("Drawing: 2 shapes");
  await thread.getByRole("button", { name: "Save" }).click();
  await expect
    .poll(async () => (await storedComments(supervisor, versionId)).find((c) => c.id === stored!.id)?.drawing?.shapes.length)
    .toBe(2);
  await expect(producer.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "1");
  await expect.poll(async () => (await inkAt(producer, [ON_SECOND_SHAFT]))[0], { timeout: 10_000 }).toBeGreaterThan(200);

  // Then removes it; the producer's room follows (polled).
  await thread.getByRole("button", { name: "Edit" }).first().click();
  await thread.getByRole("button", { name: "Remove drawing" }).click();
  await thread.getByRole("button", { name: "Save" }).click();
  await expect.poll(async () => (await storedComments(supervisor, versionId)).find((c) => c.id === stored!.id)?.drawing).toBeNull();
  await expect(producer.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "0", { timeout: 10_000 });
  expect(await inkAt(producer, [ON_SHAFT])).toEqual([0]);

  await supervisor.context().close();
  await producer.context().close();
});
