import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, outgoingEmails, projects, users, type AuditEvent } from "../db/schema";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { actorOf, can, type Actor } from "../lib/auth/permissions";
import { AppError, toAppError } from "../lib/errors";
import { addProjectMember, addProjectMemberInput } from "../lib/members/add-project-member";
import { changeMemberRole } from "../lib/members/change-member-role";
import { listProjectMembers } from "../lib/members/list-project-members";
import { removeProjectMember } from "../lib/members/remove-project-member";
import { archiveProject, unarchiveProject } from "../lib/projects/archive-project";
import { authorizeProjectOrThrow } from "../lib/projects/authorize-project";
import { createProject, createProjectInput } from "../lib/projects/create-project";
import { listAllProjects } from "../lib/projects/list-all-projects";
import { listProjectsForUser } from "../lib/projects/list-projects-for-user";
import { renameProject } from "../lib/projects/rename-project";
import { updateProject, updateProjectInput } from "../lib/projects/update-project";
import { createUser, createUserInput } from "../lib/users/create-user";
import { listUsers } from "../lib/users/list-users";
import { setUserDisabled } from "../lib/users/set-user-disabled";
import { uniqueEmail } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${++counter}`;
const uniqueCode = () => `P${unique()}`.toUpperCase().slice(-12);

/** The AppError a promise rejects with (fails the test when it resolves or throws anything else). */
async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

const invitation = { appUrl: "https://axiom.example.com" };

describe("admin domain functions", () => {
  let t: TestDatabase;
  let adminId: string;
  let admin: Actor;

  // Bodies are parsed at the edge (route or server action) before the domain function runs;
  // where a test is about that parsing (lower-casing, refusals), it parses the same way.
  async function newUser(overrides: { isAdmin?: boolean; email?: string; name?: string } = {}) {
    return createUser(t.db, { ...createUserInput.parse({ email: uniqueEmail(), name: "Someone", ...overrides }), actor: admin, invitation });
  }
  async function newProject(name = "Project") {
    return createProject(t.db, { actor: admin, name, code: uniqueCode() });
  }
  async function eventsFor(entityId: string): Promise<AuditEvent[]> {
    return t.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.seq);
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    // The first admin comes from the system (seed script); everything after from an admin.
    const { user } = await createUser(t.db, { actor: null, email: uniqueEmail("root"), name: "Root", isAdmin: true, invitation });
    adminId = user.id;
    admin = actorOf(user);
  });
  afterAll(() => t?.drop());

  describe("createUser", () => {
    it("stores a lower-cased email and an argon2id hash of a password nobody is given: the answer holds none, the invitation is queued", async () => {
      const email = uniqueEmail("Mixed.Case").toUpperCase();
      const created = await newUser({ email: `  ${email} `, name: " Ada " });
      const { user } = created;
      expect(user.email).toBe(email.toLowerCase());
      expect(user.name).toBe("Ada");
      expect(user).not.toHaveProperty("passwordHash");
      expect(Object.keys(created)).toEqual(["user"]);
      const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
      expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
      const [invitationEmail] = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.to, user.email));
      expect(invitationEmail).toMatchObject({ kind: "invitation" });
      expect(invitationEmail!.text).toContain(`${invitation.appUrl}/set-password?token=`);
    });

    it("records user.created and user.invited with the actor", async () => {
      const { user } = await newUser({ isAdmin: true });
      const events = await eventsFor(user.id);
      expect(events.map((e) => e.action)).toEqual(["user.created", "user.invited"]);
      expect(events[0]).toMatchObject({
        actorId: adminId,
        entityType: "user",
        data: { email: user.email, name: user.name, isAdmin: true, invited: true },
      });
      expect(events[1]).toMatchObject({ actorId: adminId, data: { email: user.email } });
    });

    it("refuses a duplicate email, whatever its case, as a conflict naming the field", async () => {
      const { user } = await newUser();
      const err = await appErrorOf(newUser({ email: user.email.toUpperCase() }));
      expect(err.code).toBe("conflict");
      expect(err.field).toBe("email");
      expect(err.message).toMatch(/^email: .*already exists/);
    });

    it("refuses a malformed email as a validation error naming the field", async () => {
      await expect(newUser({ email: "not-an-email" })).rejects.toThrow(/email/);
    });
  });

  describe("setUserDisabled", () => {
    it("disables and re-enables, recording both", async () => {
      const { user } = await newUser();
      expect((await setUserDisabled(t.db, { actor: admin, userId: user.id, disabled: true })).disabledAt).toBeInstanceOf(Date);
      // Asking again changes nothing and records nothing.
      await setUserDisabled(t.db, { actor: admin, userId: user.id, disabled: true });
      expect((await setUserDisabled(t.db, { actor: admin, userId: user.id, disabled: false })).disabledAt).toBeNull();
      expect((await eventsFor(user.id)).map((e) => [e.action, e.actorId])).toEqual([
        ["user.created", adminId],
        ["user.invited", adminId],
        ["user.disabled", adminId],
        ["user.enabled", adminId],
      ]);
    });

    it("does not let admins disable themselves", async () => {
      const err = await appErrorOf(setUserDisabled(t.db, { actor: admin, userId: adminId, disabled: true }));
      expect(err.code).toBe("conflict");
      expect(err.message).toMatch(/your own account/);
    });

    it("answers not_found for an unknown user", async () => {
      const err = await appErrorOf(
        setUserDisabled(t.db, { actor: admin, userId: crypto.randomUUID(), disabled: true }),
      );
      expect(err.code).toBe("not_found");
    });
  });

  describe("projects", () => {
    it("creates with an upper-cased unique code, renames, archives and unarchives, recording each", async () => {
      const code = uniqueCode();
      const project = await createProject(t.db, { ...createProjectInput.parse({ name: "Night Shift", code: code.toLowerCase() }), actor: admin });
      expect(project.code).toBe(code);
      await renameProject(t.db, { actor: admin, projectId: project.id, name: "Night Shift S01" });
      await archiveProject(t.db, { actor: admin, projectId: project.id });
      await archiveProject(t.db, { actor: admin, projectId: project.id }); // no-op
      const restored = await unarchiveProject(t.db, { actor: admin, projectId: project.id });
      expect(restored).toMatchObject({ name: "Night Shift S01", archivedAt: null });
      const events = await eventsFor(project.id);
      expect(events.map((e) => e.action)).toEqual([
        "project.created",
        "project.renamed",
        "project.archived",
        "project.unarchived",
      ]);
      expect(events.every((e) => e.actorId === adminId && e.projectId === project.id)).toBe(true);
      expect(events[1]?.data).toEqual({ from: "Night Shift", to: "Night Shift S01" });
    });

    it("refuses a duplicate code as a conflict naming the field", async () => {
      const project = await newProject();
      const err = await appErrorOf(createProject(t.db, { actor: admin, name: "Other", code: project.code }));
      expect(err).toMatchObject({ code: "conflict", field: "code" });
      expect(err.message).toContain(project.code);
    });

    it("refuses codes outside ^[A-Z0-9_]{2,16}$", async () => {
      for (const code of ["A", "WITH SPACE", "TOO_LONG_CODE_12345", "DASH-ED"]) {
        expect(() => createProjectInput.parse({ name: "Bad", code })).toThrow(/code/);
      }
    });

    it("answers not_found for an unknown project", async () => {
      const err = await appErrorOf(renameProject(t.db, { actor: admin, projectId: crypto.randomUUID(), name: "X" }));
      expect(err.code).toBe("not_found");
    });

    it("lists every project with its member count", async () => {
      const project = await newProject();
      const { user } = await newUser();
      await addProjectMember(t.db, { actor: admin, projectId: project.id, userId: user.id, role: "viewer" });
      const listed = (await listAllProjects(t.db)).find((p) => p.id === project.id);
      expect(listed?.memberCount).toBe(1);
    });
  });

  describe("members", () => {
    it("adds (by id or email), changes the role and removes, recording each with the project", async () => {
      const project = await newProject();
      const { user: alice } = await newUser({ name: "Alice" });
      const { user: bob } = await newUser({ name: "Bob" });
      await addProjectMember(t.db, { actor: admin, projectId: project.id, userId: alice.id, role: "viewer" });
      const byEmail = addProjectMemberInput.parse({ email: bob.email.toUpperCase(), role: "producer" });
      await addProjectMember(t.db, { ...byEmail, actor: admin, projectId: project.id });
      await changeMemberRole(t.db, { actor: admin, projectId: project.id, userId: alice.id, role: "supervisor" });
      expect((await listProjectMembers(t.db, { projectId: project.id })).map((m) => [m.email, m.role]).sort()).toEqual(
        [
          [alice.email, "supervisor"],
          [bob.email, "producer"],
        ].sort(),
      );
      await removeProjectMember(t.db, { actor: admin, projectId: project.id, userId: bob.id });
      expect((await listProjectMembers(t.db, { projectId: project.id })).map((m) => m.userId)).toEqual([alice.id]);

      const events = (await t.db.select().from(auditEvents).where(eq(auditEvents.projectId, project.id)).orderBy(auditEvents.seq))
        .filter((e) => e.entityType === "project_member");
      expect(events.map((e) => [e.action, e.entityId, e.actorId])).toEqual([
        ["project.member_added", alice.id, adminId],
        ["project.member_added", bob.id, adminId],
        ["project.member_role_changed", alice.id, adminId],
        ["project.member_removed", bob.id, adminId],
      ]);
      expect(events[2]?.data).toMatchObject({ from: "viewer", to: "supervisor" });
    });

    it("refuses adding someone twice, a disabled user, an unknown email and an unknown project", async () => {
      const project = await newProject();
      const { user } = await newUser();
      await addProjectMember(t.db, { actor: admin, projectId: project.id, userId: user.id, role: "viewer" });
      expect((await appErrorOf(addProjectMember(t.db, { actor: admin, projectId: project.id, userId: user.id, role: "producer" }))).code).toBe("conflict");

      const { user: gone } = await newUser();
      await setUserDisabled(t.db, { actor: admin, userId: gone.id, disabled: true });
      expect((await appErrorOf(addProjectMember(t.db, { actor: admin, projectId: project.id, userId: gone.id, role: "viewer" }))).code).toBe("conflict");

      expect((await appErrorOf(addProjectMember(t.db, { actor: admin, projectId: project.id, email: uniqueEmail("ghost"), role: "viewer" }))).code).toBe("not_found");
      expect((await appErrorOf(addProjectMember(t.db, { actor: admin, projectId: crypto.randomUUID(), userId: user.id, role: "viewer" }))).code).toBe("not_found");
      expect((await appErrorOf(removeProjectMember(t.db, { actor: admin, projectId: project.id, userId: gone.id }))).code).toBe("not_found");
    });

    it("refuses an unknown role, naming the field, and a body naming both or neither of userId and email", async () => {
      const { user } = await newUser();
      expect(() => addProjectMemberInput.parse({ userId: user.id, role: "owner" })).toThrow(/role/);
      expect(toAppError(captureError(() => addProjectMemberInput.parse({ role: "viewer" })))).toMatchObject({
        code: "validation_failed",
        message: "userId: give either userId or email",
      });
      expect(() => addProjectMemberInput.parse({ userId: user.id, email: user.email, role: "viewer" })).toThrow(/give either/);
    });

    it("a member sees the project and nothing else; a removed member no longer reaches it", async () => {
      const mine = await newProject("Mine");
      const other = await newProject("Other");
      const { user } = await newUser();
      await addProjectMember(t.db, { actor: admin, projectId: mine.id, userId: user.id, role: "supervisor" });
      const actor = { id: user.id, isAdmin: false };
      expect((await listProjectsForUser(t.db, actor)).map((p) => p.id)).toEqual([mine.id]);
      await expect(authorizeProjectOrThrow(t.db, actor, other.id, "project.view")).rejects.toMatchObject({ code: "not_found" });
      await removeProjectMember(t.db, { actor: admin, projectId: mine.id, userId: user.id });
      await expect(authorizeProjectOrThrow(t.db, actor, mine.id, "project.view")).rejects.toMatchObject({ code: "not_found" });
    });
  });

  describe("authorisation", () => {
    // Admin functions check their actor themselves (lib/users/assert-admin-actor.ts), on top
    // of the edge's check, so no caller (route, action, script, job) can skip it.
    it("refuses every admin function to a project viewer, and writes nothing", async () => {
      const project = await newProject();
      const { user: viewer } = await newUser();
      const { user: other } = await newUser();
      await addProjectMember(t.db, { actor: admin, projectId: project.id, userId: viewer.id, role: "viewer" });
      const before = await t.sql<{ n: number }[]>`select count(*)::int as n from audit_events`;

      // Thunks: each runs alone, so no rejection goes unobserved.
      const attempts: Array<() => Promise<unknown>> = [
        () => createUser(t.db, { actor: actorOf(viewer), email: uniqueEmail(), name: "Sneaky", isAdmin: true, invitation }),
        () => setUserDisabled(t.db, { actor: actorOf(viewer), userId: other.id, disabled: true }),
        () => createProject(t.db, { actor: actorOf(viewer), name: "Sneaky", code: uniqueCode() }),
        () => renameProject(t.db, { actor: actorOf(viewer), projectId: project.id, name: "Renamed" }),
        () => archiveProject(t.db, { actor: actorOf(viewer), projectId: project.id }),
        () => addProjectMember(t.db, { actor: actorOf(viewer), projectId: project.id, userId: other.id, role: "producer" }),
        () => changeMemberRole(t.db, { actor: actorOf(viewer), projectId: project.id, userId: viewer.id, role: "producer" }),
        () => removeProjectMember(t.db, { actor: actorOf(viewer), projectId: project.id, userId: viewer.id }),
      ];
      for (const attempt of attempts) {
        expect((await appErrorOf(attempt())).code).toBe("forbidden");
      }
      const after = await t.sql<{ n: number }[]>`select count(*)::int as n from audit_events`;
      expect(after[0]?.n).toBe(before[0]?.n);
      const [unchanged] = await t.db.select().from(projects).where(eq(projects.id, project.id));
      expect(unchanged).toMatchObject({ name: project.name, archivedAt: null });
    });

    it("refuses a disabled admin", async () => {
      const { user: formerAdmin } = await newUser({ isAdmin: true });
      await setUserDisabled(t.db, { actor: admin, userId: formerAdmin.id, disabled: true });
      const err = await appErrorOf(createProject(t.db, { actor: actorOf(formerAdmin), name: "Late", code: uniqueCode() }));
      expect(err.code).toBe("forbidden");
    });

    it("the permission table gives admin permissions to admins only, whatever the project role", () => {
      for (const role of ["producer", "supervisor", "viewer", null] as const) {
        expect(can({ id: "x", isAdmin: false }, role, "admin.users")).toBe(false);
        expect(can({ id: "x", isAdmin: false }, role, "admin.projects")).toBe(false);
      }
      expect(can({ id: "x", isAdmin: true }, null, "admin.projects")).toBe(true);
    });
  });

  describe("audit in the same transaction", () => {
    it("leaves no project behind when its audit event cannot be written", async () => {
      // Make the audit insert fail for this one action: the change must roll back with it.
      await t.sql.unsafe(`
        create function test_fail_audit() returns trigger language plpgsql as $$
        begin
          if new.action = 'project.created' and new.data->>'name' = 'Doomed' then
            raise exception 'audit store unavailable';
          end if;
          return new;
        end $$;
        create trigger test_fail_audit before insert on audit_events for each row execute function test_fail_audit();
      `);
      try {
        const code = uniqueCode();
        await expect(createProject(t.db, { actor: admin, name: "Doomed", code })).rejects.toThrow();
        expect(await t.db.select().from(projects).where(eq(projects.code, code))).toEqual([]);
      } finally {
        await t.sql.unsafe(`drop trigger test_fail_audit on audit_events; drop function test_fail_audit();`);
      }
    });

    it("updateProject renames and archives in one transaction: a failing archive undoes the rename", async () => {
      const project = await newProject("Before");
      await t.sql.unsafe(`
        create function test_fail_archive_audit() returns trigger language plpgsql as $$
        begin
          if new.action = 'project.archived' and new.entity_id = '${project.id}' then
            raise exception 'audit store unavailable';
          end if;
          return new;
        end $$;
        create trigger test_fail_archive_audit before insert on audit_events for each row execute function test_fail_archive_audit();
      `);
      try {
        await expect(
          updateProject(t.db, { actor: admin, projectId: project.id, name: "After", archived: true }),
        ).rejects.toThrow();
      } finally {
        await t.sql.unsafe(`drop trigger test_fail_archive_audit on audit_events; drop function test_fail_archive_audit();`);
      }
      const [unchanged] = await t.db.select().from(projects).where(eq(projects.id, project.id));
      expect(unchanged).toMatchObject({ name: "Before", archivedAt: null });
      expect((await eventsFor(project.id)).map((e) => e.action)).toEqual(["project.created"]);

      // Without the failure both changes land, each with its event.
      const updated = await updateProject(t.db, { actor: admin, projectId: project.id, name: "After", archived: true });
      expect(updated.name).toBe("After");
      expect(updated.archivedAt).toBeInstanceOf(Date);
      expect((await eventsFor(project.id)).map((e) => [e.action, e.actorId])).toEqual([
        ["project.created", adminId],
        ["project.renamed", adminId],
        ["project.archived", adminId],
      ]);
    });

    it("updateProject refuses an empty change naming a field, and a non-admin actor", async () => {
      const project = await newProject();
      const empty = captureError(() => updateProjectInput.parse({}));
      expect(toAppError(empty)).toMatchObject({ code: "validation_failed", message: "name: give name or archived" });
      // Called directly with nothing to change, it changes nothing.
      expect(await updateProject(t.db, { actor: admin, projectId: project.id })).toMatchObject({ name: project.name, archivedAt: null });
      const { user } = await newUser();
      const err = await appErrorOf(updateProject(t.db, { actor: actorOf(user), projectId: project.id, name: "Mine now" }));
      expect(err.code).toBe("forbidden");
    });

    it("commits the event with the change, and the trail still verifies", async () => {
      const { user } = await newUser();
      const project = await newProject();
      await addProjectMember(t.db, { actor: admin, projectId: project.id, userId: user.id, role: "viewer" });
      // Every user in the table has its user.created event.
      const all = await listUsers(t.db);
      const created = await t.sql<{ entity_id: string }[]>`select entity_id from audit_events where action = 'user.created'`;
      expect(new Set(created.map((r) => r.entity_id))).toEqual(new Set(all.map((u) => u.id)));
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    });
  });
});
