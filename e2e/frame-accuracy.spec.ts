import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { frameToTimecode, timecodeToFrame, type SourceTimecodeOptions } from "../lib/timecode";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import {
  createReviewWorld,
  generateFrameNumberedSource,
  RATE_23976,
  RATE_2997_DF,
  readShownFrame,
  uploadVersion,
  waitForReady,
  type ReviewWorld,
  type TestRate,
} from "./helpers/media";

/**
 * Frame accuracy of the review room, read back from the pixels: every frame of the test sources
 * draws its own number as a 4×4 bit grid (helpers/media.ts). For each seek, step and marker click
 * the test decodes the picture on screen and requires it to equal the frame the UI shows and,
 * for comments, the frame the comment stores. Zero mismatches, at 23.976 and at 29.97 drop-frame.
 */

const SEEKS = 50;
const FRAMES: Record<string, number> = { [RATE_23976.name]: 120, [RATE_2997_DF.name]: 150 };

test.describe.configure({ mode: "serial" });

let world: ReviewWorld;
const versions = new Map<string, { url: string; versionId: string }>();
const contexts: APIRequestContext[] = [];

async function signedInRequest(email: string, password: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: e2eEnv().baseUrl });
  contexts.push(ctx);
  await signInViaApi(ctx, email, password);
  return ctx;
}

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await signedInRequest(env.adminEmail, env.adminPassword);
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, uniqueSuffix());
  const producer = await signedInRequest(world.producer.email, world.producer.password);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-frames-"));
  for (const rate of [RATE_23976, RATE_2997_DF]) {
    const file = path.join(dir, `frames-${rate.num}.mov`);
    await generateFrameNumberedSource(file, rate, FRAMES[rate.name]!);
    const uploaded = await uploadVersion(producer, {
      projectId: world.projectId,
      filePath: file,
      fileName: path.basename(file),
      contentType: "video/quicktime",
      assetName: `Frames ${rate.name}`,
    });
    await waitForReady(producer, uploaded.versionId);
    versions.set(rate.name, {
      versionId: uploaded.versionId,
      url: `/projects/${world.projectId}/assets/${uploaded.assetId}/versions/${uploaded.versionId}`,
    });
  }
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
});

/** Deterministic pseudo-random frames (mulberry32) so a failure can be replayed. */
function randomFrames(count: number, frameCount: number, seed: number): number[] {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const frames = [0, frameCount - 1];
  while (frames.length < count) frames.push(Math.floor(next() * frameCount));
  return frames;
}

interface Reading {
  action: string;
  expected: number;
  ui: number;
  readout: number;
  pixels: number;
}

/** Waits for the player to settle on `expected` (or give up after a while), then reads UI and pixels. */
async function readAfter(page: Page, action: string, expected: number, tc: SourceTimecodeOptions): Promise<Reading> {
  await page
    .waitForFunction(
      (exp) => {
        const el = document.querySelector<HTMLElement>('[data-testid="player"]');
        return el?.dataset.busy === "false" && el.dataset.frame === String(exp);
      },
      expected,
      { timeout: 8000 },
    )
    .catch(() => undefined);
  // Give a wrong frame the chance to show up too: nothing may change after the UI settled.
  await page.waitForTimeout(50);
  const ui = Number(await page.getByTestId("player").getAttribute("data-frame"));
  const text = (await page.getByTestId("frame-readout").textContent())?.trim() ?? "";
  const readout = timecodeToFrame(text, tc);
  const pixels = await readShownFrame(page);
  return { action, expected, ui, readout, pixels };
}

function mismatches(readings: readonly Reading[]): Reading[] {
  return readings.filter((r) => r.ui !== r.expected || r.readout !== r.expected || r.pixels !== r.expected);
}

for (const rate of [RATE_23976, RATE_2997_DF] satisfies TestRate[]) {
  test(`frame accuracy at ${rate.name}: seeks by timecode, arrow steps and comment markers`, async ({ page }) => {
    test.setTimeout(480_000);
    const { url, versionId } = versions.get(rate.name)!;
    const frameCount = FRAMES[rate.name]!;
    const tc: SourceTimecodeOptions = { rate: { num: rate.num, den: rate.den }, dropFrame: rate.dropFrame, start: rate.startTimecode };
    await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
    await page.goto(url);
    await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
    const readings: Reading[] = [];

    // 1. Seeks: type the timecode into the "go to" field (at 29.97 DF the clip crosses minute 1,
    //    whose first two labels are dropped, so some of these land either side of the drop).
    const goTo = page.getByLabel("Go to timecode");
    for (const frame of randomFrames(SEEKS, frameCount, rate.num)) {
      const timecode = frameToTimecode(frame, tc);
      await goTo.fill(timecode);
      await goTo.press("Enter");
      readings.push(await readAfter(page, `seek ${timecode}`, frame, tc));
    }

    // 1b. Drop-frame: the label typed just after a dropped pair is the frame after the one before
    //     it, and a dropped label is refused rather than rounded to a neighbour.
    if (rate.dropFrame) {
      expect(frameToTimecode(9, tc)).toBe("00:00:59;29");
      await goTo.fill("00:01:00;02");
      await goTo.press("Enter");
      readings.push(await readAfter(page, "seek 00:01:00;02 (after the drop)", 10, tc));
      expect(await readShownFrame(page)).toBe(10);
      await expect(page.getByTestId("frame-readout")).toHaveText("00:01:00;02");
      await goTo.fill("00:01:00;00");
      await goTo.press("Enter");
      await expect(page.locator("#player-goto-error")).toBeVisible();
      await expect(page.getByTestId("player")).toHaveAttribute("data-frame", "10");
    }

    // 2. Steps with the arrow keys (timeline focused, so the keys reach the player).
    await goTo.fill(frameToTimecode(40, tc));
    await goTo.press("Enter");
    readings.push(await readAfter(page, "seek 40", 40, tc));
    const timeline = page.getByRole("slider", { name: "Timeline" });
    await timeline.focus();
    let frame = 40;
    const steps: [string, number][] = [
      ...Array.from({ length: 12 }, () => ["ArrowRight", 1] as [string, number]),
      ...Array.from({ length: 8 }, () => ["ArrowLeft", -1] as [string, number]),
      ["Shift+ArrowRight", Math.round(rate.num / rate.den)],
      ["Shift+ArrowLeft", -Math.round(rate.num / rate.den)],
      ["Home", -frame],
    ];
    for (const [key, delta] of steps) {
      await page.keyboard.press(key);
      frame = key === "Home" ? 0 : frame + delta;
      readings.push(await readAfter(page, key, frame, tc));
    }
    await page.keyboard.press("End");
    readings.push(await readAfter(page, "End", frameCount - 1, tc));

    // 3. Comments: written in the composer at frames reached by seeking, stored by the API, then
    //    every marker clicked.
    // Spread over the clip so no two markers overlap on the timeline (each must be clickable).
    const jitter = randomFrames(6, 6, rate.num + 7).slice(2);
    const commentFrames = [0.12, 0.37, 0.61, 0.86].map((at, i) => Math.floor(at * frameCount) + jitter[i]!);
    for (const f of commentFrames) {
      await goTo.fill(frameToTimecode(f, tc));
      await goTo.press("Enter");
      readings.push(await readAfter(page, `seek for comment ${f}`, f, tc));
      await page.getByLabel(/^Comment at /).fill(`Frame check ${f}`);
      await page.getByRole("button", { name: "Comment", exact: true }).click();
      await expect(page.getByLabel(/^Comment at /)).toHaveValue("");
    }
    const stored = await page.request.get(`/api/versions/${versionId}/comments`);
    const comments = ((await stored.json()) as { comments: { id: string; frameIn: number; body: string }[] }).comments;
    expect(comments.map((c) => c.frameIn).sort((a, b) => a - b)).toEqual([...commentFrames].sort((a, b) => a - b));
    for (const c of comments) expect(c.body).toBe(`Frame check ${c.frameIn}`);

    await expect(page.getByTestId("comment-marker")).toHaveCount(comments.length);
    await goTo.fill(frameToTimecode(0, tc));
    await goTo.press("Enter");
    readings.push(await readAfter(page, "seek 0", 0, tc));
    for (const c of comments) {
      await page.locator(`[data-testid="comment-marker"][data-frame="${c.frameIn}"]`).first().click();
      readings.push(await readAfter(page, `marker ${c.frameIn}`, c.frameIn, tc));
    }

    const bad = mismatches(readings);
    test.info().annotations.push({
      type: "frame accuracy",
      description: `${rate.name}: ${readings.length - bad.length}/${readings.length} readings exact`,
    });
    console.log(`[frame-accuracy] ${rate.name}: ${readings.length - bad.length}/${readings.length} exact (t0=${await page.getByTestId("player").getAttribute("data-t0")})`);
    expect(bad, JSON.stringify(bad.slice(0, 10))).toEqual([]);
  });
}
