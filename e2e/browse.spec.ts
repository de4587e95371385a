import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import { createReviewWorld, generateFrameNumberedSource, RATE_23976, uploadVersion, waitForReady, type ReviewWorld } from "./helpers/media";

/**
 * Browsing a project (docs/browsing.md): a project seeded by `npm run seed:scale` (rows only, no
 * media) plus two shots uploaded and processed for real (posters and scrub sprites). A supervisor
 * narrows the list by the header's "Changes requested" count, searches a shot, pages forward and
 * back, and a reload keeps the view; the grid shows the real posters and hover-scrubs the sprite.
 */

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");
/** Six seconds at 23.976: a sprite of six tiles (one a second) to scrub across. */
const FRAMES = 144;
const SCREENSHOT_DIR =
  process.env.AXIOM_UPDATE_SCREENSHOTS === "1" ? path.join(ROOT, "docs", "screenshots") : path.join(ROOT, "test-results", "screenshots");
const REAL_SHOTS = ["SQ900_SH0010_comp", "SQ900_SH0020_comp"];

let world: ReviewWorld;
let sourceDir: string;
const apis: APIRequestContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(admin);
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  const suffix = uniqueSuffix();
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, suffix);
  const producer = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(producer);
  await signInViaApi(producer, world.producer.email, world.producer.password);

  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-browse-"));
  const file = path.join(sourceDir, "shot.mov");
  await generateFrameNumberedSource(file, RATE_23976, FRAMES);
  const uploaded = [];
  for (const name of REAL_SHOTS) {
    uploaded.push(await uploadVersion(producer, { projectId: world.projectId, filePath: file, fileName: `${name}_v001.mov`, contentType: "video/quicktime", assetName: name }));
  }
  // The same script a producer runs, into this project (its code, as createReviewWorld made it): the
  // rows go through the database's rules and are audited with the server's key (the runner's env).
  const code = `RV_${suffix}`.slice(0, 16).toUpperCase().replace(/[^A-Z0-9_]/g, "_");
  await run("npx", ["tsx", "scripts/run-seed-scale.ts", "--assets", "64", "--versions", "160", "--project", code], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL },
  });
  for (const u of uploaded) await waitForReady(producer, u.versionId);
});

test.afterAll(async () => {
  for (const api of apis) await api.dispose();
  if (sourceDir) fs.rmSync(sourceDir, { recursive: true, force: true });
});

async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId("asset-row").getByRole("link").filter({ hasNotText: /decision/ }).allTextContents();
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("filter by a header count, search a shot, page forward and back; a reload keeps the view", async ({ page }) => {
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(`/projects/${world.projectId}`);
  await expect(page.getByTestId("asset-row").first()).toBeVisible();
  await expectAccessible(page);

  // The "Changes requested" count links to exactly that filter, and lists that many assets.
  const changesCount = page.getByTestId("count-CHANGES_REQUESTED");
  const expected = Number((await changesCount.locator("span").first().textContent())?.replace(/,/g, ""));
  expect(expected).toBeGreaterThan(0);
  await changesCount.click();
  await expect(page).toHaveURL(/reviewState=CHANGES_REQUESTED/);
  await expect(page.getByTestId("asset-row").first()).toBeVisible();
  const states = await page.getByTestId("review-standing").evaluateAll((els) => els.map((e) => e.getAttribute("data-state")));
  expect(states.length).toBe(Math.min(expected, 50));
  expect(new Set(states)).toEqual(new Set(["CHANGES_REQUESTED"]));

  // Search a shot by part of its name, from the filter bar (the count's filter is kept).
  await page.getByTestId("asset-filter-clear").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${world.projectId}$`));
  await page.getByTestId("asset-search").fill("SQ010_SH0020");
  await page.getByTestId("asset-filter-apply").click();
  await expect(page).toHaveURL(/q=SQ010_SH0020/);
  await expect(async () => {
    const names = await rowNames(page);
    expect(names.length).toBe(5); // comp, lgt, anim, fx, plate of that shot
    expect(names.every((n) => n.startsWith("SQ010_SH0020_"))).toBe(true);
  }).toPass();

  // Pages: 66 assets, 50 a page, by name.
  await page.goto(`/projects/${world.projectId}?sort=name`);
  await expect(page.getByTestId("asset-row")).toHaveCount(50);
  const firstPage = await rowNames(page);
  expect(firstPage).toHaveLength(50);
  expect([...firstPage].sort((a, b) => (a < b ? -1 : 1))).toEqual(firstPage);
  await page.getByTestId("page-next").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("page-prev")).toBeVisible();
  await expect(page.getByTestId("asset-row")).toHaveCount(16);
  const secondPage = await rowNames(page);
  expect(secondPage).toHaveLength(16);
  expect(secondPage.filter((n) => firstPage.includes(n))).toEqual([]);
  expect(secondPage).toEqual(expect.arrayContaining(REAL_SHOTS));

  // The list streams in after the page's shell (its loading state shows first): wait for the rows.
  await page.reload();
  await expect(async () => expect(await rowNames(page)).toEqual(secondPage)).toPass();

  await page.getByTestId("page-prev").click();
  await expect(page).toHaveURL(/before=/);
  await expect(async () => expect(await rowNames(page)).toEqual(firstPage)).toPass();
  await page.reload();
  await expect(async () => expect(await rowNames(page)).toEqual(firstPage)).toPass();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "browse-list.png") });
});

test("the grid shows posters, and hovering a card scrubs through its sprite", async ({ page }) => {
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(`/projects/${world.projectId}?sort=name&order=desc`);
  await page.getByTestId("view-grid").click();
  await expect(page).toHaveURL(/view=grid/);
  await expect(page.getByTestId("asset-card").first()).toBeVisible();
  await expectAccessible(page);
  // Seeded rows have no media: their tiles say why instead of showing an empty box.
  await expect(page.getByTestId("asset-card").filter({ hasText: /No poster|Processing failed/ }).first()).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "browse-grid.png") });

  await page.getByTestId("asset-search").fill("SQ900_");
  await page.getByTestId("asset-filter-apply").click();
  await expect(page).toHaveURL(/q=SQ900_/);
  await expect(page).toHaveURL(/view=grid/);
  const card = page.getByTestId("asset-card").filter({ hasText: REAL_SHOTS[0]! });
  const poster = card.getByTestId("asset-poster");
  await expect(poster).toBeVisible();
  await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(card.getByTestId("asset-duration")).toHaveText("0:06");

  const frame = card.getByTestId("asset-card-frame");
  const box = (await frame.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
  const scrub = card.getByTestId("scrub-frame");
  await expect(scrub).toBeVisible();
  const early = await scrub.getAttribute("data-cue-start");
  const earlyPosition = await scrub.evaluate((el) => getComputedStyle(el).backgroundPosition);
  await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2);
  await expect(scrub).not.toHaveAttribute("data-cue-start", early!);
  expect(Number(await scrub.getAttribute("data-cue-start"))).toBeGreaterThan(Number(early));
  expect(await scrub.evaluate((el) => getComputedStyle(el).backgroundPosition)).not.toBe(earlyPosition);
  // The sprite sheet itself loads (through the media route's presigned redirect).
  const sheetLoads = await scrub.evaluate(async (el) => {
    const url = getComputedStyle(el).backgroundImage.replace(/^url\("?|"?\)$/g, "");
    const img = new Image();
    img.src = url;
    await img.decode();
    return img.naturalWidth;
  });
  expect(sheetLoads).toBeGreaterThan(0);
  await page.mouse.move(0, 0);
  await expect(scrub).toHaveCount(0);
  await expect(poster).toBeVisible();
});

test("an address that names no view, and a view that matches nothing, say so", async ({ page }) => {
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(`/projects/${world.projectId}?reviewState=MAYBE`);
  await expect(page.getByTestId("assets-error")).toContainText("reviewState");
  await page.goto(`/projects/${world.projectId}?q=NO_SUCH_SHOT&view=grid`);
  await expect(page.getByTestId("assets-no-match")).toBeVisible();
  await page.getByTestId("assets-no-match").getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${world.projectId}\\?view=grid$`));
  await expect(page.getByTestId("asset-card").first()).toBeVisible();
});
