import { expect, test } from "@playwright/test";
import {
  createProjectViaApi,
  createUserViaApi,
  e2eEnv,
  postCredentials,
  signInAsAdmin,
  signInViaApi,
  uniqueEmail,
  uniqueProjectCode,
} from "./fixtures";

test.describe("sign-in form", () => {
  test("an admin signs in through the form and lands on the project list", async ({ page }) => {
    const { adminEmail, adminPassword } = e2eEnv();
    await page.goto("/signin");
    await page.getByLabel("Email").fill(adminEmail);
    await page.getByLabel("Password").fill(adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Generous: argon2 plus the first render of a freshly started server on a busy 2-core host.
    await page.waitForURL((url) => url.pathname === "/", { timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
  });

  test("bad credentials show the generic message, whatever was wrong", async ({ page, playwright }) => {
    // A user of its own, so the wrong password does not count against the admin's rate limit.
    const admin = await playwright.request.newContext({ baseURL: e2eEnv().baseUrl });
    const { user } = await (async () => {
      try {
        await signInViaApi(admin, e2eEnv().adminEmail, e2eEnv().adminPassword);
        return await createUserViaApi(admin, { name: "Wrong Password" });
      } finally {
        await admin.dispose();
      }
    })();
    await page.goto("/signin");
    for (const [email, password] of [
      [uniqueEmail("nobody"), "whatever-password"],
      [user.email, "definitely-not-the-password"],
    ] as const) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      // Scoped to main: Next's route announcer is an (empty) alert too.
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
      await expect(page).toHaveURL(/\/signin/);
    }
  });
});

test("admin creates a project and a supervisor, who then sees only that project", async ({ page, browser }) => {
  const { adminEmail, adminPassword } = e2eEnv();
  const mineCode = uniqueProjectCode("MINE");
  const otherCode = uniqueProjectCode("OTHR");
  const supervisorEmail = uniqueEmail("supervisor");

  // The admin, through the form.
  await page.goto("/signin?callbackUrl=%2Fadmin");
  await page.getByLabel("Email").fill(adminEmail);
  await page.getByLabel("Password").fill(adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/admin", { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  // The processing queue: its summary and both tables render (docs/processing.md, "The queue on /admin").
  await expect(page.getByRole("heading", { name: "Processing queue" })).toBeVisible();
  await expect(page.getByTestId("queue-depth")).toHaveText(/^\d+$/);
  await expect(page.getByRole("table", { name: "Running" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Queued" })).toBeVisible();

  // Two projects: one the supervisor joins, one they never see.
  const createProject = page.getByRole("form", { name: "Create project" });
  for (const [name, code] of [
    [`Mine ${mineCode}`, mineCode],
    [`Other ${otherCode}`, otherCode],
  ] as const) {
    await createProject.getByLabel("Name").fill(name);
    await createProject.getByLabel("Code").fill(code.toLowerCase()); // upper-cased by the server
    await createProject.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("table", { name: "Projects" }).getByRole("cell", { name: code, exact: true })).toBeVisible();
  }

  // A taken code is refused with a message naming the field.
  await createProject.getByLabel("Name").fill("Duplicate");
  await createProject.getByLabel("Code").fill(mineCode);
  await createProject.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(`code: a project with the code ${mineCode} already exists`);

  // The supervisor: invited by e-mail, never handed a password. The worker has no SMTP_URL here, so
  // the invitation is kept and listed for admins, with its set-password link.
  const createUser = page.getByRole("form", { name: "Create user" });
  await createUser.getByLabel("Email").fill(supervisorEmail);
  await createUser.getByLabel("Name").fill("Sam Supervisor");
  await createUser.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("invitation-sent")).toContainText(supervisorEmail);
  await expect(page.getByRole("table", { name: "Users" }).getByRole("cell", { name: supervisorEmail, exact: true })).toBeVisible();
  const invitation = page.getByTestId("unsent-email").filter({ hasText: supervisorEmail });
  await expect(async () => {
    await page.reload();
    await expect(invitation).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await invitation.locator("summary").click();
  const invitationText = (await invitation.getByTestId("unsent-email-text").textContent()) ?? "";
  const setPasswordLink = invitationText.match(/https?:\/\/\S+\/set-password\?token=[A-Za-z0-9_-]{43}/)?.[0] ?? "";
  expect(setPasswordLink).not.toBe("");
  const initialPassword = "supervisor password 42";

  // Add the supervisor to the first project.
  const otherMembersLink = page.getByRole("link", { name: new RegExp(`^Members of ${otherCode}`) });
  const otherProjectId = (await otherMembersLink.getAttribute("href"))?.split("/").pop() ?? "";
  await page.getByRole("link", { name: new RegExp(`^Members of ${mineCode}`) }).click();
  await expect(page.getByRole("heading", { name: `Mine ${mineCode}` })).toBeVisible();
  const addMember = page.getByRole("form", { name: "Add member" });
  await addMember.getByLabel("User email").fill(supervisorEmail);
  await addMember.getByLabel("Role").selectOption("supervisor");
  await addMember.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByLabel(`Role of ${supervisorEmail}`)).toHaveValue("supervisor");

  // The supervisor, in a browser of their own, signed in through the API.
  const supervisorContext = await browser.newContext();
  try {
    const supervisorPage = await supervisorContext.newPage();
    // The invitation's link (its path: the page's origin is the test server's), used once.
    await supervisorPage.goto(new URL(setPasswordLink).pathname + new URL(setPasswordLink).search);
    await supervisorPage.getByLabel("New password").fill(initialPassword);
    await supervisorPage.getByLabel("Repeat it").fill(initialPassword);
    await supervisorPage.getByRole("button", { name: "Set password" }).click();
    await supervisorPage.waitForURL(/\/signin/);
    await signInViaApi(supervisorPage.request, supervisorEmail, initialPassword);
    await supervisorPage.goto("/");
    const projects = supervisorPage.getByRole("table");
    await expect(projects.getByRole("link", { name: `Mine ${mineCode}` })).toBeVisible();
    await expect(projects.getByRole("row")).toHaveCount(2); // header + their one project
    await expect(supervisorPage.getByText(otherCode)).toHaveCount(0);
    await expect(supervisorPage.getByRole("link", { name: "Admin" })).toHaveCount(0);

    // Guessing the other project's URL gives the 404 page, as for a project that does not exist.
    expect(otherProjectId).toMatch(/^[0-9a-f-]{36}$/);
    const other = await supervisorPage.goto(`/projects/${otherProjectId}`);
    expect(other?.status()).toBe(404);
    await expect(supervisorPage.getByText(otherCode)).toHaveCount(0);

    // Admin screens and the admin API are not theirs either.
    expect((await supervisorPage.goto("/admin"))?.status()).toBe(404);
    const forbidden = await supervisorPage.request.post("/api/admin/projects", { data: { name: "Nope", code: uniqueProjectCode() } });
    expect(forbidden.status()).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: "forbidden" } });
  } finally {
    await supervisorContext.close();
  }
});

test("admin renames, archives and unarchives a project, changes a role and removes a member", async ({ page }) => {
  await signInAsAdmin(page);
  const project = await createProjectViaApi(page.request, "Rename me");
  const { user } = await createUserViaApi(page.request, { name: "Vic Viewer" });
  const added = await page.request.post(`/api/admin/projects/${project.id}/members`, { data: { email: user.email, role: "viewer" } });
  expect(added.status()).toBe(201);

  await page.goto("/admin");
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: project.code, exact: true }) });
  await row.getByRole("button", { name: `Rename ${project.code}` }).click();
  await row.getByLabel(`New name for ${project.code}`).fill("Renamed project");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("link", { name: "Renamed project" })).toBeVisible();

  await row.getByRole("button", { name: `Archive ${project.code}` }).click();
  await expect(row.getByRole("cell", { name: "Archived" })).toBeVisible();
  await row.getByRole("button", { name: `Unarchive ${project.code}` }).click();
  await expect(row.getByRole("cell", { name: "Active" })).toBeVisible();

  await row.getByRole("link", { name: new RegExp(`^Members of ${project.code}`) }).click();
  await page.getByLabel(`Role of ${user.email}`).selectOption("producer");
  await expect(page.getByLabel(`Role of ${user.email}`)).toHaveValue("producer");
  await page.reload();
  await expect(page.getByLabel(`Role of ${user.email}`)).toHaveValue("producer");
  await page.getByRole("button", { name: `Remove ${user.email}` }).click();
  await expect(page.getByText("No members yet.")).toBeVisible();
});

test("admin disables a user, who can no longer sign in, and enables them again", async ({ page, playwright }) => {
  const { baseUrl } = e2eEnv();
  await signInAsAdmin(page);
  const { user, password: danaPassword } = await createUserViaApi(page.request, { name: "Dana Disabled" });
  await page.goto("/admin");
  await page.getByRole("button", { name: `Disable ${user.email}` }).click();
  await expect(page.getByRole("button", { name: `Enable ${user.email}` })).toBeVisible();

  const anonymous = await playwright.request.newContext({ baseURL: baseUrl });
  try {
    expect((await postCredentials(anonymous, user.email, danaPassword)).status()).toBe(401);
    await page.getByRole("button", { name: `Enable ${user.email}` }).click();
    await expect(page.getByRole("button", { name: `Disable ${user.email}` })).toBeVisible();
    expect((await postCredentials(anonymous, user.email, danaPassword)).status()).toBe(200);
  } finally {
    await anonymous.dispose();
  }
});

test.describe("admin API", () => {
  test("answers 422 naming the field, 409 for a taken code, 404 for unknown ids", async ({ page }) => {
    await signInAsAdmin(page);
    const badEmail = await page.request.post("/api/admin/users", { data: { email: "not-an-email", name: "X" } });
    expect(badEmail.status()).toBe(422);
    expect(((await badEmail.json()) as { error: { message: string } }).error.message).toMatch(/^email: /);

    const badCode = await page.request.post("/api/admin/projects", { data: { name: "X", code: "no spaces!" } });
    expect(badCode.status()).toBe(422);
    expect(await badCode.json()).toMatchObject({ error: { code: "validation_failed", message: expect.stringMatching(/^code: /) } });

    const project = await createProjectViaApi(page.request, "API checks");
    const taken = await page.request.post("/api/admin/projects", { data: { name: "Again", code: project.code } });
    expect(taken.status()).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("code") } });

    const unknownProject = "00000000-0000-4000-8000-000000000000";
    const missing = await page.request.post(`/api/admin/projects/${unknownProject}/members`, {
      data: { email: e2eEnv().adminEmail, role: "viewer" },
    });
    expect(missing.status()).toBe(404);
    expect((await page.request.patch(`/api/admin/users/${unknownProject}`, { data: { disabled: true } })).status()).toBe(404);
    expect((await page.request.get(`/api/admin/projects/not-a-uuid/members`)).status()).toBe(404);
  });
});

test.describe("signed out", () => {
  test("an API route answers 401 JSON", async ({ request }) => {
    const response = await request.get("/api/admin/users");
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
    expect((await request.post("/api/admin/projects", { data: { name: "X", code: "XX" } })).status()).toBe(401);
  });

  test("a page redirects to /signin", async ({ page }) => {
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  });
});

test("ten wrong passwords, then the sign-in callback answers 429 rate_limited", async ({ request }) => {
  const email = uniqueEmail("guessed");
  for (let i = 0; i < 10; i++) {
    expect((await postCredentials(request, email, `wrong-password-${i}`)).status()).toBe(401);
  }
  const limited = await postCredentials(request, email, "wrong-password-again");
  expect(limited.status()).toBe(429);
  // Seconds until the oldest of the ten failures leaves the 15-minute window.
  const retryAfter = Number(limited.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(900);
  expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" }, url: expect.stringMatching(/^https?:\/\/.+\/signin\?error=RateLimited$/) });
});

test("the sign-in form tells a rate-limited user how long to wait", async ({ page, playwright }) => {
  const email = uniqueEmail("limited");
  const anonymous = await playwright.request.newContext({ baseURL: e2eEnv().baseUrl });
  try {
    for (let i = 0; i < 10; i++) {
      expect((await postCredentials(anonymous, email, `wrong-password-${i}`)).status()).toBe(401);
    }
  } finally {
    await anonymous.dispose();
  }
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("even-the-right-one-would-wait");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/,
  );
  await expect(page).toHaveURL(/\/signin/);
});

test("signing out on /signout lands on /signin, and protected pages then ask to sign in", async ({ page }) => {
  await signInAsAdmin(page);
  const { user, password: olivePassword } = await createUserViaApi(page.request, { name: "Olive Signout" });
  await page.context().clearCookies();
  await signInViaApi(page.request, user.email, olivePassword);

  // next-auth's own sign-out URL leads to this page (pages.signOut).
  await page.goto("/api/auth/signout");
  await expect(page).toHaveURL(/\/signout$/);
  await expect(page.getByRole("heading", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(user.email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");

  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
  expect(((await (await page.request.get("/api/auth/session")).json()) as { userId?: string }).userId).toBeUndefined();
  // Signed out, the sign-out page itself sends you to sign in.
  await page.goto("/signout");
  await expect(page).toHaveURL(/\/signin$/);
});
