import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import postgres from "postgres";
import { e2eEnv, signInViaApi, uniqueSuffix } from "./fixtures";
import {
  createReviewWorld,
  generateFrameNumberedSource,
  RATE_23976,
  uploadVersion,
  waitForReady,
  type ReviewWorld,
} from "./helpers/media";

/**
 * The audit trail on screen (docs/audit.md): a supervisor approves a shot in the room; its
 * producer finds the approval, from → to, in the version's Audit tab and in the project's trail
 * (filtered, the filter kept in the URL across a reload); the admin's "Verify chain" reports the
 * chain intact, and names the row after it is altered as the database owner (then put back).
 * Every screen axe-clean.
 */

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

let world: ReviewWorld;
let sourceDir: string;
let shot: { versionId: string; assetId: string };
const apis: APIRequestContext[] = [];
const SCREENSHOTS = process.env.E2E_SCREENSHOT_DIR;

async function expectAxeClean(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))).toEqual([]);
}

/** For docs and review: full-page screenshots when E2E_SCREENSHOT_DIR is set. */
async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const env = e2eEnv();
  const admin = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(admin);
  await signInViaApi(admin, env.adminEmail, env.adminPassword);
  world = await createReviewWorld(
    admin,
    { email: env.adminEmail, password: env.adminPassword, name: "Admin" },
    uniqueSuffix(),
  );
  const producer = await playwrightRequest.newContext({ baseURL: env.baseUrl });
  apis.push(producer);
  await signInViaApi(producer, world.producer.email, world.producer.password);
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-audit-"));
  const file = path.join(sourceDir, "shot.mov");
  await generateFrameNumberedSource(file, RATE_23976, 24);
  shot = await uploadVersion(producer, {
    projectId: world.projectId,
    filePath: file,
    fileName: "sh010_v1.mov",
    contentType: "video/quicktime",
    assetName: "SQ010_SH0010",
  });
  await waitForReady(producer, shot.versionId);
});

test.afterAll(async () => {
  for (const api of apis) await api.dispose();
  if (sourceDir) fs.rmSync(sourceDir, { recursive: true, force: true });
});

const roomPath = () => `/projects/${world.projectId}/assets/${shot.assetId}/versions/${shot.versionId}`;

test("an approval appears in the version's trail and in the project's, from → to", async ({ page, browser }) => {
  // The supervisor approves in the room; the Audit tab is not theirs (audit.view: producers and admins).
  await signInViaApi(page.request, world.supervisor.email, world.supervisor.password);
  await page.goto(roomPath());
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm: Approve" }).click();
  await expect(page.getByRole("tab", { name: /^Decisions/ })).toContainText("1");
  await expect(page.getByRole("tab", { name: "Audit" })).toHaveCount(0);

  // The producer: the room's Audit tab.
  const producerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const producer = await producerContext.newPage();
  try {
    await signInViaApi(producer.request, world.producer.email, world.producer.password);
    await producer.goto(`${roomPath()}?tab=audit`);
    const panel = producer.getByRole("tabpanel", { name: "Audit" });
    const decision = panel.getByTestId("audit-entry").filter({ hasText: "Review decision" });
    await expect(decision).toHaveCount(1);
    await expect(decision).toContainText("Review state: In review → Approved");
    await expect(decision).toContainText(`by ${world.supervisor.name}`);
    // Newest first: the decision above the processing and upload that came before it.
    await expect(panel.getByTestId("audit-entry").first()).toHaveAttribute("data-action", "version.review_decided");
    await expect(panel.getByTestId("audit-entry").filter({ hasText: "Upload started" })).toHaveCount(1);
    await screenshot(producer, "audit-room-tab");
    await expectAxeClean(producer);

    // The project's trail, from the project page; filtered to decisions, kept across a reload.
    await producer.goto(`/projects/${world.projectId}`);
    await producer.getByRole("link", { name: "Audit trail" }).click();
    await expect(producer.getByRole("heading", { name: "Audit trail" })).toBeVisible();
    const entries = producer.getByTestId("audit-entry");
    await expect(entries.filter({ hasText: "Review decision" })).toContainText("SQ010_SH0010 v1");
    await producer.getByLabel("Action").selectOption({ label: "Review decision" });
    await producer.getByRole("button", { name: "Apply" }).click();
    await expect(producer).toHaveURL(/[?&]action=version\.review_decided/);
    await expect(entries).toHaveCount(1);
    await producer.reload();
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText("Review state: In review → Approved");
    await expect(producer.getByLabel("Action")).toHaveValue("version.review_decided");
    await producer.getByRole("link", { name: "Clear" }).click();
    await expect(entries.filter({ hasText: "Processing finished" })).toHaveCount(1);
    await screenshot(producer, "audit-project-trail");
    await expectAxeClean(producer);
  } finally {
    await producerContext.close();
  }

  // A viewer does not get the page (the same 404 as a page that does not exist).
  const viewerContext = await browser.newContext();
  try {
    const viewer = await viewerContext.newPage();
    await signInViaApi(viewer.request, world.viewer.email, world.viewer.password);
    const answer = await viewer.goto(`/projects/${world.projectId}/audit`);
    expect(answer?.status()).toBe(404);
  } finally {
    await viewerContext.close();
  }
});

test("the admin's Verify chain reports the chain intact, and names a row altered as the database owner", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const env = e2eEnv();
  await signInViaApi(page.request, env.adminEmail, env.adminPassword);
  await page.goto(`/admin/audit?project=${world.projectId}`);
  await expect(page.getByTestId("audit-entry").filter({ hasText: "Review decision" })).toHaveCount(1);
  await page.getByRole("button", { name: "Verify chain" }).click();
  const result = page.getByTestId("audit-verify-result");
  await expect(result).toHaveAttribute("data-intact", "true", { timeout: 60_000 });
  await expect(result).toContainText(/chain: \d+ audit events verify \(\d+ HMAC-signed\), last seq \d+/);
  await screenshot(page, "audit-admin-verify-ok");
  await expectAxeClean(page);

  // As the owner (E2E_DATABASE_URL), past the append-only trigger: the note of the approval.
  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1 });
  try {
    const [row] = await sql<{ seq: string; data: unknown }[]>`
      select seq::text, data from audit_events where action = 'version.review_decided' and entity_id = ${shot.versionId}`;
    const alter = (data: unknown) =>
      sql.begin(async (tx) => {
        await tx`alter table audit_events disable trigger audit_events_no_update_delete`;
        await tx`update audit_events set data = ${tx.json(data as never)} where seq = ${row!.seq}`;
        await tx`alter table audit_events enable trigger audit_events_no_update_delete`;
      });
    await alter({ ...(row!.data as object), note: "Approved by the director" });
    try {
      await page.getByRole("button", { name: "Verify chain" }).click();
      await expect(result).toHaveAttribute("data-intact", "false", { timeout: 60_000 });
      await expect(result).toContainText(`BROKEN at seq ${row!.seq}: its hash is not what its contents give`);
      await expect(result.getByTestId("audit-entry")).toContainText("Approved by the director");
      await screenshot(page, "audit-admin-verify-tampered");
    } finally {
      // Put back exactly what was there: the chain verifies again for whatever runs next.
      await alter(row!.data);
    }
    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(result).toHaveAttribute("data-intact", "true", { timeout: 60_000 });
  } finally {
    await sql.end();
  }
});
