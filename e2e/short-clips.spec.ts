import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import { createReviewWorld, generateFrameNumberedSource, RATE_23976, readShownFrame, uploadVersion, waitForReady, type ReviewWorld } from "./helpers/media";

/**
 * Issue 8 in the browser: the clips that used to end "damaged" (1 frame, 5 frames) play in the room on
 * exactly their frames, and a portrait phone clip (display matrix) is shown portrait.
 */

test.describe.configure({ mode: "serial" });

let world: ReviewWorld;
const urls = new Map<string, string>();
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  contexts.push(admin);
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, uniqueSuffix());
  const producer = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  contexts.push(producer);
  await signInViaApi(producer, world.producer.email, world.producer.password);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-short-"));
  const sources: { name: string; file: string; contentType: string }[] = [];
  for (const frames of [1, 5]) {
    const file = path.join(dir, `frames-${frames}.mov`);
    await generateFrameNumberedSource(file, RATE_23976, frames);
    sources.push({ name: `${frames} frames`, file, contentType: "video/quicktime" });
  }
  // A phone held upright: landscape-coded pixels with a display matrix of a quarter turn, as phones write.
  const landscape = path.join(dir, "landscape.mp4");
  execFileSync("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=1",
    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", landscape,
  ]);
  const portrait = path.join(dir, "portrait.mp4");
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", landscape, "-c", "copy", "-metadata:s:v:0", "rotate=90", portrait]);
  sources.push({ name: "portrait", file: portrait, contentType: "video/mp4" });

  for (const s of sources) {
    const uploaded = await uploadVersion(producer, {
      projectId: world.projectId,
      filePath: s.file,
      fileName: path.basename(s.file),
      contentType: s.contentType,
      assetName: `Short ${s.name}`,
    });
    await waitForReady(producer, uploaded.versionId);
    urls.set(s.name, `/projects/${world.projectId}/assets/${uploaded.assetId}/versions/${uploaded.versionId}`);
  }
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
});

for (const frames of [1, 5]) {
  test(`a ${frames}-frame version plays in the room on exactly its ${frames} frame(s)`, async ({ page }) => {
    await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
    await page.goto(urls.get(`${frames} frames`)!);
    const player = page.getByTestId("player");
    await expect(player).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
    await expect.poll(() => readShownFrame(page)).toBe(0);
    // Step to the end and one past it: the picture follows each step and stops on the last frame.
    for (let expected = 1; expected <= frames; expected += 1) {
      await page.keyboard.press("ArrowRight");
      const want = Math.min(expected, frames - 1);
      await expect(player).toHaveAttribute("data-frame", String(want));
      await expect.poll(() => readShownFrame(page)).toBe(want);
    }
    await page.keyboard.press("Home");
    await expect(player).toHaveAttribute("data-frame", "0");
    await expect.poll(() => readShownFrame(page)).toBe(0);
  });
}

test("a portrait phone clip (display matrix) is shown portrait", async ({ page }) => {
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(urls.get("portrait")!);
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  const video = page.locator('[data-testid="player-primary"] video');
  const size = await video.evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, height: v.videoHeight }));
  expect(size.height).toBeGreaterThan(size.width);
  const box = await video.boundingBox();
  expect(box).not.toBeNull();
  // object-contain: the picture drawn inside the element keeps the video's portrait aspect.
  const drawn = await video.evaluate((v: HTMLVideoElement) => {
    const r = v.getBoundingClientRect();
    const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    return { width: v.videoWidth * scale, height: v.videoHeight * scale };
  });
  expect(drawn.height).toBeGreaterThan(drawn.width);
  await page.screenshot({ path: test.info().outputPath("portrait-room.png") });
});
