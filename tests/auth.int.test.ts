import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAttempts } from "../db/schema";
import {
  isSignInRateLimited,
  SIGN_IN_MAX_FAILURES,
  SIGN_IN_WINDOW_MS,
} from "../lib/auth/sign-in-rate-limit";
import { verifyCredentials } from "../lib/auth/verify-credentials";
import { createUser } from "../lib/users/create-user";
import { setUserDisabled } from "../lib/users/set-user-disabled";
import { uniqueEmail } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

describe("verifyCredentials", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  async function newUser(label: string) {
    // actorId null: the system creates it, as the seed script does.
    return createUser(t.db, { actorId: null, email: uniqueEmail(label), name: label });
  }

  it("accepts the right password, whatever the email's case and surrounding spaces", async () => {
    const { user, initialPassword } = await newUser("right");
    const result = await verifyCredentials(t.db, `  ${user.email.toUpperCase()} `, initialPassword);
    expect(result.ok).toBe(true);
    expect(result.ok && result.user.id).toBe(user.id);
  });

  it("fails alike for a wrong password, an unknown email and a disabled user", async () => {
    const { user, initialPassword } = await newUser("alike");
    const disabled = await newUser("disabled");
    await setUserDisabled(t.db, { actorId: null, userId: disabled.user.id, disabled: true });

    const results = [
      await verifyCredentials(t.db, user.email, `${initialPassword}x`),
      await verifyCredentials(t.db, uniqueEmail("nobody"), initialPassword),
      await verifyCredentials(t.db, disabled.user.email, disabled.initialPassword),
    ];
    // Exactly the same value: nothing tells the caller which of the three it was.
    for (const result of results) expect(result).toStrictEqual({ ok: false });
  });

  it("records every attempt, failed or not, under the normalised email", async () => {
    const { user, initialPassword } = await newUser("recorded");
    await verifyCredentials(t.db, user.email.toUpperCase(), "wrong-password");
    await verifyCredentials(t.db, user.email, initialPassword);
    const rows = await t.sql<{ succeeded: boolean }[]>`
      select succeeded from sign_in_attempts where email = ${user.email} order by id`;
    expect(rows.map((r) => r.succeeded)).toEqual([false, true]);
  });
});

describe("sign-in rate limit", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it(`limits an email after ${SIGN_IN_MAX_FAILURES} failures inside the window, even for the right password`, async () => {
    const { user, initialPassword } = await createUser(t.db, { actorId: null, email: uniqueEmail("limited"), name: "L" });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES - 1; i++) {
      await verifyCredentials(t.db, user.email, "wrong-password");
    }
    expect(await isSignInRateLimited(t.db, user.email)).toBe(false);
    await verifyCredentials(t.db, user.email, "wrong-password");
    expect(await isSignInRateLimited(t.db, user.email)).toBe(true);
    expect(await isSignInRateLimited(t.db, user.email.toUpperCase())).toBe(true);
    // The limit is checked before the password (the route answers 429); the password itself is still right.
    expect((await verifyCredentials(t.db, user.email, initialPassword)).ok).toBe(true);
  });

  it("counts unknown emails too, and only per email", async () => {
    const unknown = uniqueEmail("ghost");
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await verifyCredentials(t.db, unknown, "guess");
    expect(await isSignInRateLimited(t.db, unknown)).toBe(true);
    expect(await isSignInRateLimited(t.db, uniqueEmail("bystander"))).toBe(false);
  });

  it("forgets failures older than the window", async () => {
    const email = uniqueEmail("old");
    const longAgo = new Date(Date.now() - SIGN_IN_WINDOW_MS - 60_000);
    await t.db
      .insert(signInAttempts)
      .values(Array.from({ length: SIGN_IN_MAX_FAILURES }, () => ({ email, succeeded: false, attemptedAt: longAgo })));
    expect(await isSignInRateLimited(t.db, email)).toBe(false);
    // ...but they count when "now" is still inside their window.
    expect(await isSignInRateLimited(t.db, email, new Date(longAgo.getTime() + 1000))).toBe(true);
  });

  it("does not count successful attempts", async () => {
    const { user, initialPassword } = await createUser(t.db, { actorId: null, email: uniqueEmail("ok"), name: "OK" });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES + 2; i++) await verifyCredentials(t.db, user.email, initialPassword);
    expect(await isSignInRateLimited(t.db, user.email)).toBe(false);
  });
});
