import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../app/api/auth/[...nextauth]/route";
import type { DbHandle } from "../db/client";
import { signInAttempts } from "../db/schema";
import { authorizeCredentials, RATE_LIMITED_ERROR } from "../lib/auth/auth-options";
import { describeRateLimit, isCredentialsCallback, refuseRateLimitedSignIn } from "../lib/auth/sign-in-gate";
import { getSignInLimit, SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS, signInKeys } from "../lib/auth/sign-in-rate-limit";
import { resetEnvCache } from "../lib/env";
import { createUser as createTestUser, uniqueEmail } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The 429 of the sign-in route: the gate in lib/auth/sign-in-gate.ts with real requests, and the
 * exported POST of app/api/auth/[...nextauth]/route.ts itself, pointed at this file's database
 * through the environment the app reads (lib/env.ts). Only refused requests are sent to the
 * route: the ones it lets through go on to next-auth, which needs a live Next request scope
 * (e2e/security.spec.ts sends those against the real server). next-auth's authorize() is
 * called directly.
 */

const BASE_URL = "http://axiom.test:3000";
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  // The route reads these through getEnv() on its first request (this file runs in its own worker).
  process.env.DATABASE_URL = t.url;
  process.env.NEXTAUTH_URL = BASE_URL;
  process.env.NEXTAUTH_SECRET = "integration-test-secret-0123456789";
  resetEnvCache();
});
afterAll(async () => {
  // The route's pool (db/index.ts keeps it on globalThis): close it before the database goes.
  await (globalThis as { axiomDb?: DbHandle }).axiomDb?.close();
  await t?.drop();
});

/** The client address of every request below (the route reads X-Forwarded-For, lib/auth/client-ip.ts). */
const CLIENT = "203.0.113.9";

async function limitEmail(email: string, at = new Date()) {
  const key = signInKeys(email, CLIENT).pair;
  await t.db
    .insert(signInAttempts)
    .values(Array.from({ length: SIGN_IN_MAX_FAILURES }, () => ({ email: key, succeeded: false, attemptedAt: at })));
}

function credentialsRequest(contentType: string, body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE_URL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": contentType, "X-Forwarded-For": CLIENT, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}
const gate = { baseUrl: BASE_URL, network: CLIENT };
const formBody = (email: string) => new URLSearchParams({ email, password: "whatever", csrfToken: "x", json: "true" }).toString();
const jsonBody = (email: string) => JSON.stringify({ email, password: "whatever", csrfToken: "x", json: "true" });
const ctx = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };
const ctxOf = (...nextauth: string[]) => ({ params: Promise.resolve({ nextauth }) });

describe("the sign-in route (exported POST)", () => {
  it("answers 429 for a limited email sent as a form", async () => {
    const email = uniqueEmail("form");
    await limitEmail(email);
    const response = await POST(credentialsRequest("application/x-www-form-urlencoded", formBody(email)), ctx);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(SIGN_IN_WINDOW_MS / 1000 - 120);
    expect(await response.json()).toEqual({
      error: { code: "rate_limited", message: "Too many failed sign-in attempts. Try again in 15 minutes." },
      url: `${BASE_URL}/signin?error=RateLimited`,
    });
  });

  it("answers 429 for the same email sent as JSON, which next-auth accepts too", async () => {
    const email = uniqueEmail("json");
    await limitEmail(email);
    for (const contentType of ["application/json", "application/json; charset=utf-8"]) {
      const response = await POST(credentialsRequest(contentType, jsonBody(email.toUpperCase())), ctx);
      expect(response.status).toBe(429);
      expect(await response.json()).toMatchObject({ error: { code: "rate_limited" } });
    }
  });

  it("refuses a body next-auth would not read (415) instead of letting it past the gate", async () => {
    const email = uniqueEmail("other");
    await limitEmail(email);
    for (const [contentType, body] of [
      ["text/plain", jsonBody(email)],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n${email}\r\n--x--\r\n`],
      ["application/octet-stream", formBody(email)],
    ] as const) {
      const response = await POST(credentialsRequest(contentType, body), ctx);
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
    }
  });

  it("limits every path next-auth treats as the credentials callback, not only the exact one", async () => {
    const email = uniqueEmail("variant");
    await limitEmail(email);
    for (const segments of [["callback", "credentials", "x"], ["callback", "credentials", "x", "y"], ["callback", "credentials", ""]]) {
      const response = await POST(credentialsRequest("application/x-www-form-urlencoded", formBody(email)), ctxOf(...segments));
      expect(response.status, segments.join("/")).toBe(429);
      expect(await response.json()).toMatchObject({ error: { code: "rate_limited" } });
    }
    expect(isCredentialsCallback(["callback", "credentials"])).toBe(true);
    expect(isCredentialsCallback(["callback", "credentials", "anything"])).toBe(true);
    expect(isCredentialsCallback(["signin", "credentials"])).toBe(false);
    expect(isCredentialsCallback(["callback"])).toBe(false);
  });

  it("refuses an oversized sign-in body with 413 before reading it whole", async () => {
    const big = formBody(uniqueEmail("big")) + "&pad=" + "x".repeat(100 * 1024);
    const response = await POST(credentialsRequest("application/x-www-form-urlencoded", big), ctx);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: "payload_too_large", message: "The request body is larger than 8 KiB." } });

    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 4096;
        controller.enqueue(new TextEncoder().encode("a".repeat(4096)));
      },
    });
    const streamed = await POST(credentialsRequest("application/json", endless), ctx);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(64 * 1024);

    const declared = await POST(
      credentialsRequest("application/json", jsonBody("a@b.c"), { "Content-Length": String(5 * 1024 * 1024) }),
      ctx,
    );
    expect(declared.status).toBe(413);
  });

  it("gives next-auth's client an absolute url, which it parses with new URL()", async () => {
    const email = uniqueEmail("client");
    await limitEmail(email);
    const data = (await (await POST(credentialsRequest("application/x-www-form-urlencoded", formBody(email)), ctx)).json()) as {
      url: string;
    };
    // What next-auth/react's signIn() does with the answer.
    expect(new URL(data.url).searchParams.get("error")).toBe("RateLimited");
  });
});

describe("refuseRateLimitedSignIn", () => {
  it("lets an email under the limit through, in either encoding", async () => {
    const email = uniqueEmail("fine");
    await t.db.insert(signInAttempts).values(
      Array.from({ length: SIGN_IN_MAX_FAILURES - 1 }, () => ({ email: signInKeys(email, CLIENT).pair, succeeded: false })),
    );
    expect(await refuseRateLimitedSignIn(t.db, credentialsRequest("application/json", jsonBody(email)), gate)).toBeNull();
    expect(
      await refuseRateLimitedSignIn(t.db, credentialsRequest("application/x-www-form-urlencoded", formBody(email)), gate),
    ).toBeNull();
  });

  it("leaves the body readable for next-auth afterwards", async () => {
    const request = credentialsRequest("application/json", jsonBody(uniqueEmail("body")));
    await refuseRateLimitedSignIn(t.db, request, gate);
    expect(await request.json()).toMatchObject({ password: "whatever" });
  });

  it("says how long is left: the limit lifts when the tenth-last failure leaves the window", async () => {
    const email = uniqueEmail("later");
    const now = new Date();
    await limitEmail(email, new Date(now.getTime() - 5 * 60_000));
    expect(await getSignInLimit(t.db, { email, network: CLIENT, now })).toEqual({ retryAfterSeconds: 10 * 60, scope: "pair" });
    const response = await refuseRateLimitedSignIn(t.db, credentialsRequest("application/json", jsonBody(email)), { ...gate, now });
    expect(response?.status).toBe(429);
    expect(response?.headers.get("Retry-After")).toBe("600");
    expect(await response?.json()).toMatchObject({ error: { message: "Too many failed sign-in attempts. Try again in 10 minutes." } });
    // Once the window has passed those failures, nothing is left.
    expect(await getSignInLimit(t.db, { email, network: CLIENT, now: new Date(now.getTime() + 10 * 60_000 + 1000) })).toBeNull();
  });

  it("a JSON body without a string email is left to next-auth, which refuses it", async () => {
    for (const body of ["null", "[]", JSON.stringify({ email: ["a@b.c"] }), "{broken"]) {
      expect(await refuseRateLimitedSignIn(t.db, credentialsRequest("application/json", body), gate)).toBeNull();
    }
  });
});

describe("next-auth's authorize()", () => {
  it("checks the limit itself: past the gate (any URL), the 11th attempt is refused even with the right password", async () => {
    const password = "authorize password 1234";
    const user = await createTestUser(t.db, { email: uniqueEmail("authorize"), name: "A", password });
    const req = { headers: { "x-forwarded-for": CLIENT } };
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect(await authorizeCredentials({ email: user.email, password: "wrong-password" }, req)).toBeNull();
    }
    // next-auth turns this into 401 ?error=RateLimited, which the route answers as 429.
    await expect(authorizeCredentials({ email: user.email, password: password }, req)).rejects.toThrow(RATE_LIMITED_ERROR);
    // From another address the user still gets in.
    expect(await authorizeCredentials({ email: user.email, password: password }, { headers: { "x-forwarded-for": "192.0.2.44" } })).toMatchObject({
      id: user.id,
    });
  });
});

describe("describeRateLimit", () => {
  it("rounds up to whole minutes and never says zero", () => {
    expect(describeRateLimit(900)).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect(describeRateLimit(61)).toBe("Too many failed sign-in attempts. Try again in 2 minutes.");
    expect(describeRateLimit(1)).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
  });
});
