import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, request as playwrightRequest, test } from "@playwright/test";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import {
  createReviewWorld,
  FRAME_CODE,
  generateFrameNumberedSource,
  RATE_23976,
  type ReviewWorld,
  readShownFrame,
  readShownFrames,
  uploadVersion,
  waitForReady,
} from "./helpers/media";

/**
 * Compare modes (issue 11 #2), read back from pixels. Two versions of one asset, both frame-numbered
 * (helpers/media.ts: every frame draws its own number), v2 with a red box in one region that v1
 * lacks, v1 shorter (48 frames against 60):
 *
 * - difference: |v2 − v1| is black outside the box and bright inside it, at several frames — and,
 *   since the frame code changes every frame, any frame slip between the sides would light up the
 *   code's cells too; the canvas names the pair it drew (data-frame-a / data-frame-b);
 * - wipe and overlay: steps and seeks keep both videos on the same frame (pixels of both), the
 *   divider moves with the keyboard and by dragging without stepping the player;
 * - flip: B alternates the shown side and the URL; while playing both stay within a frame and
 *   stop on the same one; past v1's end, v1 holds its last frame and the room says so.
 *
 * Selectors it relies on (components/player/compare-stage.tsx and friends): `compare-stage`
 * (data-mode, data-flip-side), `compare-mode-picker` buttons (aria-pressed), `player-primary` /
 * `player-compare` panes (data-shown, style), `compare-difference` canvas (data-renderer,
 * data-frame-a, data-frame-b), `wipe-divider` (role slider, aria-valuenow), `overlay-opacity`
 * (range), `compare-notices`, `compare-held`; and the room's `player` (data-ready, data-frame,
 * data-busy, data-playing) and "Go to timecode" field.
 */

const FRAMES_A = 60;
const FRAMES_B = 48;
/** The region that differs: in v2 only, inside the frame code's top-left cell, clear of its centre sample. */
const BOX = { x: 16, y: 12, w: 48, h: 30 } as const;

test.describe.configure({ mode: "serial" });

let world: ReviewWorld;
let roomUrl = "";
let v1 = "";

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(
    admin,
    { email: env.adminEmail, password: env.adminPassword, name: "Admin" },
    uniqueSuffix(),
  );
  const producer = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  await signInViaApi(producer, world.producer.email, world.producer.password);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-compare-"));
  const plain = path.join(dir, "v1.mov");
  const boxed = path.join(dir, "v2.mov");
  await generateFrameNumberedSource(plain, RATE_23976, FRAMES_B);
  await generateFrameNumberedSource(boxed, RATE_23976, FRAMES_A, [
    `drawbox=x=${BOX.x}:y=${BOX.y}:w=${BOX.w}:h=${BOX.h}:color=red:t=fill`,
  ]);
  const first = await uploadVersion(producer, {
    projectId: world.projectId,
    filePath: plain,
    fileName: "v1.mov",
    contentType: "video/quicktime",
    assetName: "Compare modes",
  });
  await waitForReady(producer, first.versionId);
  const second = await uploadVersion(producer, {
    projectId: world.projectId,
    assetId: first.assetId,
    filePath: boxed,
    fileName: "v2.mov",
    contentType: "video/quicktime",
  });
  await waitForReady(producer, second.versionId);
  v1 = first.versionId;
  roomUrl = `/projects/${world.projectId}/assets/${first.assetId}/versions/${second.versionId}`;
  await Promise.all([admin.dispose(), producer.dispose()]);
});

const primaryVideo = '[data-testid="player-primary"] video';
const compareVideo = '[data-testid="player-compare"] video';

async function openCompare(page: Page, mode: string): Promise<void> {
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(`${roomUrl}?compare=${v1}&mode=${mode}`);
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
  await expect(page.getByTestId("compare-stage")).toHaveAttribute("data-mode", mode);
}

/** Seeks with the go-to field (`#n` is a frame number) and waits for every side to land. */
async function goToFrame(page: Page, frame: number): Promise<void> {
  const goTo = page.getByLabel("Go to timecode");
  await goTo.fill(`#${frame}`);
  await goTo.press("Enter");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
}

/** Both videos' decoded frame numbers: A exactly `frame`, B the same number (or its last frame past its end). */
async function expectBothOn(page: Page, frame: number): Promise<void> {
  expect(await readShownFrame(page)).toBe(frame);
  await expect.poll(() => readShownFrame(page, compareVideo)).toBe(Math.min(frame, FRAMES_B - 1));
}

/** axe-core (WCAG 2.1 A/AA) over the room in its current compare mode: nothing serious or critical. */
async function expectAxeClean(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    blocking.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })),
  ).toEqual([]);
}

interface DifferenceStats {
  renderer: string;
  frameA: string;
  frameB: string;
  /** Mean of the largest channel difference inside the box (shrunk by 4 px against edge blur). */
  inside: number;
  /** Mean and 99.9th percentile of the same outside the box grown by 16 px (a macroblock). */
  outsideMean: number;
  outsideP999: number;
}

/** Reads the difference canvas back (in the page) and measures inside / outside the differing box. */
async function readDifference(page: Page): Promise<DifferenceStats> {
  return page.evaluate(
    ({ box, width }) => {
      const canvas = document.querySelector('[data-testid="compare-difference"]');
      if (!(canvas instanceof HTMLCanvasElement)) throw new Error("no difference canvas");
      const copy = document.createElement("canvas");
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext("2d", { willReadFrequently: true });
      if (!ctx) throw new Error("no 2d context");
      ctx.drawImage(canvas, 0, 0);
      const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
      const scale = copy.width / width;
      const inBox = (x: number, y: number, grow: number) =>
        x >= (box.x - grow) * scale &&
        x < (box.x + box.w + grow) * scale &&
        y >= (box.y - grow) * scale &&
        y < (box.y + box.h + grow) * scale;
      let insideSum = 0;
      let insideCount = 0;
      const outside: number[] = [];
      for (let y = 0; y < copy.height; y++) {
        for (let x = 0; x < copy.width; x++) {
          const i = (y * copy.width + x) * 4;
          const value = Math.max(data[i]!, data[i + 1]!, data[i + 2]!);
          if (inBox(x, y, -4)) {
            insideSum += value;
            insideCount += 1;
          } else if (!inBox(x, y, 16)) {
            outside.push(value);
          }
        }
      }
      outside.sort((a, b) => a - b);
      return {
        renderer: canvas.dataset.renderer ?? "",
        frameA: canvas.dataset.frameA ?? "",
        frameB: canvas.dataset.frameB ?? "",
        inside: insideSum / Math.max(1, insideCount),
        outsideMean: outside.reduce((s, v) => s + v, 0) / Math.max(1, outside.length),
        outsideP999: outside[Math.floor(outside.length * 0.999)] ?? 255,
      };
    },
    { box: BOX, width: FRAME_CODE.width },
  );
}

test("difference mode is black outside the changed region and bright inside it, on the frame both sides show", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openCompare(page, "difference");
  await expect(page.getByTestId("compare-mode-picker").getByRole("button", { name: "Difference" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByTestId("compare-notices")).toContainText("is shorter (48 frames against 60)");
  const canvas = page.getByTestId("compare-difference");
  for (const frame of [0, 13, 30, 47]) {
    await goToFrame(page, frame);
    await expectBothOn(page, frame);
    await expect(canvas).toHaveAttribute("data-frame-a", String(frame));
    await expect(canvas).toHaveAttribute("data-frame-b", String(frame));
    const stats = await readDifference(page);
    console.log(`difference at frame ${frame}: ${JSON.stringify(stats)}`);
    expect(["webgl", "2d"]).toContain(stats.renderer);
    expect(stats.inside, `inside the box at frame ${frame}`).toBeGreaterThan(100);
    expect(stats.outsideMean, `outside the box at frame ${frame}`).toBeLessThan(3);
    expect(stats.outsideP999, `outside the box at frame ${frame}`).toBeLessThan(40);
  }

  // Past v1's end: v1 holds its last frame, the room says so, and the difference is of that pair.
  await goToFrame(page, 55);
  await expectBothOn(page, 55);
  await expect(page.getByTestId("compare-held")).toContainText("holding its last frame");
  await expectAxeClean(page);
  await expect(canvas).toHaveAttribute("data-frame-a", "55");
  await expect(canvas).toHaveAttribute("data-frame-b", String(FRAMES_B - 1));

  // Playing: the canvas keeps drawing matched pairs, and both sides stop on one frame.
  await goToFrame(page, 0);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "true");
  await expect.poll(async () => Number(await canvas.getAttribute("data-frame-a"))).toBeGreaterThan(5);
  await page.keyboard.press("k");
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  const stopped = Number(await page.getByTestId("player").getAttribute("data-frame"));
  await expectBothOn(page, stopped);
  await expect(canvas).toHaveAttribute("data-frame-a", String(stopped));
});

test("wipe: the divider moves by keyboard and by dragging, and both sides step frame-locked", async ({ page }) => {
  test.setTimeout(180_000);
  await openCompare(page, "wipe");
  const divider = page.getByRole("slider", { name: "Wipe position" });
  await expect(divider).toHaveAttribute("aria-valuenow", "50");
  await goToFrame(page, 20);

  await divider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowLeft");
  await expect(divider).toHaveAttribute("aria-valuenow", "45");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(divider).toHaveAttribute("aria-valuenow", "55");
  // The divider's arrows are its own: the player did not step.
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", "20");
  await expect(page.getByTestId("player-compare")).toHaveAttribute("style", /clip-path: inset\(0px 0px 0px 55%\)/);

  const stage = await page.getByTestId("player-primary").boundingBox();
  const handle = await divider.boundingBox();
  if (!stage || !handle) throw new Error("stage not laid out");
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(stage.x + stage.width * 0.25, handle.y + handle.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Math.round(Number(await divider.getAttribute("aria-valuenow")))).toBe(25);
  await expectAxeClean(page);

  await page.getByRole("slider", { name: "Timeline" }).focus();
  for (const [key, frame] of [
    ["ArrowRight", 21],
    ["ArrowRight", 22],
    ["ArrowLeft", 21],
    ["Shift+ArrowRight", 45],
  ] as const) {
    await page.keyboard.press(key);
    await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
    await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
    await expectBothOn(page, frame);
  }
});

test("overlay: the opacity slider fades v1 over v2, and both sides step frame-locked", async ({ page }) => {
  test.setTimeout(180_000);
  await openCompare(page, "overlay");
  const opacity = page.getByRole("slider", { name: "Overlay opacity" });
  await expect(opacity).toHaveValue("50");
  await opacity.focus();
  await page.keyboard.press("End");
  await expect(opacity).toHaveValue("100");
  await expect(page.getByTestId("player-compare")).toHaveAttribute("style", /opacity: 1/);
  await page.keyboard.press("Home");
  await expect(page.getByTestId("player-compare")).toHaveAttribute("style", /opacity: 0/);
  await opacity.fill("30");
  await expect(page.getByTestId("player-compare")).toHaveAttribute("style", /opacity: 0\.3/);
  await expectAxeClean(page);

  await goToFrame(page, 7);
  await expectBothOn(page, 7);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  for (let frame = 8; frame <= 11; frame++) {
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
    await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
    await expectBothOn(page, frame);
  }
  await page.keyboard.press("End");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(FRAMES_A - 1));
  await expectBothOn(page, FRAMES_A - 1);
});

test("flip: B alternates the side shown and the URL, from the picker or a link; the frame stays locked", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openCompare(page, "side-by-side");
  const stage = page.getByTestId("compare-stage");
  await goToFrame(page, 33);
  await page.getByRole("slider", { name: "Timeline" }).focus();

  await page.keyboard.press("b");
  await expect(stage).toHaveAttribute("data-mode", "flip");
  await expect(stage).toHaveAttribute("data-flip-side", "b");
  await expect(page).toHaveURL(/mode=flip&side=b/);
  await expect(page.getByTestId("player-compare")).toHaveAttribute("data-shown", "true");
  await expect(page.getByTestId("player-primary")).toHaveAttribute("data-shown", "false");
  const sides: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("b");
    await expect(stage).toHaveAttribute("data-flip-side", i % 2 === 0 ? "a" : "b");
    sides.push((await stage.getAttribute("data-flip-side")) ?? "");
  }
  expect(sides).toEqual(["a", "b", "a", "b"]);
  await expect(page.getByTestId("compare-flip-state")).toContainText("v1");

  // Stepping while flipped: both sides on the same frame, whichever is shown.
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", "34");
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  await expectBothOn(page, 34);

  // The URL names the view: a reload opens it, an unknown mode falls back to side by side.
  await page.reload();
  await expect(page.getByTestId("compare-stage")).toHaveAttribute("data-flip-side", "b");
  await page.goto(`${roomUrl}?compare=${v1}&mode=sideways`);
  await expect(page.getByTestId("compare-stage")).toHaveAttribute("data-mode", "side-by-side");
  await page.getByTestId("compare-mode-picker").getByRole("button", { name: "Wipe" }).click();
  await expect(page).toHaveURL(/mode=wipe/);
  await expect(page.getByTestId("compare-stage")).toHaveAttribute("data-mode", "wipe");

  // Playing: sampled together, the two videos are never more than a frame apart.
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
  await goToFrame(page, 0);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "true");
  const gaps: number[] = [];
  for (let i = 0; i < 16; i++) {
    const [a, b] = await readShownFrames(page, [primaryVideo, compareVideo]);
    if (a !== undefined && b !== undefined && a >= 0 && b >= 0 && a < FRAMES_B - 1) gaps.push(a - b);
    await page.waitForTimeout(60);
  }
  await page.keyboard.press("k");
  console.log(`flip, playing: A − B per sample (read in one task) ${JSON.stringify(gaps)}`);
  expect(gaps.length).toBeGreaterThan(5);
  // A sample can fall between the two sides' presentations of one frame change, hence ±1; the lock
  // may still be closing in on the first sample after play starts on a loaded machine (seen: one −2
  // in CI), hence at most one sample at ±2. A steady one-frame slip would make almost none exact.
  for (const gap of gaps) expect(Math.abs(gap)).toBeLessThanOrEqual(2);
  expect(gaps.filter((g) => Math.abs(g) > 1).length).toBeLessThanOrEqual(1);
  expect(gaps.filter((g) => g === 0).length / gaps.length).toBeGreaterThanOrEqual(0.5);
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  await expectBothOn(page, Number(await page.getByTestId("player").getAttribute("data-frame")));
});

test("without WebGL, difference mode falls back to the 2D canvas with the same result", async ({ page }) => {
  test.setTimeout(180_000);
  // A browser without WebGL: getContext("webgl") answers null, as it does where WebGL is blocked.
  await page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    Object.defineProperty(HTMLCanvasElement.prototype, "getContext", {
      value: function (this: HTMLCanvasElement, kind: string, options?: unknown) {
        return kind.includes("webgl") ? null : getContext.call(this, kind, options);
      },
    });
  });
  await openCompare(page, "difference");
  const canvas = page.getByTestId("compare-difference");
  await expect(canvas).toHaveAttribute("data-renderer", "2d");
  for (const frame of [5, 40]) {
    await goToFrame(page, frame);
    await expectBothOn(page, frame);
    await expect(canvas).toHaveAttribute("data-frame-a", String(frame));
    await expect(canvas).toHaveAttribute("data-frame-b", String(frame));
    const stats = await readDifference(page);
    console.log(`difference (2d) at frame ${frame}: ${JSON.stringify(stats)}`);
    expect(stats.inside).toBeGreaterThan(100);
    expect(stats.outsideMean).toBeLessThan(3);
    expect(stats.outsideP999).toBeLessThan(40);
  }
});
