import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, outgoingEmails, passwordTokens } from "../db/schema";
import { changePassword } from "../lib/auth/change-password";
import { hashPasswordToken, issuePasswordToken, setPasswordWithToken } from "../lib/auth/password-tokens";
import { RESET_MAX_PER_EMAIL, requestPasswordReset } from "../lib/auth/request-password-reset";
import { verifyCredentials } from "../lib/auth/verify-credentials";
import { POST as createUserRoute } from "../app/api/admin/users/route";
import { resetEnvCache } from "../lib/env";
import { toAppError } from "../lib/errors";
import { createUser, createUserInput } from "../lib/users/create-user";
import { createUser as createTestUser, uniqueEmail } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

const appUrl = "https://axiom.example.com";
const NEW_PASSWORD = "correct horse battery staple";

/** Account e-mails (docs/security.md, "Account e-mails"): invitation, forgot password, single-use links. */
describe("account e-mails", () => {
  let t: TestDatabase;
  let admin: { id: string; isAdmin: boolean };
  let networkCounter = 0;
  const newNetwork = () => `198.51.100.${++networkCounter}/32`;

  const emailsTo = (to: string) => t.db.select().from(outgoingEmails).where(eq(outgoingEmails.to, to));
  /** The token in the one set-password link of the text. */
  function tokenIn(text: string): string {
    const match = text.match(new RegExp(`${appUrl.replaceAll(".", "\\.")}/set-password\\?token=([A-Za-z0-9_-]{43})\\b`));
    if (!match?.[1]) throw new Error(`no set-password link in:\n${text}`);
    return match[1];
  }
  const auditOf = (action: string, userId: string) =>
    t.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, userId)));
  const codeOf = (promise: Promise<unknown>) => promise.then(() => "ok", (e: unknown) => toAppError(e).code);

  beforeAll(async () => {
    t = await createTestDatabase();
    const row = await createTestUser(t.db, { isAdmin: true, name: "Ada Admin" });
    admin = { id: row.id, isAdmin: true };
  });
  afterAll(() => t?.drop());

  it("an invitation: no password handed over, an e-mail with a 72 h single-use link; using it sets the password, audited", async () => {
    const email = uniqueEmail("invited");
    const created = await createUser(t.db, {
      ...createUserInput.parse({ email, name: "Ivy <Invited>" }),
      actor: admin,
      invitation: { appUrl },
    });
    expect(created).not.toHaveProperty("initialPassword");
    const [mail] = await emailsTo(email);
    expect(mail).toMatchObject({ kind: "invitation", status: "queued", subject: "You are invited to AXIOM" });
    expect(mail!.text).toContain("Ada Admin added you");
    expect(mail!.html).toContain("Ivy &lt;Invited&gt;");
    const token = tokenIn(mail!.text);
    // ≥ 256 bits, and only its hash is stored.
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const [stored] = await t.db.select().from(passwordTokens).where(eq(passwordTokens.userId, created.user.id));
    expect(stored).toMatchObject({ purpose: "invitation", tokenHash: hashPasswordToken(token), usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    const hours = (stored!.expiresAt.getTime() - stored!.createdAt.getTime()) / 3600_000;
    expect(hours).toBeCloseTo(72, 1);
    expect(await auditOf("user.invited", created.user.id)).toHaveLength(1);

    expect((await verifyCredentials(t.db, email, NEW_PASSWORD)).ok).toBe(false);
    expect(await setPasswordWithToken(t.db, { token, password: NEW_PASSWORD })).toEqual({ email });
    expect((await verifyCredentials(t.db, email, NEW_PASSWORD)).ok).toBe(true);
    const [audit] = await auditOf("user.password_set", created.user.id);
    expect(audit).toMatchObject({ actorId: created.user.id, data: { via: "invitation" } });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);

    // Single use: the same link again is refused, and the password stays.
    expect(await codeOf(setPasswordWithToken(t.db, { token, password: "another password 123" }))).toBe("not_found");
    expect((await verifyCredentials(t.db, email, NEW_PASSWORD)).ok).toBe(true);
  });

  it("POST /api/admin/users invites too: the answer holds the user and no password, the e-mail the link", async () => {
    process.env.NEXTAUTH_URL = appUrl;
    resetEnvCache();
    const email = uniqueEmail("api-invited");
    const response = await createUserRoute.withDeps({ db: t.db, publicUrl: "http://localhost", readSession: async () => ({ userId: admin.id }) })(
      new Request("http://localhost/api/admin/users", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost", "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ email, name: "Script Made" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(201);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(["user"]);
    expect(JSON.stringify(answer)).not.toMatch(/password/i);
    const [mail] = await emailsTo(email);
    expect(mail).toMatchObject({ kind: "invitation" });
    await setPasswordWithToken(t.db, { token: tokenIn(mail!.text), password: NEW_PASSWORD });
    expect((await verifyCredentials(t.db, email, NEW_PASSWORD)).ok).toBe(true);
  });

  it("two concurrent uses of one link: exactly one wins", async () => {
    const user = await createTestUser(t.db);
    const token = await issuePasswordToken(t.db, { userId: user.id, purpose: "reset" });
    const outcomes = await Promise.all([
      codeOf(setPasswordWithToken(t.db, { token, password: "first password 123" })),
      codeOf(setPasswordWithToken(t.db, { token, password: "second password 123" })),
    ]);
    expect(outcomes.sort()).toEqual(["not_found", "ok"]);
    expect(await auditOf("user.password_set", user.id)).toHaveLength(1);
  });

  it("an expired link, an unknown one and a disabled user's are refused alike", async () => {
    const user = await createTestUser(t.db);
    const expired = await issuePasswordToken(t.db, { userId: user.id, purpose: "reset", now: new Date(Date.now() - 2 * 3600_000) });
    expect(await codeOf(setPasswordWithToken(t.db, { token: expired, password: NEW_PASSWORD }))).toBe("not_found");
    expect(await codeOf(setPasswordWithToken(t.db, { token: "A".repeat(43), password: NEW_PASSWORD }))).toBe("not_found");
    const disabled = await createTestUser(t.db, { disabledAt: new Date() });
    const theirs = await issuePasswordToken(t.db, { userId: disabled.id, purpose: "reset" });
    expect(await codeOf(setPasswordWithToken(t.db, { token: theirs, password: NEW_PASSWORD }))).toBe("not_found");
  });

  it("forgot password: the same answer for a known and an unknown e-mail; only the account gets a 1 h link; audited", async () => {
    const user = await createTestUser(t.db);
    const unknown = uniqueEmail("nobody");
    const network = newNetwork();
    expect(await codeOf(requestPasswordReset(t.db, { email: ` ${user.email.toUpperCase()} `, network, appUrl }))).toBe("ok");
    expect(await codeOf(requestPasswordReset(t.db, { email: unknown, network, appUrl }))).toBe("ok");
    expect(await emailsTo(unknown)).toEqual([]);
    const [mail] = await emailsTo(user.email);
    expect(mail).toMatchObject({ kind: "password_reset", subject: "Reset your AXIOM password" });
    const token = tokenIn(mail!.text);
    const [stored] = await t.db.select().from(passwordTokens).where(eq(passwordTokens.tokenHash, hashPasswordToken(token)));
    expect((stored!.expiresAt.getTime() - stored!.createdAt.getTime()) / 3600_000).toBeCloseTo(1, 1);
    expect(await auditOf("user.password_reset_requested", user.id)).toHaveLength(1);
    await setPasswordWithToken(t.db, { token, password: NEW_PASSWORD });
    expect((await verifyCredentials(t.db, user.email, NEW_PASSWORD)).ok).toBe(true);
  });

  it("forgot password is rate limited per e-mail (from any network) and per network (for any e-mail)", async () => {
    const user = await createTestUser(t.db);
    for (let i = 0; i < RESET_MAX_PER_EMAIL; i++) {
      expect(await codeOf(requestPasswordReset(t.db, { email: user.email, network: newNetwork(), appUrl }))).toBe("ok");
    }
    expect(await codeOf(requestPasswordReset(t.db, { email: user.email, network: newNetwork(), appUrl }))).toBe("rate_limited");
    // An unknown e-mail is limited the same way: the limit says nothing about existence.
    const unknown = uniqueEmail("ghost");
    const parallel = await Promise.all(
      Array.from({ length: RESET_MAX_PER_EMAIL + 2 }, () => codeOf(requestPasswordReset(t.db, { email: unknown, network: newNetwork(), appUrl }))),
    );
    expect(parallel.filter((c) => c === "ok")).toHaveLength(RESET_MAX_PER_EMAIL);
    expect(parallel.filter((c) => c === "rate_limited")).toHaveLength(2);

    const office = newNetwork();
    const answers: string[] = [];
    for (let i = 0; i < 21; i++) answers.push(await codeOf(requestPasswordReset(t.db, { email: uniqueEmail(`o${i}`), network: office, appUrl })));
    expect(answers.slice(0, 20).every((a) => a === "ok")).toBe(true);
    expect(answers[20]).toBe("rate_limited");
  });

  it("a signed-in user changes their password with the current one; a wrong current one changes nothing; audited", async () => {
    const user = await createTestUser(t.db, { password: "the old password" });
    const actor = { id: user.id, isAdmin: false };
    expect(await codeOf(changePassword(t.db, { actor, input: { currentPassword: "not it at all", newPassword: NEW_PASSWORD } }))).toBe(
      "validation_failed",
    );
    expect((await verifyCredentials(t.db, user.email, "the old password")).ok).toBe(true);
    await changePassword(t.db, { actor, input: { currentPassword: "the old password", newPassword: NEW_PASSWORD } });
    expect((await verifyCredentials(t.db, user.email, NEW_PASSWORD)).ok).toBe(true);
    expect((await verifyCredentials(t.db, user.email, "the old password")).ok).toBe(false);
    const audits = await auditOf("user.password_changed", user.id);
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain(NEW_PASSWORD);
  });
});
