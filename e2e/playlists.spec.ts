import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import {
  createReviewWorld,
  generateFrameNumberedSource,
  RATE_23976,
  uploadVersion,
  waitForReady,
  type ReviewUser,
  type ReviewWorld,
} from "./helpers/media";

/**
 * Playlists end to end (docs/playlists.md): a supervisor builds a playlist of three versions of
 * two assets from the project page and from the room, reorders it (buttons, keyboard, drag), plays
 * it in the room stepping next / previous and auto-advancing at the end of a shot, approves a shot
 * there and finds the decision on the playlist page; a viewer sees it read-only and downloads a
 * proxy (a presigned attachment) and the zip of all proxies.
 */

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

/** Two seconds at 23.976: enough to play and end quickly. */
const FRAMES = 48;

let world: ReviewWorld;
let sourceDir: string;
const shots: { label: string; versionId: string; assetId: string }[] = [];
const apis: APIRequestContext[] = [];
let playlistUrl = "";

async function apiAs(user: ReviewUser): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: e2eEnv().baseUrl });
  apis.push(ctx);
  await signInViaApi(ctx, user.email, user.password);
  return ctx;
}

async function expectReady(page: Page): Promise<void> {
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
}

/** The playlist page's shots, as "Shot 010 v2" labels in order. */
async function itemLabels(page: Page): Promise<string[]> {
  return page.getByTestId("playlist-item").getByRole("link", { name: /^Shot / }).allTextContents();
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(admin);
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(
    admin,
    { email: env.adminEmail, password: env.adminPassword, name: "Admin" },
    uniqueSuffix(),
  );
  const producer = await apiAs(world.producer);
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-playlists-"));
  const file = path.join(sourceDir, "shot.mov");
  await generateFrameNumberedSource(file, RATE_23976, FRAMES);
  // Shot 010 v1 and v2, Shot 020 v1.
  const first = await uploadVersion(producer, {
    projectId: world.projectId,
    filePath: file,
    fileName: "shot010_v1.mov",
    contentType: "video/quicktime",
    assetName: "Shot 010",
  });
  const second = await uploadVersion(producer, {
    projectId: world.projectId,
    filePath: file,
    fileName: "shot010_v2.mov",
    contentType: "video/quicktime",
    assetId: first.assetId,
  });
  const third = await uploadVersion(producer, {
    projectId: world.projectId,
    filePath: file,
    fileName: "shot020_v1.mov",
    contentType: "video/quicktime",
    assetName: "Shot 020",
  });
  shots.push(
    { label: "Shot 010 v1", versionId: first.versionId, assetId: first.assetId },
    { label: "Shot 010 v2", versionId: second.versionId, assetId: second.assetId },
    { label: "Shot 020 v1", versionId: third.versionId, assetId: third.assetId },
  );
  for (const s of shots) await waitForReady(producer, s.versionId);
});

test.afterAll(async () => {
  for (const api of apis) await api.dispose();
  if (sourceDir) fs.rmSync(sourceDir, { recursive: true, force: true });
});

test("a supervisor builds a playlist from the project page and the room, and reorders it by button, keyboard and drag", async ({
  page,
}) => {
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(`/projects/${world.projectId}`);
  await page.getByLabel("New playlist name").fill("Dailies E2E");
  await page.getByRole("button", { name: "Create playlist" }).click();
  await expect(page.getByTestId("playlist-name")).toHaveText("Dailies E2E");
  playlistUrl = new URL(page.url()).pathname;
  await expect(page.getByText("This playlist is empty.")).toBeVisible();

  // From the project page: each asset row adds its latest version.
  await page.goto(`/projects/${world.projectId}`);
  for (const label of ["Shot 020 v1", "Shot 010 v2"]) {
    await page.getByRole("button", { name: `Add ${label} to a playlist` }).click();
    await page.getByRole("menuitem", { name: /Dailies E2E/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to Dailies E2E" }).first()).toBeVisible();
  }
  // From the room of an older version.
  await page.goto(`/projects/${world.projectId}/assets/${shots[0]!.assetId}/versions/${shots[0]!.versionId}`);
  await page.getByRole("button", { name: "Add to playlist" }).click();
  await page.getByRole("menuitem", { name: /Dailies E2E/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added to Dailies E2E" })).toBeVisible();

  await page.goto(playlistUrl);
  await expect.poll(() => itemLabels(page)).toEqual(["Shot 020 v1", "Shot 010 v2", "Shot 010 v1"]);

  // A button, then the keyboard on the button that keeps the focus on the moved row.
  await page.getByRole("button", { name: "Move Shot 010 v1 up" }).click();
  await expect.poll(() => itemLabels(page)).toEqual(["Shot 020 v1", "Shot 010 v1", "Shot 010 v2"]);
  await expect(page.getByRole("button", { name: "Move Shot 010 v1 up" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(() => itemLabels(page)).toEqual(["Shot 010 v1", "Shot 020 v1", "Shot 010 v2"]);
  await expect(page.getByRole("status").filter({ hasText: "Shot 010 v1 moved to position 1 of 3." })).toBeAttached();

  // Drag the last shot onto the second place.
  const rows = page.getByTestId("playlist-item");
  await rows.nth(2).dragTo(rows.nth(1));
  await expect.poll(() => itemLabels(page)).toEqual(["Shot 010 v1", "Shot 010 v2", "Shot 020 v1"]);
  // The order is the server's: a reload shows the same.
  await page.reload();
  await expect.poll(() => itemLabels(page)).toEqual(["Shot 010 v1", "Shot 010 v2", "Shot 020 v1"]);

  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))).toEqual([]);
});

test("playing it steps next and previous, auto-advances at the end of a shot, and a decision there shows on the playlist page", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(playlistUrl);
  await page.getByTestId("play-playlist").click();
  const strip = page.getByTestId("playlist-strip");
  await expect(page).toHaveURL(/\/play\?item=1$/);
  await expect(strip.getByTestId("playlist-position")).toHaveText("Shot 1 of 3");
  await expectReady(page);
  await expect(page.locator("#version-switcher")).toHaveValue(shots[0]!.versionId);

  await strip.getByRole("button", { name: "Next shot" }).click();
  await expect(page).toHaveURL(/\/play\?item=2$/);
  await expect(strip.getByTestId("playlist-position")).toHaveText("Shot 2 of 3");
  await expectReady(page);
  await expect(page.locator("#version-switcher")).toHaveValue(shots[1]!.versionId);
  await strip.getByRole("button", { name: "Previous shot" }).click();
  await expect(page).toHaveURL(/\/play\?item=1$/);
  await expectReady(page);
  await expect(page.locator("#version-switcher")).toHaveValue(shots[0]!.versionId);

  // Play from near the end of shot 1: the room moves on to shot 2 by itself.
  await page.getByRole("button", { name: "Last frame" }).click();
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(FRAMES - 1));
  await page.getByRole("button", { name: "Previous frame" }).click();
  for (let i = 0; i < 8; i++) await page.getByRole("button", { name: "Previous frame" }).click();
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page).toHaveURL(/\/play\?item=2$/, { timeout: 15_000 });
  await expect(strip.getByTestId("playlist-position")).toHaveText("Shot 2 of 3");
  await expectReady(page);

  // Shot 2's own room: approve it there (the version's decision, through the version's API).
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm: Approve" }).click();
  await expect(page.getByTestId("review-state")).toHaveAttribute("data-state", "APPROVED");
  await expect(strip.getByRole("button", { name: /2\. Shot 010 v2/ })).toHaveAttribute("data-state", "APPROVED", {
    timeout: 15_000,
  });

  // With auto-advance off, the end of a shot stays on it.
  await strip.getByLabel("Auto-advance").uncheck();
  await page.getByRole("button", { name: "Last frame" }).click();
  for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Previous frame" }).click();
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "true");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "false", { timeout: 10_000 });
  // Ended and paused; give an auto-advance that should not happen the time to happen.
  await page.waitForTimeout(1000);
  await expect(page).toHaveURL(/\/play\?item=2$/);

  await page.goto(playlistUrl);
  const decisions = page.getByTestId("playlist-item-decision");
  await expect(decisions).toHaveText(["In review", "Approved", "In review"]);
  await expect(decisions.nth(1)).toHaveAttribute("data-state", "APPROVED");
});

test("a viewer watches read-only and downloads a proxy and the zip of all proxies", async ({ page }) => {
  await signInViaApi(page.request, world.viewer.email, world.viewer.password);
  await page.goto(playlistUrl);
  await expect.poll(() => itemLabels(page)).toEqual(["Shot 010 v1", "Shot 010 v2", "Shot 020 v1"]);
  await expect(page.getByRole("button", { name: /^Move / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete playlist" })).toHaveCount(0);

  const [proxy] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the proxy of Shot 010 v2" }).click(),
  ]);
  expect(proxy.suggestedFilename()).toBe("Shot_010_v002_proxy.mp4");
  const proxyBytes = fs.readFileSync((await proxy.path())!);
  // An MP4: the first box is ftyp.
  expect(proxyBytes.subarray(4, 8).toString("latin1")).toBe("ftyp");

  const [zip] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download all proxies (zip)" }).click(),
  ]);
  expect(zip.suggestedFilename()).toBe("Dailies_E2E_proxies.zip");
  const zipBytes = fs.readFileSync((await zip.path())!);
  expect(zipBytes.readUInt32LE(0)).toBe(0x04034b50);
  for (const name of ["01_Shot_010_v001.mp4", "02_Shot_010_v002.mp4", "03_Shot_020_v001.mp4"])
    expect(zipBytes.includes(Buffer.from(name))).toBe(true);

  // The master is not the viewer's to take.
  const master = await page.request.get(`/api/versions/${shots[0]!.versionId}/download/master`, { maxRedirects: 0 });
  expect(master.status()).toBe(403);
});
