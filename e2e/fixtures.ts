import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import postgres from "postgres";

/**
 * Shared helpers for the end-to-end tests. scripts/e2e.ts builds and starts the production app
 * and passes E2E_BASE_URL, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_DATABASE_URL and
 * E2E_S3_CONTROL_URL (e2e/upload-outage.spec.ts).
 */
export function e2eEnv() {
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the end-to-end tests through \`npm run test:e2e\``);
    return value;
  };
  return {
    baseUrl: read("E2E_BASE_URL"),
    adminEmail: read("E2E_ADMIN_EMAIL"),
    adminPassword: read("E2E_ADMIN_PASSWORD"),
  };
}

let counter = 0;
/** Unique, sortable suffix for test data (several runs may share one database). */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`.toUpperCase();
}

export const uniqueEmail = (label: string) => `${label}-${uniqueSuffix().toLowerCase()}@e2e.test`;
/** A project code matching ^[A-Z0-9_]{2,16}$. */
export const uniqueProjectCode = (prefix = "E2E") => `${prefix}_${uniqueSuffix()}`.slice(0, 16);

/**
 * POSTs the next-auth credentials callback the way next-auth's own client does: CSRF token from
 * /api/auth/csrf (its cookie lands in the same request context), `json: "true"` for a JSON answer
 * instead of a redirect. Returns the raw response (401 wrong credentials, 429 rate limited).
 */
export async function postCredentials(request: APIRequestContext, email: string, password: string): Promise<APIResponse> {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
}

/**
 * Signs in through the API, not the form (only the form's own test uses the form). With
 * `page.request` the session cookie lands in the page's browser context.
 */
export async function signInViaApi(request: APIRequestContext, email: string, password: string): Promise<void> {
  const response = await postCredentials(request, email, password);
  expect(response.status(), `sign-in of ${email}`).toBe(200);
  const session = (await (await request.get("/api/auth/session")).json()) as { userId?: string };
  expect(session.userId, `session of ${email}`).toBeTruthy();
}

/** Signs the admin in through the API. */
export async function signInAsAdmin(page: Page): Promise<void> {
  const { adminEmail, adminPassword } = e2eEnv();
  await signInViaApi(page.request, adminEmail, adminPassword);
}

/** Creates a project through the admin API (the caller must be signed in as an admin). */
export async function createProjectViaApi(request: APIRequestContext, name: string, code = uniqueProjectCode()) {
  const response = await request.post("/api/admin/projects", { data: { name, code } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { project: { id: string; name: string; code: string } }).project;
}

/**
 * Creates a user through the admin API (the caller must be signed in as an admin) and accepts the
 * invitation as the new user would: the set-password link of the invitation e-mail, then
 * `POST /api/password/set` with a password of their choosing. The API hands no password over; the
 * e2e run has no SMTP server, so the e-mail is kept in `outgoing_emails`, read here. Returns the
 * user and the password they chose.
 */
export async function createUserViaApi(request: APIRequestContext, params: { email?: string; name?: string; isAdmin?: boolean } = {}) {
  const response = await request.post("/api/admin/users", {
    data: { email: params.email ?? uniqueEmail("user"), name: params.name ?? "E2E User", isAdmin: params.isAdmin ?? false },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { user } = (await response.json()) as { user: { id: string; email: string } };
  const token = await invitationTokenFor(user.email);
  const password = `e2e password ${randomUUID()}`;
  const set = await request.post("/api/password/set", { data: { token, password } });
  expect(set.status(), await set.text()).toBe(200);
  return { user, password };
}

/** The token of the set-password link in the newest invitation e-mail to `email` (scripts/e2e.ts passes E2E_DATABASE_URL). */
export async function invitationTokenFor(email: string): Promise<string> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run the end-to-end tests through `npm run test:e2e`");
  const sql = postgres(url, { max: 1 });
  try {
    const [mail] = await sql<{ text: string }[]>`
      select text from outgoing_emails where "to" = ${email} and kind = 'invitation' order by created_at desc limit 1`;
    const token = mail?.text.match(/\/set-password\?token=([A-Za-z0-9_-]{43})/)?.[1];
    if (!token) throw new Error(`no invitation e-mail with a set-password link to ${email}`);
    return token;
  } finally {
    await sql.end();
  }
}
