import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import { createProjectViaApi, createUserViaApi, e2eEnv, signInAsAdmin, signInViaApi, uniqueSuffix } from "./fixtures";
import { writeMultipartMovie } from "./helpers/media";

const run = promisify(execFile);
const MiB = 1024 * 1024;

/** A tiny decodable movie (a few KB, one single PUT). */
async function writeSmallMovie(filePath: string): Promise<void> {
  await run(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25",
     "-frames:v", "25", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-f", "mov", filePath],
    { timeout: 60_000 },
  );
}

/** Random bytes (never equal parts); for the tests that only exercise the transfer. */
function writeRandomFile(filePath: string, size: number): void {
  const fd = fs.openSync(filePath, "w");
  try {
    for (let offset = 0; offset < size; offset += MiB) fs.writeSync(fd, randomBytes(Math.min(MiB, size - offset)));
  } finally {
    fs.closeSync(fd);
  }
}

const sha256OfFile = (filePath: string) => createHash("sha256").update(fs.readFileSync(filePath)).digest("hex");

type Setup = { project: { id: string }; producer: { email: string; password: string; id: string }; sql: postgres.Sql };

/** Admin creates a project and a producer; returns them and a DB connection. */
async function setUp(browser: Browser, suffix: string): Promise<Setup & { adminRequest: APIRequestContext; addMember: (role: string) => Promise<{ email: string; password: string; id: string }>; close: () => Promise<void> }> {
  const adminContext = await browser.newContext({ baseURL: e2eEnv().baseUrl });
  const adminPage = await adminContext.newPage();
  await signInAsAdmin(adminPage);
  const project = await createProjectViaApi(adminPage.request, `Upload ${suffix}`);
  const addMember = async (role: string) => {
    const { user, password } = await createUserViaApi(adminPage.request, { name: `${role} ${suffix}` });
    const added = await adminPage.request.post(`/api/admin/projects/${project.id}/members`, { data: { userId: user.id, role } });
    expect(added.status(), await added.text()).toBe(201);
    return { email: user.email, password: password, id: user.id };
  };
  const producer = await addMember("producer");
  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1 });
  return {
    project,
    producer,
    sql,
    adminRequest: adminPage.request,
    addMember,
    close: async () => {
      await adminContext.close();
      await sql.end();
    },
  };
}

async function signedInPage(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: e2eEnv().baseUrl });
  const page = await context.newPage();
  await signInViaApi(page.request, who.email, who.password);
  return page;
}

/**
 * Chooses the file on the project page, starts it, and checks the progress text while it runs:
 * bytes, speed and time left (e.g. "48.0 MiB of 102 MiB · 21.3 MiB/s · 3 s left"). Returns the
 * completion's answer.
 */
async function uploadThroughProjectPage(page: Page, projectId: string, filePath: string, assetName: string) {
  await page.goto(`/projects/${projectId}`);
  await page.locator('[data-testid="upload-drop-zone"] input[type="file"]').setInputFiles(filePath);
  const nameInput = page.getByLabel(`Asset name for ${path.basename(filePath)}`);
  await expect(nameInput).toHaveValue(assetName); // default: the file name without its extension
  const completion = page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/versions\/[^/]+\/complete$/.test(r.url()), {
    timeout: 240_000,
  });
  await page.getByRole("button", { name: "Upload 1 file" }).click();

  const row = page.getByTestId("upload-row").last();
  const bar = row.getByRole("progressbar");
  // The bar moves: a value strictly between 0 and 100, with speed and time left in the text.
  const midway = await page.waitForFunction(
    () => {
      const rows = document.querySelectorAll('[data-testid="upload-row"]');
      const last = rows[rows.length - 1];
      const now = Number(last?.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow") ?? 0);
      const text = last?.querySelector('[data-testid="upload-status"]')?.textContent ?? "";
      return now > 0 && now < 100 && text.includes("/s · ") ? text : false;
    },
    undefined,
    { polling: 50, timeout: 60_000 },
  );
  expect(await midway.jsonValue()).toMatch(/^[\d.]+ [KMG]?i?B of [\d.]+ MiB · [\d.]+ [KMG]?i?B\/s · .+ left · /);
  const answer = await completion;
  await expect(row).toHaveAttribute("data-status", "done", { timeout: 180_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  return { status: answer.status(), body: (await answer.json()) as { version: { id: string; processingState: string; sha256Declared: string | null; number: number } } };
}

test("a producer uploads a 100 MiB movie through the browser; the same name dropped again becomes v2", async ({ browser }) => {
  test.setTimeout(480_000);
  const suffix = uniqueSuffix();
  const assetName = `e2e-plate-${suffix}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-e2e-upload-"));
  const filePath = path.join(dir, `${assetName}.mov`);
  const smallPath = path.join(dir, "small.mov");
  await Promise.all([writeMultipartMovie(filePath), writeSmallMovie(smallPath)]);
  expect(fs.statSync(filePath).size).toBeGreaterThan(100 * MiB);
  const expectedSha256 = sha256OfFile(filePath);
  const setup = await setUp(browser, suffix);
  const { sql, project } = setup;

  try {
    const page = await signedInPage(browser, setup.producer);

    // First upload: a new asset named after the file. The completion answers 202 with the
    // version PENDING and the SHA-256 the browser computed, which equals Node's.
    const first = await uploadThroughProjectPage(page, project.id, filePath, assetName);
    expect(first.status).toBe(202);
    expect(first.body.version).toMatchObject({ processingState: "PENDING", number: 1, sha256Declared: expectedSha256 });
    const [uploaded] = await sql<{ data: { number: number; sha256Declared: string } }[]>`
      select data from audit_events where action = 'version.uploaded' and entity_id = ${first.body.version.id}`;
    expect(uploaded!.data).toMatchObject({ number: 1, sha256Declared: expectedSha256 });

    const rows = await sql<{ id: string; number: number; state: string; sha: string; size: string; asset_id: string }[]>`
      select v.id, v.number, v.processing_state as state, v.sha256_declared as sha, v.size_bytes::text as size, v.asset_id
      from versions v join assets a on a.id = v.asset_id
      where a.project_id = ${project.id} and a.name = ${assetName}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ number: 1, sha: expectedSha256, size: String(fs.statSync(filePath).size) });

    // The asset page lists it with its declared SHA-256.
    await page.goto(`/projects/${project.id}`);
    await page.getByRole("link", { name: assetName }).click();
    await expect(page.getByRole("heading", { name: assetName })).toBeVisible();
    const v1 = page.getByTestId("version-row").filter({ has: page.getByTestId("version-number").getByText("v1", { exact: true }) });
    await expect(v1).toBeVisible();
    await expect(v1.getByTestId("version-sha256")).toHaveAttribute("title", expectedSha256);
    await expect(v1).toHaveAttribute("data-state", /^(PENDING|PROCESSING|READY)$/);

    // Second upload: a small movie made in the page under the same file name, dropped with a real
    // drag and drop (dragenter, dragover, drop carrying a DataTransfer) — the same asset, v2.
    await page.goto(`/projects/${project.id}`);
    const smallBytes = fs.readFileSync(smallPath);
    const smallSha256 = createHash("sha256").update(smallBytes).digest("hex");
    await page.evaluate(
      ({ base64, name }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const dataTransfer = new DataTransfer();
        dataTransfer.items.add(new File([bytes], name, { type: "video/quicktime", lastModified: Date.now() }));
        const zone = document.querySelector('[data-testid="upload-drop-zone"]')!;
        for (const type of ["dragenter", "dragover", "drop"]) {
          zone.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true }));
        }
      },
      { base64: smallBytes.toString("base64"), name: path.basename(filePath) },
    );
    await expect(page.getByLabel(`Asset name for ${path.basename(filePath)}`)).toHaveValue(assetName);
    const secondCompletion = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/complete"));
    await page.getByRole("button", { name: "Upload 1 file" }).click();
    const second = await secondCompletion;
    expect(second.status()).toBe(202);
    expect(((await second.json()) as { version: unknown }).version).toMatchObject({ processingState: "PENDING", number: 2, sha256Declared: smallSha256 });
    await expect(page.getByTestId("upload-row").last()).toHaveAttribute("data-status", "done");

    const after = await sql<{ number: number; sha: string; asset_id: string; state: string }[]>`
      select v.number, v.sha256_declared as sha, v.asset_id, v.processing_state as state
      from versions v join assets a on a.id = v.asset_id
      where a.project_id = ${project.id} and v.number is not null order by v.number`;
    expect(after.map((r) => r.number)).toEqual([1, 2]);
    expect(new Set(after.map((r) => r.asset_id)).size).toBe(1);
    expect(after[1]!.sha).toBe(smallSha256);
    // Real movies: the worker may have taken them further, but never to ERROR.
    for (const r of after) expect(["PENDING", "PROCESSING", "READY"]).toContain(r.state);

    await page.goto(`/projects/${project.id}/assets/${rows[0]!.asset_id}`);
    const numbers = await page.getByTestId("version-number").allTextContents();
    expect(numbers).toEqual(["v2", "v1"]); // newest first
    await page.context().close();
  } finally {
    await setup.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("upload routes: viewers and supervisors get 403, another project's asset 404", async ({ browser }) => {
  const suffix = uniqueSuffix();
  const setup = await setUp(browser, suffix);
  try {
    const viewer = await setup.addMember("viewer");
    const supervisor = await setup.addMember("supervisor");
    const producerPage = await signedInPage(browser, setup.producer);
    const body = (extra: object) => ({ fileName: "a.mov", size: 10, contentType: "video/quicktime", ...extra });

    // A single-PUT and a multipart upload of this project, started by its producer.
    const single = await producerPage.request.post(`/api/projects/${setup.project.id}/uploads`, { data: body({ assetName: `A${suffix}` }) });
    expect(single.status(), await single.text()).toBe(201);
    const singleId = ((await single.json()) as { versionId: string }).versionId;
    const multi = await producerPage.request.post(`/api/projects/${setup.project.id}/uploads`, {
      data: body({ assetName: `B${suffix}`, size: 70 * MiB }),
    });
    expect(multi.status(), await multi.text()).toBe(201);
    const multiId = ((await multi.json()) as { versionId: string }).versionId;

    for (const who of [viewer, supervisor]) {
      const page = await signedInPage(browser, who);
      const calls: Array<[string, Promise<{ status(): number }>]> = [
        ["create", page.request.post(`/api/projects/${setup.project.id}/uploads`, { data: body({ assetName: `C${suffix}` }) })],
        ["presign parts", page.request.post(`/api/versions/${multiId}/parts`, { data: { partNumbers: [1] } })],
        ["list parts", page.request.get(`/api/versions/${multiId}/parts`)],
        ["fresh single URL", page.request.post(`/api/versions/${singleId}/upload-url`, { data: {} })],
        ["complete", page.request.post(`/api/versions/${singleId}/complete`, { data: {} })],
        ["abort", page.request.post(`/api/versions/${multiId}/abort`, { data: {} })],
      ];
      for (const [name, call] of calls) expect((await call).status(), `${who.email}: ${name}`).toBe(403);
      // ... while every member may read a version's status.
      expect((await page.request.get(`/api/versions/${singleId}`)).status()).toBe(200);
      await page.context().close();
    }

    // Another project's asset: 404 for a producer of this project, and nothing is created.
    const other = await createProjectViaApi(setup.adminRequest, `Other ${suffix}`);
    const foreign = await setup.adminRequest.post(`/api/projects/${other.id}/uploads`, { data: body({ assetName: `F${suffix}` }) });
    expect(foreign.status(), await foreign.text()).toBe(201);
    const foreignAssetId = ((await foreign.json()) as { assetId: string }).assetId;
    const [before] = await setup.sql<{ n: number }[]>`select count(*)::int as n from versions`;
    const refused = await producerPage.request.post(`/api/projects/${setup.project.id}/uploads`, { data: body({ assetId: foreignAssetId }) });
    expect(refused.status(), await refused.text()).toBe(404);
    const [afterCount] = await setup.sql<{ n: number }[]>`select count(*)::int as n from versions`;
    expect(afterCount!.n).toBe(before!.n);
    // And the other project's versions are not found for someone who is not its member.
    const foreignVersionId = ((await foreign.json()) as { versionId: string }).versionId;
    expect((await producerPage.request.post(`/api/versions/${foreignVersionId}/complete`, { data: {} })).status()).toBe(404);
    await producerPage.context().close();
  } finally {
    await setup.close();
  }
});

test("the uploader survives an expired link, leaving the page and Retry without making extra versions", async ({ browser }) => {
  test.setTimeout(300_000);
  const suffix = uniqueSuffix();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-e2e-upload-"));
  const setup = await setUp(browser, suffix);
  const { sql, project } = setup;
  const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag" };
  try {
    const page = await signedInPage(browser, setup.producer);

    // 1. A single PUT whose link the store keeps refusing: a clear message, then Retry (store
    //    healed) finishes the same version instead of creating a second one.
    const smallPath = path.join(dir, `clip-${suffix}.mov`);
    writeRandomFile(smallPath, 200_000);
    let refusals = 0;
    await page.route(
      (url) => url.pathname.includes("/staging/") && !url.searchParams.has("partNumber"),
      async (route) => {
        if (route.request().method() !== "PUT") return route.continue();
        refusals++;
        await route.fulfill({ status: 403, headers: cors, body: "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>" });
      },
    );
    await page.goto(`/projects/${project.id}`);
    await page.locator('[data-testid="upload-drop-zone"] input[type="file"]').setInputFiles(smallPath);
    await page.getByRole("button", { name: "Upload 1 file" }).click();
    const row = page.getByTestId("upload-row").last();
    await expect(row).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
    await expect(row.getByTestId("upload-status")).toContainText("upload link expired —");
    await expect(row.getByTestId("upload-status")).toContainText("Retry sends the file again as the same version.");
    expect(refusals).toBe(2); // the original URL, then one freshly signed
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await row.getByRole("button", { name: "Retry" }).click();
    await expect(row).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    const clipVersions = await sql<{ number: number | null; state: string }[]>`
      select v.number, v.processing_state as state from versions v join assets a on a.id = v.asset_id
      where a.project_id = ${project.id} and a.name = ${`clip-${suffix}`}`;
    expect(clipVersions).toEqual([{ number: 1, state: expect.stringMatching(/^(PENDING|PROCESSING|READY|ERROR)$/) }]);

    // 2. A multipart upload whose first part URL is refused once: fresh URLs, then it completes.
    const bigPath = path.join(dir, `big-${suffix}.mov`);
    writeRandomFile(bigPath, 70 * MiB); // 5 parts of 16 MiB
    let refusedOnce = false;
    const presignBatches: number[][] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/parts")) {
        presignBatches.push((request.postDataJSON() as { partNumbers: number[] }).partNumbers);
      }
    });
    await page.route(
      (url) => url.searchParams.get("partNumber") === "1",
      async (route) => {
        if (route.request().method() !== "PUT" || refusedOnce) return route.continue();
        refusedOnce = true;
        await route.fulfill({ status: 403, headers: cors, body: "<Error><Code>AccessDenied</Code></Error>" });
      },
    );
    await page.locator('[data-testid="upload-drop-zone"] input[type="file"]').setInputFiles(bigPath);
    await page.getByRole("button", { name: "Upload 1 file" }).click();
    const bigRow = page.getByTestId("upload-row").last();
    await expect(bigRow).toHaveAttribute("data-status", "done", { timeout: 120_000 });
    expect(refusedOnce).toBe(true);
    expect(presignBatches.length).toBeGreaterThanOrEqual(2);
    expect(presignBatches.slice(1).some((batch) => batch[0] === 1)).toBe(true); // part 1 re-signed
    await page.unrouteAll({ behavior: "ignoreErrors" });

    // 3. Leaving the page mid-upload stops sending but keeps the upload open; choosing the same
    //    file again on the same asset sends only the missing parts. Parts 2.. are held back so
    //    the upload is certainly unfinished when we leave.
    const [bigAsset] = await sql<{ id: string }[]>`select id from assets where project_id = ${project.id} and name = ${`big-${suffix}`}`;
    const resumePath = path.join(dir, `resume-${suffix}.mov`);
    writeRandomFile(resumePath, 70 * MiB);
    const held: Array<{ abort: () => Promise<void> }> = [];
    const holdLaterParts = (url: URL) => url.searchParams.has("partNumber") && url.searchParams.get("partNumber") !== "1";
    await page.route(holdLaterParts, async (route) => {
      if (route.request().method() !== "PUT") return route.continue();
      held.push({ abort: () => route.abort().catch(() => {}) });
    });
    const aborts: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/abort")) aborts.push(request.url());
    });
    await page.goto(`/projects/${project.id}/assets/${bigAsset!.id}`);
    const firstPart = page.waitForResponse((r) => r.request().method() === "PUT" && new URL(r.url()).searchParams.get("partNumber") === "1");
    await page.locator('[data-testid="upload-drop-zone"] input[type="file"]').setInputFiles(resumePath);
    expect((await firstPart).status()).toBe(200);

    // Closing the tab now asks first (Chromium prompts only after a user gesture on the page).
    await page.getByRole("heading", { level: 1 }).click();
    const dialog = page.waitForEvent("dialog");
    await page.close({ runBeforeUnload: true });
    const prompt = await dialog;
    expect(prompt.type()).toBe("beforeunload");
    await prompt.dismiss();

    // Leave through a link (client-side navigation unmounts the panel).
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/projects/${project.id}$`));
    for (const h of held) await h.abort();
    await page.unrouteAll({ behavior: "ignoreErrors" });
    expect(aborts).toEqual([]);
    const open = await sql<{ id: string; state: string }[]>`
      select id, processing_state as state from versions where asset_id = ${bigAsset!.id} and number is null`;
    expect(open).toEqual([{ id: expect.any(String), state: "AWAITING_UPLOAD" }]);

    const partOnesSent: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "PUT" && new URL(request.url()).searchParams.get("partNumber") === "1") partOnesSent.push(request.url());
    });
    await page.goto(`/projects/${project.id}/assets/${bigAsset!.id}`);
    await expect(page.getByText("Unfinished uploads")).toBeVisible();
    await page.locator('[data-testid="upload-drop-zone"] input[type="file"]').setInputFiles(resumePath);
    const resumedRow = page.getByTestId("upload-row").last();
    await expect(resumedRow).toHaveAttribute("data-status", "done", { timeout: 120_000 });
    expect(partOnesSent).toEqual([]); // part 1 was already stored
    const finished = await sql<{ number: number | null; state: string }[]>`
      select number, processing_state as state from versions where id = ${open[0]!.id}`;
    expect(finished[0]!.number).toBe(2);
    await page.context().close();
  } finally {
    await setup.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
