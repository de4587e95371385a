import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { frameToTimecode, type SourceTimecodeOptions } from "../lib/timecode";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import { createReviewWorld, generateFrameNumberedSource, RATE_23976, readShownFrame, uploadVersion, waitForReady, type ReviewWorld } from "./helpers/media";

/**
 * Watch while it encodes (docs/processing.md): a version plays in the room while the worker is still
 * encoding it, a comment made on the live preview is anchored to the frame shown, and at READY the room
 * switches to the final renditions on the same frame — the picture's own frame number (drawn into every
 * frame) is the same before and after, and so is the comment's.
 */

test.describe.configure({ mode: "serial" });

const TC: SourceTimecodeOptions = { rate: { num: RATE_23976.num, den: RATE_23976.den }, dropFrame: false, start: RATE_23976.startTimecode };
const tc = (frame: number) => frameToTimecode(frame, TC);
// Four minutes at 23.976: the worker needs tens of seconds to encode it on the shared 2-core host, long
// enough for the room to load the preview, seek and comment while the version is still PROCESSING.
const FRAMES = 5760;
const COMMENT_FRAME = 40;

let world: ReviewWorld;
let sourceDir: string;
const apis: APIRequestContext[] = [];

async function apiAs(email: string, password: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: e2eEnv().baseUrl });
  apis.push(ctx);
  await signInViaApi(ctx, email, password);
  return ctx;
}

type Status = { processingState: string; preview: { hlsUrl: string } | null };

async function versionStatus(api: APIRequestContext, versionId: string): Promise<Status> {
  const res = await api.get(`/api/versions/${versionId}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { version: Status }).version;
}

async function goToFrame(page: Page, frame: number): Promise<void> {
  const goTo = page.getByLabel("Go to timecode");
  await goTo.fill(tc(frame));
  await goTo.press("Enter");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
}

test.beforeAll(async () => {
  const env = e2eEnv();
  const admin = await apiAs(env.adminEmail, env.adminPassword);
  const suffix = uniqueSuffix();
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, suffix);
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-e2e-preview-"));
});

test.afterAll(async () => {
  for (const api of apis) await api.dispose();
  fs.rmSync(sourceDir, { recursive: true, force: true });
});

test("plays and takes comments while PROCESSING, then switches to the final renditions on the same frame", async ({ page }) => {
  test.setTimeout(420_000);
  const source = path.join(sourceDir, "long.mov");
  await generateFrameNumberedSource(source, RATE_23976, FRAMES, [], { audio: true });
  const producer = await apiAs(world.producer.email, world.producer.password);
  const { versionId, assetId } = await uploadVersion(producer, {
    projectId: world.projectId,
    filePath: source,
    fileName: "long.mov",
    contentType: "video/quicktime",
    assetName: `Preview ${uniqueSuffix()}`,
  });

  // The supervisor opens the room as soon as the upload is complete: first the processing state…
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(`/projects/${world.projectId}/assets/${assetId}/versions/${versionId}`);
  // …then, once the encode's first segments are in the store, the player on the live preview.
  await expect(page.getByTestId("live-preview")).toBeVisible({ timeout: 120_000 });
  const player = page.getByTestId("player");
  await expect(player).toHaveAttribute("data-ready", "true", { timeout: 60_000 });

  // It plays: the picture moves on from frame 0.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect.poll(async () => Number(await player.getAttribute("data-frame")), { timeout: 30_000 }).toBeGreaterThan(5);
  await page.getByRole("button", { name: "Pause", exact: true }).click();

  // A comment at an exact frame, made on the preview.
  await goToFrame(page, COMMENT_FRAME);
  expect(await readShownFrame(page)).toBe(COMMENT_FRAME);
  const composer = page.getByLabel(/^Comment at /);
  await expect(page.getByTestId("composer-target")).toHaveText(tc(COMMENT_FRAME));
  await composer.fill("Boom in frame, top left (seen on the live preview)");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(composer).toHaveValue("");
  await expect(page.getByTestId("comment-marker")).toHaveAttribute("data-frame", String(COMMENT_FRAME));

  // All of the above happened while the worker was still encoding.
  const during = await versionStatus(producer, versionId);
  expect(during.processingState).toBe("PROCESSING");
  expect(during.preview?.hlsUrl).toBe(`/api/versions/${versionId}/media/preview/master.m3u8`);

  // READY: the room switches to the final ladder by itself (no reload), on the same frame, showing the same picture.
  await waitForReady(producer, versionId, 360_000);
  await expect(page.getByTestId("live-preview")).toHaveCount(0, { timeout: 30_000 });
  await expect(player).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  await expect(player).toHaveAttribute("data-frame", String(COMMENT_FRAME));
  await expect(player).toHaveAttribute("data-busy", "false");
  await expect.poll(() => readShownFrame(page)).toBe(COMMENT_FRAME);
  expect((await versionStatus(producer, versionId)).preview).toBeNull();

  // The comment keeps its frame, and jumping to it from the final renditions shows that very frame.
  const stored = (await (await page.request.get(`/api/versions/${versionId}/comments`)).json()) as { comments: { frameIn: number }[] };
  expect(stored.comments.map((c) => c.frameIn)).toEqual([COMMENT_FRAME]);
  await goToFrame(page, 0);
  await page.locator(`[data-testid="comment-marker"][data-frame="${COMMENT_FRAME}"]`).click();
  await expect(player).toHaveAttribute("data-frame", String(COMMENT_FRAME));
  await expect(player).toHaveAttribute("data-busy", "false");
  expect(await readShownFrame(page)).toBe(COMMENT_FRAME);
});
