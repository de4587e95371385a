import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { createProjectViaApi, createUserViaApi, signInAsAdmin, uniqueSuffix } from "./fixtures";

/**
 * The webhooks admin section (docs/webhooks.md) against the production build and the real worker:
 * an admin registers an endpoint on a receiver this test runs (scripts/e2e.ts sets
 * WEBHOOK_ALLOW_PRIVATE=true, so 127.0.0.1 is allowed), an action on the project reaches it signed,
 * the delivery shows in the log, and "Redeliver" sends the same event again. The refusal of a
 * 127.0.0.1 URL without that flag is tests/webhooks.int.test.ts's ("a 127.0.0.1 URL is refused…").
 */

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A webhook receiver on 127.0.0.1 that answers 200 "thanks" and keeps what it got. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { received, url: `http://127.0.0.1:${port}/axiom-hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The standardwebhooks headers of a received request, as its verifier takes them. */
const signatureHeaders = (r: Received) => ({
  "webhook-id": String(r.headers["webhook-id"]),
  "webhook-timestamp": String(r.headers["webhook-timestamp"]),
  "webhook-signature": String(r.headers["webhook-signature"]),
});

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("an admin registers an endpoint, sees a signed delivery in the log after an action, and redelivers it", async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    await signInAsAdmin(page);
    const suffix = uniqueSuffix();
    const project = await createProjectViaApi(page.request, `Hooks ${suffix}`);
    await page.goto(`/admin/projects/${project.id}`);
    await expect(page.getByRole("heading", { name: /^Webhooks/ })).toBeVisible();
    await expect(page.getByText("No webhook endpoints.")).toBeVisible();

    // Register: URL and one event type; the signing secret is shown once.
    const form = page.getByRole("form", { name: "Add webhook endpoint" });
    await form.getByLabel("Endpoint URL").fill(receiver.url);
    await form.getByRole("checkbox", { name: "member.added" }).check();
    await form.getByRole("button", { name: "Add endpoint" }).click();
    const secretBox = page.getByRole("status").filter({ hasText: "Signing secret" });
    await expect(secretBox).toBeVisible();
    const secret = (await secretBox.locator("code").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    const endpoint = page.getByRole("listitem", { name: `Endpoint ${receiver.url}` });
    await expect(endpoint).toBeVisible();
    await expect(endpoint.getByText("No deliveries yet.")).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    // An action on the project: a member added (through the API, as a script would).
    const { user } = await createUserViaApi(page.request, { name: `Hooked ${suffix}` });
    const added = await page.request.post(`/api/admin/projects/${project.id}/members`, { data: { userId: user.id, role: "viewer" } });
    expect(added.status(), await added.text()).toBe(201);

    // The worker's relay delivers it, signed with that secret.
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const first = receiver.received[0]!;
    const payload = new Webhook(secret).verify(first.body, signatureHeaders(first)) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: "member.added", data: { projectId: project.id, userId: user.id, role: "viewer" } });

    // The log shows it: event, status, the receiver's answer.
    const deliveries = endpoint.getByRole("table", { name: `Deliveries to ${receiver.url}` });
    // The receiver has the request before the worker records its answer: reload until the log shows it.
    const row = deliveries.getByRole("row").nth(1);
    await expect(async () => {
      await page.reload();
      await expect(deliveries.getByRole("row")).toHaveCount(2, { timeout: 1000 }); // header + the one delivery
      await expect(row.getByRole("cell").nth(1)).toHaveText("succeeded", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(row).toContainText("member.added");
    await expect(row).toContainText("200");
    await expect(row).toContainText("thanks");
    await expect(row.getByRole("cell").nth(4)).toHaveText("1");
    await expectNoSeriousAxeViolations(page);

    // Redeliver: the same event (same webhook-id), signed again; the log counts a second attempt.
    await row.getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2);
    const second = receiver.received[1]!;
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(second.body).toBe(first.body);
    expect(() => new Webhook(secret).verify(second.body, signatureHeaders(second))).not.toThrow();
    await expect(async () => {
      await page.reload();
      await expect(deliveries.getByRole("row").nth(1).getByRole("cell").nth(4)).toHaveText("2", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    // Nothing else was sent: one event, one endpoint.
    expect(receiver.received).toHaveLength(2);
  } finally {
    await receiver.close();
  }
});
