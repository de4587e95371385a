import { expect, test } from "@playwright/test";
import { createUserViaApi, e2eEnv, signInAsAdmin, signInViaApi, uniqueSuffix } from "./fixtures";

/**
 * Settings → API tokens against the production build (docs/api.md): a user creates a token, sees it
 * once, uses it from a script (a cookie-less request context) against /api/v1, sees its last use,
 * and revokes it in the page — after which the script gets 401.
 */
test("a user creates a token in settings, a script uses it, revoking it in the page makes it answer 401", async ({ page, playwright }) => {
  // A user of its own: the token list is theirs alone.
  await signInAsAdmin(page);
  const { user, password } = await createUserViaApi(page.request, { name: "Token Owner" });
  await page.context().clearCookies();
  await signInViaApi(page.request, user.email, password);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  const name = `render farm ${uniqueSuffix()}`;
  const form = page.getByRole("form", { name: "Create API token" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Expires after").selectOption("30");
  await form.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-api-token").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^axm_[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(secret.slice(0, 8));
  await expect(row).toContainText("never");

  // A script: no cookies at all, only the token.
  const script = await playwright.request.newContext({ baseURL: e2eEnv().baseUrl, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  try {
    const projects = await script.get("/api/v1/projects");
    expect(projects.status(), await projects.text()).toBe(200);
    expect(await projects.json()).toEqual({ items: [], nextCursor: null });

    // The secret is not shown again; the list now says when it was used.
    await page.reload();
    await expect(page.getByTestId("new-api-token")).toHaveCount(0);
    await expect(page.getByRole("row", { name: new RegExp(name) })).not.toContainText("never");

    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("revoked");

    const after = await script.get("/api/v1/projects");
    expect(after.status()).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  } finally {
    await script.dispose();
  }

  // The reference renders from the OpenAPI document, publicly.
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: "AXIOM API" })).toBeVisible();
  await expect(page.getByText("/api/v1/projects/{projectId}/uploads").first()).toBeVisible();
});
