import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAttempts } from "../db/schema";
import { signInWithPassword } from "../lib/auth/sign-in-with-password";
import {
  getSignInLimit,
  SIGN_IN_MAX_FAILURES,
  SIGN_IN_MAX_FAILURES_PER_EMAIL,
  SIGN_IN_MAX_FAILURES_PER_NETWORK,
  SIGN_IN_WINDOW_MS,
  signInKeys,
} from "../lib/auth/sign-in-rate-limit";
import { signInSubjectId, UNRECORDED_SIGN_IN_SUBJECT } from "../lib/auth/sign-in-subject";
import { verifyCredentials } from "../lib/auth/verify-credentials";
import { getAuditKeys } from "../lib/env";
import { setUserDisabled } from "../lib/users/set-user-disabled";
import { createUser as createTestUser, uniqueEmail } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

/** A user with a password of their own (hashed for real: these tests are about checking it). */
async function newUser(label: string) {
  const password = `${label} password ${randomUUID()}`;
  const user = await createTestUser(t.db, { email: uniqueEmail(label), name: label, password });
  return { user, password };
}
let networkCounter = 0;
/** A fresh documentation-range address per call: tests do not share limits by accident. */
const newNetwork = () => `198.51.${Math.floor(++networkCounter / 250)}.${networkCounter % 250}`;

async function fail(email: string, network: string) {
  return signInWithPassword(t.db, { email, password: "wrong-password", network });
}
/** `count` failures under one key, written directly (fast; the keys are the module's own). */
async function seedFailures(key: string, count: number, at = new Date()) {
  await t.db.insert(signInAttempts).values(Array.from({ length: count }, () => ({ email: key, succeeded: false, attemptedAt: at })));
}

describe("verifyCredentials", () => {
  it("accepts the right password, whatever the email's case and surrounding spaces", async () => {
    const { user, password } = await newUser("right");
    const result = await verifyCredentials(t.db, `  ${user.email.toUpperCase()} `, password);
    expect(result.ok && result.user.id).toBe(user.id);
  });

  it("fails for a wrong password, an unknown email and a disabled user, and records nothing", async () => {
    const { user, password } = await newUser("alike");
    const disabled = await newUser("disabled");
    await setUserDisabled(t.db, { actor: null, userId: disabled.user.id, disabled: true });
    const [before] = await t.sql<{ n: number }[]>`select count(*)::int as n from sign_in_attempts`;
    expect(await verifyCredentials(t.db, user.email, `${password}x`)).toEqual({ ok: false, userId: user.id });
    expect(await verifyCredentials(t.db, uniqueEmail("nobody"), password)).toEqual({ ok: false, userId: null });
    expect(await verifyCredentials(t.db, disabled.user.email, disabled.password)).toEqual({ ok: false, userId: disabled.user.id });
    const [after] = await t.sql<{ n: number }[]>`select count(*)::int as n from sign_in_attempts`;
    expect(after!.n).toBe(before!.n);
  });
});

describe("signInWithPassword: the rate limit", () => {
  it(`refuses an (email, network) after ${SIGN_IN_MAX_FAILURES} failures, even with the right password`, async () => {
    const { user, password } = await newUser("limited");
    const network = newNetwork();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) expect(await fail(user.email, network)).toEqual({ ok: false, reason: "invalid_credentials" });
    const refused = await signInWithPassword(t.db, { email: user.email.toUpperCase(), password: password, network });
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited", limit: { scope: "pair" } });
    expect(refused.ok === false && refused.reason === "rate_limited" && refused.limit.retryAfterSeconds).toBeGreaterThan(SIGN_IN_WINDOW_MS / 1000 - 60);
  });

  it("does not lock the user out from another network: failures elsewhere never reach their own key", async () => {
    const { user, password } = await newUser("victim");
    const attacker = newNetwork();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES + 3; i++) await fail(user.email, attacker);
    expect(await fail(user.email, attacker)).toMatchObject({ reason: "rate_limited", limit: { scope: "pair" } });
    const fromHome = await signInWithPassword(t.db, { email: user.email, password: password, network: newNetwork() });
    expect(fromHome.ok).toBe(true);
  });

  it(`refuses a network spraying many accounts after ${SIGN_IN_MAX_FAILURES_PER_NETWORK} failures, not other networks`, async () => {
    const sprayer = newNetwork();
    await seedFailures(signInKeys("x@y", sprayer).network, SIGN_IN_MAX_FAILURES_PER_NETWORK - 1);
    expect(await fail(uniqueEmail("spray"), sprayer)).toMatchObject({ reason: "invalid_credentials" });
    expect(await fail(uniqueEmail("spray"), sprayer)).toMatchObject({ reason: "rate_limited", limit: { scope: "network" } });
    expect(await fail(uniqueEmail("spray"), newNetwork())).toMatchObject({ reason: "invalid_credentials" });
  });

  it(`holds one account against many networks after ${SIGN_IN_MAX_FAILURES_PER_EMAIL} failures, except from where it signed in before`, async () => {
    const { user, password } = await newUser("backstop");
    const home = newNetwork();
    expect((await signInWithPassword(t.db, { email: user.email, password: password, network: home })).ok).toBe(true);
    await seedFailures(signInKeys(user.email, "x").email, SIGN_IN_MAX_FAILURES_PER_EMAIL);
    const stranger = await signInWithPassword(t.db, { email: user.email, password: password, network: newNetwork() });
    expect(stranger).toMatchObject({ ok: false, reason: "rate_limited", limit: { scope: "email" } });
    // The known network is judged by its own (email, network) key only.
    expect((await signInWithPassword(t.db, { email: user.email, password: password, network: home })).ok).toBe(true);
  });

  it("forgets failures older than the window, and does not count successes", async () => {
    const { user, password } = await newUser("old");
    const network = newNetwork();
    const longAgo = new Date(Date.now() - SIGN_IN_WINDOW_MS - 60_000);
    await seedFailures(signInKeys(user.email, network).pair, SIGN_IN_MAX_FAILURES, longAgo);
    expect(await getSignInLimit(t.db, { email: user.email, network })).toBeNull();
    expect(await getSignInLimit(t.db, { email: user.email, network, now: new Date(longAgo.getTime() + 1000) })).toMatchObject({ scope: "pair" });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES + 2; i++) {
      expect((await signInWithPassword(t.db, { email: user.email, password: password, network })).ok).toBe(true);
    }
  });

  it("is atomic: 30 wrong passwords sent at once get exactly 10 password checks", async () => {
    const { user } = await newUser("parallel");
    const network = newNetwork();
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => fail(user.email, network)));
    const checked = outcomes.filter((o) => !o.ok && o.reason === "invalid_credentials").length;
    const refused = outcomes.filter((o) => !o.ok && o.reason === "rate_limited").length;
    expect({ checked, refused }).toEqual({ checked: SIGN_IN_MAX_FAILURES, refused: 30 - SIGN_IN_MAX_FAILURES });
    const [row] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from sign_in_attempts where email = ${signInKeys(user.email, network).pair}`;
    expect(row!.n).toBe(SIGN_IN_MAX_FAILURES);
  });
});

describe("signInWithPassword: the audit trail", () => {
  async function actionsFor(userId: string) {
    const rows = await t.sql<{ action: string; actor_id: string | null; data: Record<string, unknown> }[]>`
      select action, actor_id, data from audit_events where entity_type = 'user' and entity_id = ${userId} and action like 'user.sign%' order by seq`;
    return rows;
  }

  it("records successes, failures and the failure that locks the account, with the network", async () => {
    const { user, password } = await newUser("audited");
    const network = newNetwork();
    await signInWithPassword(t.db, { email: user.email, password: password, network });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES + 2; i++) await fail(user.email, network);
    const rows = await actionsFor(user.id);
    expect(rows.map((r) => r.action)).toEqual([
      "user.signed_in",
      ...Array.from({ length: SIGN_IN_MAX_FAILURES }, () => "user.sign_in_failed"),
      "user.sign_in_locked",
    ]);
    expect(rows[0]).toMatchObject({ actor_id: user.id, data: { network } });
    expect(rows[1]).toMatchObject({ actor_id: null, data: { network } });
    expect(rows.at(-1)).toMatchObject({ data: { network, scope: "pair" } });
  });

  it("records failures and the lockout on an email that names no account under a keyed hash, never the email", async () => {
    const ghost = uniqueEmail("ghost");
    const network = newNetwork();
    const subject = signInSubjectId(ghost, getAuditKeys().current);
    expect(subject).not.toBe(UNRECORDED_SIGN_IN_SUBJECT);
    for (let i = 0; i < SIGN_IN_MAX_FAILURES + 2; i++) await fail(i % 2 ? ghost.toUpperCase() : ` ${ghost}`, network);
    const rows = await t.sql<{ action: string; actor_id: string | null; row_text: string; data: Record<string, unknown> }[]>`
      select action, actor_id, data, a::text as row_text from audit_events a
      where entity_type = 'sign_in' and entity_id = ${subject} order by seq`;
    // One subject whatever the case and spaces, the lock once, and the refused attempts not at all.
    expect(rows.map((r) => r.action)).toEqual([...Array.from({ length: SIGN_IN_MAX_FAILURES }, () => "sign_in.failed"), "sign_in.locked"]);
    expect(rows[0]).toMatchObject({ actor_id: null, data: { network } });
    expect(rows.at(-1)).toMatchObject({ data: { network, scope: "pair" } });
    const localPart = ghost.slice(0, ghost.indexOf("@"));
    for (const row of rows) expect(row.row_text.toLowerCase()).not.toContain(localPart.toLowerCase());
    // Another unknown email is another subject: attempts on one email can be grouped, and only on it.
    await fail(uniqueEmail("ghost"), network);
    const [other] = await t.sql<{ entity_id: string }[]>`
      select entity_id from audit_events where entity_type = 'sign_in' order by seq desc limit 1`;
    expect(other?.entity_id).not.toBe(subject);
  });
});
