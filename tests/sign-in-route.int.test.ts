import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../app/api/auth/[...nextauth]/route";
import type { DbHandle } from "../db/client";
import { signInAttempts } from "../db/schema";
import { describeRateLimit, refuseRateLimitedSignIn } from "../lib/auth/sign-in-gate";
import { getSignInRetryAfterSeconds, SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS } from "../lib/auth/sign-in-rate-limit";
import { resetEnvCache } from "../lib/env";
import { uniqueEmail } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The 429 of the sign-in route: the gate in lib/auth/sign-in-gate.ts with real requests, and the
 * exported POST of app/api/auth/[...nextauth]/route.ts itself, pointed at this file's database
 * through the environment the app reads (lib/env.ts). Only refused requests are sent to the
 * route: the ones it lets through go on to next-auth, which needs a live Next request scope.
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

async function limitEmail(email: string, at = new Date()) {
  await t.db
    .insert(signInAttempts)
    .values(Array.from({ length: SIGN_IN_MAX_FAILURES }, () => ({ email: email.toLowerCase(), succeeded: false, attemptedAt: at })));
}

function credentialsRequest(contentType: string, body: string): Request {
  return new Request(`${BASE_URL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body,
  });
}
const formBody = (email: string) => new URLSearchParams({ email, password: "whatever", csrfToken: "x", json: "true" }).toString();
const jsonBody = (email: string) => JSON.stringify({ email, password: "whatever", csrfToken: "x", json: "true" });
const ctx = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };

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
      Array.from({ length: SIGN_IN_MAX_FAILURES - 1 }, () => ({ email, succeeded: false })),
    );
    expect(await refuseRateLimitedSignIn(t.db, credentialsRequest("application/json", jsonBody(email)), { baseUrl: BASE_URL })).toBeNull();
    expect(
      await refuseRateLimitedSignIn(t.db, credentialsRequest("application/x-www-form-urlencoded", formBody(email)), { baseUrl: BASE_URL }),
    ).toBeNull();
  });

  it("leaves the body readable for next-auth afterwards", async () => {
    const request = credentialsRequest("application/json", jsonBody(uniqueEmail("body")));
    await refuseRateLimitedSignIn(t.db, request, { baseUrl: BASE_URL });
    expect(await request.json()).toMatchObject({ password: "whatever" });
  });

  it("says how long is left: the limit lifts when the tenth-last failure leaves the window", async () => {
    const email = uniqueEmail("later");
    const now = new Date();
    await limitEmail(email, new Date(now.getTime() - 5 * 60_000));
    expect(await getSignInRetryAfterSeconds(t.db, email, now)).toBe(10 * 60);
    const response = await refuseRateLimitedSignIn(t.db, credentialsRequest("application/json", jsonBody(email)), { baseUrl: BASE_URL, now });
    expect(response?.status).toBe(429);
    expect(response?.headers.get("Retry-After")).toBe("600");
    expect(await response?.json()).toMatchObject({ error: { message: "Too many failed sign-in attempts. Try again in 10 minutes." } });
    // Once the window has passed those failures, nothing is left.
    expect(await getSignInRetryAfterSeconds(t.db, email, new Date(now.getTime() + 10 * 60_000 + 1000))).toBeNull();
  });

  it("a JSON body without a string email is left to next-auth, which refuses it", async () => {
    for (const body of ["null", "[]", JSON.stringify({ email: ["a@b.c"] }), "{broken"]) {
      expect(await refuseRateLimitedSignIn(t.db, credentialsRequest("application/json", body), { baseUrl: BASE_URL })).toBeNull();
    }
  });
});

describe("describeRateLimit", () => {
  it("rounds up to whole minutes and never says zero", () => {
    expect(describeRateLimit(900)).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect(describeRateLimit(61)).toBe("Too many failed sign-in attempts. Try again in 2 minutes.");
    expect(describeRateLimit(1)).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
  });
});
