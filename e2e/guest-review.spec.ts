import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import postgres from "postgres";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import { drag, inkAt, type Point } from "./helpers/drawing-pixels";
import { createReviewWorld, generateFrameNumberedSource, RATE_23976, uploadVersion, waitForReady, type ReviewWorld } from "./helpers/media";

/**
 * Review links end to end (docs/review-links.md): a producer shares a playlist of three versions
 * with a passphrase from the playlist page; in a fresh browser context a guest enters the
 * passphrase and a name, plays the first shot under the watermark, draws a stroke on a frame with the
 * room's tools and comments there, and moves to the next shot; the producer sees the guest's comment,
 * and its drawing on that frame, in the room; the guest page is
 * keyboard-reachable and axe-clean; the guest's cookie opens no member or admin API; revoking the
 * link makes it answer 404 and takes the player off the guest's open page within a minute; an
 * expired link answers 410.
 */

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS =
  process.env.AXIOM_UPDATE_SCREENSHOTS === "1" ? path.join(__dirname, "..", "docs", "screenshots") : path.join(__dirname, "..", "test-results", "screenshots");
const FRAMES = 48;
const PASSPHRASE = "north light 42";
/** The guest's pen stroke (a straight drag), and a point halfway along it, in picture fractions. */
const STROKE: { from: Point; to: Point } = { from: [0.2, 0.75], to: [0.55, 0.35] };
const ON_STROKE: Point = [0.375, 0.55];

let world: ReviewWorld;
let producer: APIRequestContext;
let sourceDir: string;
let playlistId = "";
let linkUrl = "";
const shots: { versionId: string; assetId: string }[] = [];

async function expectAxeClean(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))).toEqual([]);
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, uniqueSuffix());
  await admin.dispose();
  producer = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  await signInViaApi(producer, world.producer.email, world.producer.password);
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-guests-"));
  const file = path.join(sourceDir, "shot.mov");
  await generateFrameNumberedSource(file, RATE_23976, FRAMES);
  for (const name of ["Shot 010", "Shot 020", "Shot 030"]) {
    const v = await uploadVersion(producer, { projectId: world.projectId, filePath: file, fileName: `${name}.mov`, contentType: "video/quicktime", assetName: name });
    shots.push(v);
  }
  for (const s of shots) await waitForReady(producer, s.versionId);
  const created = await producer.post(`/api/projects/${world.projectId}/playlists`, { data: { name: "Client dailies" } });
  expect(created.status()).toBe(201);
  playlistId = ((await created.json()) as { playlist: { id: string } }).playlist.id;
  for (const s of shots) expect((await producer.post(`/api/playlists/${playlistId}/items`, { data: { versionId: s.versionId } })).status()).toBe(201);
});

test.afterAll(async () => {
  await producer?.dispose();
  if (sourceDir) fs.rmSync(sourceDir, { recursive: true, force: true });
});

test("a producer shares the playlist with a passphrase from the playlist page", async ({ page }) => {
  await signInViaApi(page.request, world.producer.email, world.producer.password);
  await page.goto(`/projects/${world.projectId}/playlists/${playlistId}`);
  await page.getByRole("button", { name: "Share" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Client review E2E");
  await dialog.getByLabel(/^Passphrase/).fill(PASSPHRASE);
  await expect(dialog.getByLabel(/Watermark playback/)).toBeChecked();
  await dialog.getByRole("button", { name: "Create link" }).click();
  linkUrl = await dialog.getByTestId("share-url").inputValue();
  expect(linkUrl).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "Done" }).click();

  await page.goto(`/projects/${world.projectId}`);
  const row = page.getByTestId("review-link-row").filter({ hasText: "Client review E2E" });
  await expect(row).toContainText("Playlist Client dailies");
  await expect(row).toContainText("live");
});

test("a guest enters the passphrase and a name, plays shot 1, comments at a frame, moves on; the producer sees it; revoking stops the page", async ({
  browser,
  page,
}) => {
  test.setTimeout(240_000);
  const guestContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const guest = await guestContext.newPage();
  await guest.goto(linkUrl);
  await expect(guest).toHaveURL(/\/watch$/);
  await expect(guest.getByRole("heading", { name: "Client review E2E" })).toBeVisible();
  await expectAxeClean(guest);
  await guest.screenshot({ path: path.join(SCREENSHOTS, "guest-review-passphrase.png") });
  await guest.getByLabel("Passphrase").fill("wrong guess");
  await guest.getByRole("button", { name: "Continue" }).click();
  await expect(guest.getByRole("alert").filter({ hasText: "That passphrase is not right." })).toBeVisible();
  await guest.getByLabel("Passphrase").fill(PASSPHRASE);
  // Keyboard: Enter submits.
  await guest.getByLabel("Passphrase").press("Enter");
  await guest.getByLabel("Your name").fill("Dana Client");
  await guest.getByLabel(/^E-mail/).fill("dana@client.example");
  await expectAxeClean(guest);
  await guest.getByRole("button", { name: "Start watching" }).click();

  await expect(guest.getByTestId("guest-shot-position")).toHaveText("Shot 1 of 3");
  const player = guest.getByTestId("player");
  await expect(player).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
  await expect(guest.getByTestId("guest-watermark")).toHaveAttribute("data-watermark-text", "Dana Client (dana@client.example)");

  // Play, pause, then park on frame 12 and note it.
  await guest.getByRole("button", { name: "Play", exact: true }).click();
  await expect(player).toHaveAttribute("data-playing", "true");
  await guest.getByRole("button", { name: "Pause", exact: true }).click();
  await guest.getByRole("button", { name: "First frame" }).click();
  await expect(player).toHaveAttribute("data-frame", "0");
  for (let i = 0; i < 12; i++) await guest.getByRole("button", { name: "Next frame" }).click();
  await expect(player).toHaveAttribute("data-frame", "12");
  await guest.getByLabel("Comment on the frame on screen").fill("The logo is too small here");
  // The guest draws with the room's tools: a pen stroke, which goes with the note.
  await guest.getByRole("button", { name: "Draw", exact: true }).click();
  await expect(guest.getByTestId("drawing-layer")).toHaveAttribute("data-mode", "draw");
  await guest.getByRole("toolbar", { name: "Drawing tools" }).getByRole("button", { name: "Pen" }).click();
  await drag(guest, STROKE.from, STROKE.to);
  await expect(guest.getByTestId("drawing-shape-count")).toHaveText("Drawing: 1 shape");
  expect((await inkAt(guest, [ON_STROKE]))[0]).toBeGreaterThan(200);
  await guest.screenshot({ path: path.join(SCREENSHOTS, "guest-review.png") });
  await guest.getByRole("button", { name: "Add comment" }).click();
  const note = guest.getByTestId("guest-comment").filter({ hasText: "The logo is too small here" });
  await expect(note).toContainText("Dana Client (guest)");
  // Stored with the note, it shows on frame 12 for the guest as a stored drawing (the editor is empty again).
  await expect(guest.getByTestId("drawing-layer")).toHaveAttribute("data-mode", "view");
  await expect(guest.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "1");
  expect((await inkAt(guest, [ON_STROKE]))[0]).toBeGreaterThan(200);
  await expectAxeClean(guest);

  // Keyboard-reachable: the next shot with Tab focus and Enter.
  await guest.getByRole("button", { name: "Next shot" }).focus();
  await guest.keyboard.press("Enter");
  await expect(guest.getByTestId("guest-shot-position")).toHaveText("Shot 2 of 3");
  await expect(player).toHaveAttribute("data-ready", "true", { timeout: 90_000 });

  // The guest's cookie is no member session: the members' and the admins' API answer 401.
  expect((await guestContext.request.get(`/api/versions/${shots[0]!.versionId}`)).status()).toBe(401);
  expect((await guestContext.request.get(`/api/versions/${shots[0]!.versionId}/download/master`, { maxRedirects: 0 })).status()).toBe(401);
  expect((await guestContext.request.get("/api/admin/users")).status()).toBe(401);

  // The producer sees the guest's note in the room of shot 1.
  await signInViaApi(page.request, world.producer.email, world.producer.password);
  await page.goto(`/projects/${world.projectId}/assets/${shots[0]!.assetId}/versions/${shots[0]!.versionId}`);
  const guestNote = page.locator("[data-comment-id]").filter({ hasText: "The logo is too small here" });
  await expect(guestNote).toContainText("Dana Client (guest)");
  // ...and its drawing on frame 12, stored as a member's would be.
  const roomComments = (await (await page.request.get(`/api/versions/${shots[0]!.versionId}/comments`)).json()) as {
    comments: { body: string; frameIn: number; drawing: { v: number; shapes: { type: string }[] } | null }[];
  };
  expect(roomComments.comments.find((c) => c.body === "The logo is too small here")).toMatchObject({ frameIn: 12, drawing: { v: 1, shapes: [{ type: "freehand" }] } });
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
  await guestNote.getByTestId("comment-jump").click();
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", "12");
  await expect(page.getByTestId("drawing-layer")).toHaveAttribute("data-drawings", "1");
  await expect.poll(async () => (await inkAt(page, [ON_STROKE]))[0]).toBeGreaterThan(200);

  // Revoke: the link answers 404 at once, and the guest's open page stops within a minute.
  await guest.getByRole("button", { name: "Play", exact: true }).click();
  await page.goto(`/projects/${world.projectId}`);
  await page.getByRole("button", { name: "Revoke Client review E2E" }).click();
  await expect(page.getByTestId("review-link-row").filter({ hasText: "Client review E2E" })).toContainText("revoked");
  const revokedAt = Date.now();
  expect((await guestContext.request.get(linkUrl, { maxRedirects: 0 })).status()).toBe(404);
  await expect(guest.getByTestId("guest-link-ended")).toBeVisible({ timeout: 60_000 });
  const stoppedAfterMs = Date.now() - revokedAt;
  console.log(`[guest-review] the guest page stopped ${stoppedAfterMs} ms after the revocation`);
  expect(stoppedAfterMs).toBeLessThan(60_000);
  await expect(guest.locator("video")).toHaveCount(0);
  await guest.screenshot({ path: path.join(SCREENSHOTS, "guest-review-revoked.png") });
  await guestContext.close();
});

test("an expired link answers 410", async () => {
  const created = await producer.post(`/api/projects/${world.projectId}/review-links`, {
    data: {
      name: "Soon expired",
      versionId: shots[0]!.versionId,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      allowComments: false,
      allowDownload: false,
    },
  });
  expect(created.status()).toBe(201);
  const { link, url } = (await created.json()) as { link: { id: string }; url: string };
  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1 });
  try {
    await sql`update review_links set expires_at = now() - interval '1 second' where id = ${link.id}`;
  } finally {
    await sql.end();
  }
  const answer = await producer.get(url, { maxRedirects: 0 });
  expect(answer.status()).toBe(410);
  expect(await answer.text()).toContain("This review link has expired");
});
