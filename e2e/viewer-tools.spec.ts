import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, request as playwrightRequest, test } from "@playwright/test";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import {
  createReviewWorld,
  frameNumberInPicture,
  generateFrameNumberedSource,
  RATE_23976,
  type ReviewWorld,
  readShownFrame,
  uploadVersion,
  waitForReady,
} from "./helpers/media";

/**
 * The viewer tools mounted in the review room (issue 11 #3, #4): playback rate measured on the frame
 * clock, safe-area/aspect guides on the letterboxed picture, the waveform strip, the frame grab and
 * the notes exports (CSV, EDL, PDF through the worker), the help dialog and axe with the tools open.
 *
 * One asset: v1 frame-numbered without sound (48 frames), v2 frame-numbered with a 440 Hz tone
 * (240 frames, 10 s), three notes on v2 (one a range).
 */

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS =
  process.env.AXIOM_UPDATE_SCREENSHOTS === "1"
    ? path.join(__dirname, "..", "docs", "screenshots")
    : path.join(__dirname, "..", "test-results", "screenshots");

const FRAMES_V2 = 240;
const FRAMES_V1 = 48;

let world: ReviewWorld;
let assetUrl = "";
let v1 = "";
let v2 = "";

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(admin, { email: env.adminEmail, password: env.adminPassword, name: "Admin" }, uniqueSuffix());
  const producer = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  await signInViaApi(producer, world.producer.email, world.producer.password);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-tools-"));
  const silent = path.join(dir, "v1.mov");
  const sound = path.join(dir, "v2.mov");
  await generateFrameNumberedSource(silent, RATE_23976, FRAMES_V1);
  await generateFrameNumberedSource(sound, RATE_23976, FRAMES_V2, [], { audio: true });
  const first = await uploadVersion(producer, {
    projectId: world.projectId,
    filePath: silent,
    fileName: "v1.mov",
    contentType: "video/quicktime",
    assetName: "Viewer tools",
  });
  await waitForReady(producer, first.versionId);
  const second = await uploadVersion(producer, {
    projectId: world.projectId,
    assetId: first.assetId,
    filePath: sound,
    fileName: "v2.mov",
    contentType: "video/quicktime",
  });
  await waitForReady(producer, second.versionId);
  v1 = first.versionId;
  v2 = second.versionId;
  assetUrl = `/projects/${world.projectId}/assets/${first.assetId}`;

  const supervisor = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  await signInViaApi(supervisor, world.supervisor.email, world.supervisor.password);
  for (const note of [
    { frameIn: 12, body: "Boom in frame, top left." },
    { frameIn: 24, frameOut: 47, body: "Grade drifts warm over this range" },
    { frameIn: 100, body: "Hold this frame two more" },
  ]) {
    const res = await supervisor.post(`/api/versions/${v2}/comments`, { data: note });
    expect(res.status(), await res.text()).toBe(201);
  }
  await Promise.all([admin.dispose(), producer.dispose(), supervisor.dispose()]);
});

async function openRoom(page: Page, versionId: string, query = ""): Promise<void> {
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(`${assetUrl}/versions/${versionId}${query}`);
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
}

async function goToFrame(page: Page, frame: number): Promise<void> {
  const goTo = page.getByLabel("Go to timecode");
  await goTo.fill(`#${frame}`);
  await goTo.press("Enter");
  await expect(page.getByTestId("player")).toHaveAttribute("data-frame", String(frame));
  await expect(page.getByTestId("player")).toHaveAttribute("data-busy", "false");
}

/**
 * Plays from frame 0 and measures the frame clock (the stage's data-frame, what the readout shows)
 * against wall time over `ms`, after a short warm-up: frames per wall second.
 */
async function measurePlayback(page: Page, ms: number): Promise<{ framesPerSecond: number; playbackRate: number; preservesPitch: boolean }> {
  await goToFrame(page, 0);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "true");
  const measured = await page.evaluate(async (duration) => {
    const stage = document.querySelector('[data-testid="player"]');
    const video = document.querySelector<HTMLVideoElement>('[data-testid="player-primary"] video');
    if (!stage || !video) throw new Error("no player");
    const frame = () => Number(stage.getAttribute("data-frame"));
    const nextPaint = () => new Promise((resolve) => requestAnimationFrame(resolve));
    // Warm-up: the first frames after play are the decoder catching up, not the rate.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await nextPaint();
    const f0 = frame();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, duration));
    await nextPaint();
    const f1 = frame();
    const t1 = performance.now();
    return { framesPerSecond: ((f1 - f0) * 1000) / (t1 - t0), playbackRate: video.playbackRate, preservesPitch: video.preservesPitch };
  }, ms);
  await page.keyboard.press("k");
  await expect(page.getByTestId("player")).toHaveAttribute("data-playing", "false");
  return measured;
}

/** axe-core (WCAG 2.1 A/AA): nothing serious or critical (within `include`, when given). */
async function expectAxeClean(page: Page, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const results = await (include ? builder.include(include) : builder).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))).toEqual([]);
}

test("0.5× plays at half the frame clock's 1× speed, with the pitch kept; Shift+< / Shift+> step the rate", async ({ page }) => {
  await openRoom(page, v2);
  const rateMenu = page.getByTestId("playback-rate");
  await expect(rateMenu).toHaveAttribute("data-rate", "1");

  const normal = await measurePlayback(page, 2500);
  expect(normal.playbackRate).toBe(1);

  await rateMenu.click();
  await page.getByRole("menuitemradio", { name: "0.5×" }).click();
  await expect(rateMenu).toHaveAttribute("data-rate", "0.5");
  const half = await measurePlayback(page, 2500);
  expect(half.playbackRate).toBe(0.5);
  expect(half.preservesPitch).toBe(true);

  // Same run, same machine: the ratio, not absolute timings (23.976 fps is ~24 frames a second at 1×).
  expect(normal.framesPerSecond).toBeGreaterThan(10);
  const ratio = half.framesPerSecond / normal.framesPerSecond;
  console.log(`rate: 1× ${normal.framesPerSecond.toFixed(2)} fps, 0.5× ${half.framesPerSecond.toFixed(2)} fps, ratio ${ratio.toFixed(3)}`);
  expect(ratio, `1×: ${normal.framesPerSecond.toFixed(1)} fps, 0.5×: ${half.framesPerSecond.toFixed(1)} fps`).toBeGreaterThan(0.35);
  expect(ratio).toBeLessThan(0.65);

  // The keys walk the ladder and stop at its ends.
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("Shift+Comma");
  await expect(rateMenu).toHaveAttribute("data-rate", "0.25");
  await page.keyboard.press("Shift+Comma");
  await expect(rateMenu).toHaveAttribute("data-rate", "0.25");
  for (const expected of ["0.5", "1", "2", "2"]) {
    await page.keyboard.press("Shift+Period");
    await expect(rateMenu).toHaveAttribute("data-rate", expected);
  }
});

/** The picture's rect on the page: the <video>'s box with the frame fitted in it (object-fit: contain). */
async function pictureRect(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="player-primary"] video');
    if (!video) throw new Error("no video");
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const width = video.videoWidth * scale;
    const height = video.videoHeight * scale;
    return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
  });
}

function expectRectNear(actual: { x: number; y: number; width: number; height: number } | null, expected: typeof actual): void {
  expect(actual).not.toBeNull();
  expect(expected).not.toBeNull();
  for (const k of ["x", "y", "width", "height"] as const) expect(Math.abs(actual![k] - expected![k]), k).toBeLessThan(1.5);
}

test("guides: G shows and hides the chosen set on the letterboxed picture; the menu adds 2.39 and the choice is remembered", async ({
  page,
}) => {
  await openRoom(page, v2);
  const overlay = page.getByTestId("guides-overlay");
  await expect(overlay).toHaveCount(0);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("g");
  await expect(overlay).toHaveAttribute("data-guides", "action_safe title_safe");

  // The guides follow the picture fitted in the <video>'s box (letterboxed or pillarboxed), not the box.
  const picture = await pictureRect(page);
  const action = await overlay.locator('[data-guide="action_safe"] rect').boundingBox();
  expectRectNear(action, {
    x: picture.x + picture.width * 0.05,
    y: picture.y + picture.height * 0.05,
    width: picture.width * 0.9,
    height: picture.height * 0.9,
  });
  const title = await overlay.locator('[data-guide="title_safe"] rect').boundingBox();
  expectRectNear(title, {
    x: picture.x + picture.width * 0.1,
    y: picture.y + picture.height * 0.1,
    width: picture.width * 0.8,
    height: picture.height * 0.8,
  });

  await page.getByTestId("guides-menu").click();
  await page.getByRole("menuitemcheckbox", { name: "2.39:1" }).click();
  await page.keyboard.press("Escape");
  await expect(overlay).toHaveAttribute("data-guides", "action_safe title_safe aspect_2_39");
  const scope = await overlay.locator('[data-guide="aspect_2_39"] rect').boundingBox();
  const scopeHeight = picture.width / 2.39;
  expectRectNear(scope, { x: picture.x, y: picture.y + (picture.height - scopeHeight) / 2, width: picture.width, height: scopeHeight });

  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("g");
  await expect(overlay).toHaveCount(0);
  await expect(page.getByTestId("guides-menu")).toHaveAttribute("data-shown", "false");

  // Remembered in this browser: after a reload G brings back the same three.
  await page.reload();
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
  await expect(overlay).toHaveCount(0);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("g");
  await expect(overlay).toHaveAttribute("data-guides", "action_safe title_safe aspect_2_39");
});

test("the waveform strip draws for the version with sound and is absent for the one without", async ({ page }) => {
  const review = async (id: string) =>
    ((await (await page.request.get(`/api/versions/${id}/review`)).json()) as { renditions: { waveformPeaksUrl: string | null } }).renditions;
  await openRoom(page, v2);
  expect((await review(v2)).waveformPeaksUrl).not.toBeNull();
  const strip = page.getByTestId("waveform-strip");
  await expect(strip).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="waveform-strip"] canvas');
        const ctx = canvas?.getContext("2d");
        if (!canvas || !ctx || canvas.width === 0) return 0;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
        return painted / (canvas.width * canvas.height);
      }),
    )
    // The tone (peak 0.8, its envelope averaging ~0.5) paints about half the strip; silence would be a 1 px line (1/40).
    .toBeGreaterThan(0.2);
  // The tone lasts as long as the picture, so the strip is loud to its end: at 95 % of the strip (9.5 s,
  // envelope sin(4.75π) ≈ 0.7) the column is tall. A source whose sound stopped at 9.2 s left it a 1 px line.
  const nearEnd = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="waveform-strip"] canvas')!;
    const data = canvas.getContext("2d")!.getImageData(Math.round(canvas.width * 0.95), 0, 1, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
    return painted / canvas.height;
  });
  expect(nearEnd).toBeGreaterThan(0.3);

  // No sound, no peaks: the payload leaves the URL out (or null).
  expect((await review(v1)).waveformPeaksUrl ?? null).toBeNull();
  await page.goto(`${assetUrl}/versions/${v1}`);
  await expect(page.getByTestId("player")).toHaveAttribute("data-ready", "true", { timeout: 90_000 });
  await expect(page.getByTestId("timeline")).toBeVisible();
  await expect(strip).toHaveCount(0);
});

test("frame grab: Shift+S and the button download a PNG of the video's size, named by the frame", async ({ page }) => {
  await openRoom(page, v2);
  await goToFrame(page, 17);
  expect(await readShownFrame(page)).toBe(17);
  const size = await page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="player-primary"] video');
    return { width: video?.videoWidth ?? 0, height: video?.videoHeight ?? 0 };
  });
  expect(size.width).toBeGreaterThan(0);

  await page.getByRole("slider", { name: "Timeline" }).focus();
  const [byKey] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Shift+S")]);
  expect(byKey.suggestedFilename()).toMatch(/^Viewer_tools_v2_f000017\.png$/);
  const png = fs.readFileSync(await byKey.path());
  expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(size);

  const [byButton] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download this frame (PNG)" }).click(),
  ]);
  expect(byButton.suggestedFilename()).toBe("Viewer_tools_v2_f000017.png");
});

test("export menu: CSV and EDL download with the notes' lines; the PDF is rendered by the worker, then downloads", async ({ page }) => {
  test.setTimeout(300_000);
  await openRoom(page, v2);
  const menu = page.getByRole("button", { name: "Export notes" });

  await menu.click();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Spreadsheet (CSV)" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const csvText = fs.readFileSync(await csv.path(), "utf8");
  expect(csvText).toContain('"Note","Timecode In","Timecode Out","Frame In","Frame Out","Author"');
  expect(csvText).toContain('"01:00:00:12","01:00:00:12","12","12"');
  expect(csvText).toContain('"01:00:01:00","01:00:01:23","24","47"');
  expect(csvText).toContain("Grade drifts warm over this range");

  await menu.click();
  const [edl] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Markers for Resolve (EDL)" }).click()]);
  const edlText = fs.readFileSync(await edl.path(), "utf8");
  expect(edlText).toContain("FCM: NON-DROP FRAME");
  expect(edlText).toMatch(/001 {2}001 {6}V {5}C {8}01:00:00:12 01:00:00:13 01:00:00:12 01:00:00:13/);
  expect(edlText).toMatch(/002 {2}001 {6}V {5}C {8}01:00:01:00 01:00:02:00 01:00:01:00 01:00:02:00/);
  expect(edlText).toContain("Grade drifts warm over this range |C:ResolveColorRed");
  expect(edlText).toContain("|D:24");

  await menu.click();
  const [avid] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Locators for Avid (EDL)" }).click()]);
  expect(fs.readFileSync(await avid.path(), "utf8")).toContain("* LOC: 01:00:04:04 RED");

  // PDF: 202 (rendering, the worker has it), polled until ready, then the file downloads.
  const statuses: string[] = [];
  page.on("response", async (res) => {
    if (!/\/notes-pdf(\/[^/]+)?$/.test(new URL(res.url()).pathname)) return;
    const body = (await res.json().catch(() => null)) as { export?: { status: string } } | null;
    statuses.push(`${res.status()} ${body?.export?.status ?? "?"}`);
  });
  await menu.click();
  const pdfDownload = page.waitForEvent("download", { timeout: 240_000 });
  await page.getByRole("menuitem", { name: "Report with frames (PDF)" }).click();
  await expect(page.getByText("Making the PDF of 3 notes…")).toBeVisible();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString("ascii")).toBe("%PDF-");
  // The listener records a response once its body is read, which can be after the download began.
  expect(statuses[0]).toBe("202 rendering");
  await expect.poll(() => statuses.at(-1)).toBe("200 ready");
});

test("frame grab to attach: the composer uploads the frame on screen, the comment shows it, and it is that frame", async ({ page }) => {
  await openRoom(page, v2);
  await goToFrame(page, 17);
  const width = await page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="player-primary"] video')?.videoWidth ?? 0);
  await page.getByTestId("composer-attach-frame").click();
  await expect(page.getByTestId("composer-attachment")).toBeVisible();
  await page.locator("#comment-composer").fill("Frame grab attached");
  await page.getByRole("button", { name: "Comment", exact: true }).click();

  const attached = page.locator("[data-comment-id]", { hasText: "Frame grab attached" }).getByTestId("comment-attachment");
  await expect(attached).toBeVisible();
  // Loaded through the media route (a redirect to the bucket) at the grab's full size.
  await expect.poll(() => attached.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(width);
  await expect(page.getByTestId("composer-attachment")).toHaveCount(0);

  const picture = await page.request.get((await attached.getAttribute("href"))!);
  expect(picture.headers()["content-type"]).toBe("image/png");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "axiom-attached-")), "grab.png");
  fs.writeFileSync(file, await picture.body());
  expect(await frameNumberInPicture(file)).toBe(17);
});

test("the help dialog lists every new key; axe finds nothing serious with the tools open; wipe screenshot", async ({ page }) => {
  await openRoom(page, v2, `?compare=${v1}&mode=wipe`);
  await expect(page.getByTestId("compare-stage")).toHaveAttribute("data-mode", "wipe");

  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  for (const [keys, text] of [
    ["Shift + <", "Slower playback"],
    ["Shift + >", "Faster playback"],
    ["G", "guides"],
    ["Shift + S", "Download this frame"],
    ["B", "flip between this version"],
  ] as const) {
    const term = dialog.locator("dt", { hasText: new RegExp(`^${keys.replace(/[+<>]/g, "\\$&")}$`) });
    await expect(term).toHaveCount(1);
    await expect(term.locator("xpath=following-sibling::dd[1]")).toContainText(text);
  }
  await expect(dialog).toContainText("Home / End");
  await page.keyboard.press("Escape");

  await goToFrame(page, 30);
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("g");
  await expect(page.getByTestId("guides-overlay")).toBeVisible();
  await expect(page.getByTestId("waveform-strip")).toBeVisible();
  await page.keyboard.press("Shift+Comma");
  await expect(page.getByTestId("playback-rate")).toHaveAttribute("data-rate", "0.5");
  await expectAxeClean(page);

  // The guides menu itself. Only the menu: while a Radix menu is open it is modal (focus stays in it)
  // and the rest of the page is aria-hidden, which axe reads as hidden focusable controls.
  await page.getByTestId("guides-menu").click();
  await expect(page.getByRole("menu")).toBeVisible();
  await expectAxeClean(page, '[role="menu"]');
  await page.keyboard.press("Escape");

  await page.mouse.move(0, 0);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, "compare-wipe.png") });
});
