import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, projectMembers, projects, users } from "../db/schema";
import { verifyCredentials } from "../lib/auth/verify-credentials";
import { describeSeedResult, seed, SEED_ADMIN_EMAIL, SEED_PROJECT } from "../scripts/seed";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

describe("seed", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it("run twice, keeps the admin's password and the demo project, and records each row once", async () => {
    const first = await seed(t.db, { adminPassword: "first-password-123" });
    expect(first).toMatchObject({ adminEmail: SEED_ADMIN_EMAIL, isAdminCreated: true, isProjectCreated: true });
    expect(first.generatedPassword).toBeUndefined();
    const [adminBefore] = await t.db.select().from(users).where(eq(users.id, first.adminId));

    // A second run, even with another password in the environment, changes nothing.
    const second = await seed(t.db, { adminPassword: "second-password-456" });
    expect(second).toMatchObject({
      adminId: first.adminId,
      projectId: first.projectId,
      isAdminCreated: false,
      isProjectCreated: false,
    });
    expect(second.generatedPassword).toBeUndefined();
    // A third without one does not generate (and so does not reset) a password either.
    const third = await seed(t.db);
    expect(third).toMatchObject({ adminId: first.adminId, isAdminCreated: false, generatedPassword: undefined });

    const [adminAfter] = await t.db.select().from(users).where(eq(users.id, first.adminId));
    expect(adminAfter?.passwordHash).toBe(adminBefore?.passwordHash);
    expect((await verifyCredentials(t.db, SEED_ADMIN_EMAIL, "first-password-123")).ok).toBe(true);
    expect((await verifyCredentials(t.db, SEED_ADMIN_EMAIL, "second-password-456")).ok).toBe(false);

    expect(await t.db.select({ id: users.id }).from(users).where(eq(users.email, SEED_ADMIN_EMAIL))).toHaveLength(1);
    const demo = await t.db.select().from(projects).where(eq(projects.code, SEED_PROJECT.code));
    expect(demo).toEqual([expect.objectContaining({ id: first.projectId, name: SEED_PROJECT.name, archivedAt: null })]);
    expect(await t.db.select().from(projectMembers).where(eq(projectMembers.projectId, first.projectId))).toEqual([
      expect.objectContaining({ userId: first.adminId, role: "supervisor" }),
    ]);
    const actions = (await t.db.select({ action: auditEvents.action }).from(auditEvents)).map((e) => e.action).sort();
    expect(actions).toEqual(["project.created", "project.member_added", "user.created"]);
    expect(describeSeedResult(second)).toContain("already exists (password unchanged)");
  });

  it("generates a password on the first run when none is given, shown once", async () => {
    const other = await createTestDatabase();
    try {
      const first = await seed(other.db);
      expect(first.generatedPassword?.length).toBeGreaterThanOrEqual(20);
      expect(describeSeedResult(first)).toContain(first.generatedPassword);
      expect((await verifyCredentials(other.db, SEED_ADMIN_EMAIL, first.generatedPassword ?? "")).ok).toBe(true);
      const again = await seed(other.db);
      expect(again.generatedPassword).toBeUndefined();
      expect((await verifyCredentials(other.db, SEED_ADMIN_EMAIL, first.generatedPassword ?? "")).ok).toBe(true);
    } finally {
      await other.drop();
    }
  });
});
