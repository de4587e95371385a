import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { createProjectViaApi, createUserViaApi, e2eEnv, signInAsAdmin, signInViaApi, uniqueSuffix } from "./fixtures";

const MiB = 1024 * 1024;
// Above the 64 MiB single-PUT limit, so the browser takes the multipart path (7 parts of 16 MiB).
const FILE_BYTES = 100 * MiB + 123_457;

/**
 * Writes a file of random-looking bytes (a fresh random MiB, then that MiB mixed with a counter,
 * so no two parts are equal) and returns its SHA-256 computed by Node while writing.
 */
function writeTestFile(filePath: string, size: number): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(filePath, "w");
  const seed = randomBytes(MiB);
  try {
    for (let offset = 0, i = 0; offset < size; offset += MiB, i++) {
      const block = Buffer.from(seed);
      block.writeUInt32BE(i, (i * 4096) % (MiB - 4));
      const chunk = block.subarray(0, Math.min(MiB, size - offset));
      hash.update(chunk);
      fs.writeSync(fd, chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

async function uploadThroughProjectPage(page: Page, projectId: string, filePath: string, assetName: string) {
  await page.goto(`/projects/${projectId}`);
  await page.locator('[data-testid="upload-drop-zone"] input[type="file"]').setInputFiles(filePath);
  const nameInput = page.getByLabel(`Asset name for ${path.basename(filePath)}`);
  await expect(nameInput).toHaveValue(assetName); // default: the file name without its extension
  await page.getByRole("button", { name: "Upload 1 file" }).click();

  const row = page.getByTestId("upload-row").last();
  const bar = row.getByRole("progressbar");
  // The bar moves: a value strictly between 0 and 100 shows up before the upload ends.
  const midway = await page.waitForFunction(
    () => {
      const rows = document.querySelectorAll('[data-testid="upload-row"]');
      const last = rows[rows.length - 1];
      const now = Number(last?.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow") ?? 0);
      return now > 0 && now < 100 ? (last?.querySelector('[data-testid="upload-status"]')?.textContent ?? "") : false;
    },
    undefined,
    { polling: 50, timeout: 60_000 },
  );
  // Bytes, speed and time left while it runs, e.g. "48.0 MiB of 100 MiB · 21.3 MiB/s · 3 s left".
  expect(await midway.jsonValue()).toMatch(/ of 100 MiB( · [\d.]+ [KMG]?i?B\/s · .+ left)?/);
  await expect(row).toHaveAttribute("data-status", "done", { timeout: 180_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
}

test("a producer uploads a 100 MiB .mov through the browser; the same name again becomes v2", async ({ browser }) => {
  test.setTimeout(420_000);
  const suffix = uniqueSuffix();
  const assetName = `e2e-plate-${suffix}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-e2e-upload-"));
  const filePath = path.join(dir, `${assetName}.mov`);
  const expectedSha256 = writeTestFile(filePath, FILE_BYTES);
  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1 });

  try {
    // Admin sets up a project and a producer.
    const adminContext = await browser.newContext({ baseURL: e2eEnv().baseUrl });
    const adminPage = await adminContext.newPage();
    await signInAsAdmin(adminPage);
    const project = await createProjectViaApi(adminPage.request, `Upload ${suffix}`);
    const { user, initialPassword } = await createUserViaApi(adminPage.request, { name: `Producer ${suffix}` });
    const added = await adminPage.request.post(`/api/admin/projects/${project.id}/members`, {
      data: { userId: user.id, role: "producer" },
    });
    expect(added.status(), await added.text()).toBe(201);
    await adminContext.close();

    const context = await browser.newContext({ baseURL: e2eEnv().baseUrl });
    const page = await context.newPage();
    await signInViaApi(page.request, user.email, initialPassword);

    // First upload: a new asset named after the file.
    await uploadThroughProjectPage(page, project.id, filePath, assetName);

    const rows = await sql<{ id: string; number: number; state: string; sha: string; size: string; asset_id: string }[]>`
      select v.id, v.number, v.processing_state as state, v.sha256_declared as sha, v.size_bytes::text as size, v.asset_id
      from versions v join assets a on a.id = v.asset_id
      where a.project_id = ${project.id} and a.name = ${assetName}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ number: 1, sha: expectedSha256, size: String(FILE_BYTES) });
    // The worker may already have picked it up (random bytes are not a decodable movie).
    expect(["PENDING", "PROCESSING", "READY", "ERROR"]).toContain(rows[0]!.state);
    const [job] = await sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs where key = ${`process-version:${rows[0]!.id}`}`;
    expect(job!.n).toBeLessThanOrEqual(1); // queued once (gone again when the worker finished it)

    // The asset page lists it with its declared SHA-256.
    await page.goto(`/projects/${project.id}`);
    await page.getByRole("link", { name: assetName }).click();
    await expect(page.getByRole("heading", { name: assetName })).toBeVisible();
    const v1 = page.getByTestId("version-row").filter({ has: page.getByTestId("version-number").getByText("v1", { exact: true }) });
    await expect(v1).toBeVisible();
    await expect(v1.getByTestId("version-sha256")).toHaveAttribute("title", expectedSha256);
    await expect(v1).toHaveAttribute("data-state", /^(PENDING|PROCESSING|READY|ERROR)$/);

    // Second upload of the same file name: the same asset, version 2.
    await uploadThroughProjectPage(page, project.id, filePath, assetName);
    const after = await sql<{ number: number; sha: string; asset_id: string }[]>`
      select v.number, v.sha256_declared as sha, v.asset_id
      from versions v join assets a on a.id = v.asset_id
      where a.project_id = ${project.id} and v.number is not null order by v.number`;
    expect(after.map((r) => r.number)).toEqual([1, 2]);
    expect(new Set(after.map((r) => r.asset_id)).size).toBe(1);
    expect(after[1]!.sha).toBe(expectedSha256);

    await page.goto(`/projects/${project.id}/assets/${rows[0]!.asset_id}`);
    const numbers = await page.getByTestId("version-number").allTextContents();
    expect(numbers).toEqual(["v2", "v1"]); // newest first
    await context.close();
  } finally {
    await sql.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
