import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createUserViaApi, e2eEnv, signInAsAdmin, uniqueEmail } from "./fixtures";

/**
 * Issue 10's "show it works", against the production build: headers and CSP on real pages (and the
 * pages still run under them), the sign-in limit on every credentials-callback path, cross-origin /
 * non-JSON / oversized mutations refused, and no open redirect from the sign-in page.
 * Sign-in attempts here send their own X-Forwarded-For (a documentation-range address per test),
 * so they do not use up the per-network limit of 127.0.0.1 that the other specs sign in from.
 */

let networkCounter = 0;
const freshNetwork = () => `192.0.2.${(Date.now() % 200) + (networkCounter++ % 50)}`;

async function postCredentialsTo(
  request: APIRequestContext,
  path: string,
  params: { email: string; password: string; network: string; csrfToken?: string },
) {
  const csrfToken = params.csrfToken ?? ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  return request.post(path, {
    form: { csrfToken, email: params.email, password: params.password, json: "true", callbackUrl: "/" },
    headers: { "X-Forwarded-For": params.network },
    maxRedirects: 0,
  });
}

function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|create)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe("security headers", () => {
  test("every page and API answer carries CSP, frame-ancestors 'none', nosniff, Referrer-Policy, XFO and HSTS", async ({ request }) => {
    for (const path of ["/signin", "/api/auth/csrf", "/api/admin/users"]) {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      expect(headers["content-security-policy"], path).toMatch(/frame-ancestors 'none'/);
      expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(headers["content-security-policy"], path).toMatch(/media-src 'self' blob:/);
      expect(headers["content-security-policy"], path).toMatch(/worker-src 'self' blob:/);
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["strict-transport-security"], path).toMatch(/^max-age=\d+/);
    }
    const first = (await request.get("/signin")).headers()["content-security-policy"];
    const second = (await request.get("/signin")).headers()["content-security-policy"];
    expect(first).not.toBe(second); // a fresh nonce per response
  });

  test("the pages run under the policy: the sign-in form signs in and the projects page renders, with no violation", async ({ page }) => {
    const violations = collectCspViolations(page);
    await signInAsAdmin(page);
    const { user, password } = await createUserViaApi(page.request, { name: "Casey CSP" });
    await page.context().clearCookies();
    await page.goto("/signin");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click(); // a client-side handler: needs hydrated scripts
    await expect(page).not.toHaveURL(/\/signin/);
    expect(violations).toEqual([]);
  });
});

test.describe("sign-in limit", () => {
  test("POST /api/auth/callback/credentials/anything is limited like the plain path: 11th failure → 429", async ({ request }) => {
    const email = uniqueEmail("variant");
    const network = freshNetwork();
    for (let i = 0; i < 10; i++) {
      const answer = await postCredentialsTo(request, "/api/auth/callback/credentials/x", { email, password: `wrong-${i}`, network });
      expect(answer.status()).toBe(401);
    }
    for (const path of ["/api/auth/callback/credentials/x", "/api/auth/callback/credentials/x/y", "/api/auth/callback/credentials"]) {
      const limited = await postCredentialsTo(request, path, { email, password: "wrong-again", network });
      expect(limited.status(), path).toBe(429);
      expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" } });
    }
  });

  test("parallel wrong passwords get at most ten password checks; the rest are refused with 429", async ({ request }) => {
    const email = uniqueEmail("parallel");
    const network = freshNetwork();
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        postCredentialsTo(request, "/api/auth/callback/credentials", { email, password: `wrong-${i}`, network, csrfToken }),
      ),
    );
    const statuses = answers.map((a) => a.status());
    expect(statuses.filter((s) => s === 401).length).toBe(10);
    expect(statuses.filter((s) => s === 429).length).toBe(6);
  });
});

test.describe("mutations", () => {
  test("a cross-origin or text/plain mutation is refused (403/415), a 2 MB body is refused (413) before auth", async ({ page, request }) => {
    await signInAsAdmin(page);
    const { baseUrl } = e2eEnv();
    const crossOrigin = await page.request.post("/api/admin/projects", {
      data: { name: "Cross", code: "CROSS_1" },
      headers: { Origin: "https://evil.example" },
    });
    expect(crossOrigin.status()).toBe(403);
    expect(await crossOrigin.json()).toMatchObject({ error: { code: "forbidden_origin" } });

    const sibling = await page.request.post("/api/admin/projects", {
      data: { name: "Sibling", code: "SIB_1" },
      headers: { "Sec-Fetch-Site": "same-site" },
    });
    expect(sibling.status()).toBe(403);

    const textPlain = await page.request.post("/api/admin/projects", {
      data: JSON.stringify({ name: "Plain", code: "PLAIN_1" }),
      headers: { "Content-Type": "text/plain", Origin: baseUrl },
    });
    expect(textPlain.status()).toBe(415);
    expect(await textPlain.json()).toMatchObject({ error: { code: "unsupported_media_type" } });

    const sameOrigin = await page.request.get("/api/admin/projects", { headers: { Origin: "https://evil.example" } });
    expect(sameOrigin.status()).toBe(200); // reads are not mutations

    const huge = await request.post("/api/admin/projects", { data: { name: "x".repeat(2 * 1024 * 1024), code: "BIG_1" } });
    expect(huge.status()).toBe(413); // anonymous: refused before the session is looked at
    expect(await huge.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });
});

test("the sign-in page never redirects off-site", async ({ page }) => {
  await signInAsAdmin(page);
  const { baseUrl } = e2eEnv();
  for (const callbackUrl of ["/\\evil.example", "//evil.example", "https://evil.example/", "/\t/evil.example"]) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect(new URL(page.url()).origin, callbackUrl).toBe(new URL(baseUrl).origin);
    expect(new URL(page.url()).pathname, callbackUrl).toBe("/");
  }
});
