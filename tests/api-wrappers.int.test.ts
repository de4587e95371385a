import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminActions from "../lib/admin/admin-action-handlers";
import * as adminProjectsRoute from "../app/api/admin/projects/route";
import * as adminProjectRoute from "../app/api/admin/projects/[projectId]/route";
import * as uploadsRoute from "../app/api/projects/[projectId]/uploads/route";
import * as commentsRoute from "../app/api/versions/[versionId]/comments/route";
import { auditEvents, comments, projects } from "../db/schema";
import type { RouteDeps } from "../lib/api/route";
import { listProjectsForUser } from "../lib/projects/list-projects-for-user";
import { createMember, createReviewScene, createUser, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The edges (apiRoute, serverAction) run for real against a test database: real route modules
 * and admin actions, real user rows. Only the session source is swapped, for one that names the
 * user a signed-in browser's cookie would name.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const as = (userId: string | null): RouteDeps => ({
  db: t.db,
  readSession: async () => (userId ? { userId } : null),
});

function jsonRequest(method: string, path: string, body?: unknown): Request {
  return new Request(`http://axiom.test${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
const paramsOf = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}
async function auditCount(): Promise<number> {
  const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from audit_events`;
  return row!.n;
}

describe("a viewer cannot call an admin action", () => {
  it("serverAction refuses a viewer with forbidden and changes nothing", async () => {
    const scene = await createReviewScene(t.db);
    const before = await auditCount();
    const code = `NOPE_${Date.now().toString(36)}`.toUpperCase().slice(0, 16);

    const created = await adminActions.createProjectAction.withDeps(as(scene.viewer.id))({ name: "Not yours", code });
    expect(created).toEqual({ ok: false, error: { code: "forbidden", message: "Only admins can do this." } });
    const archived = await adminActions.setProjectArchivedAction.withDeps(as(scene.viewer.id))({
      projectId: scene.project.id,
      archived: true,
    });
    expect(archived).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // A malformed input does not turn the refusal into a validation message.
    expect(await adminActions.createUserAction.withDeps(as(scene.viewer.id))(null)).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });

    expect(await t.db.select().from(projects).where(eq(projects.code, code))).toEqual([]);
    const [project] = await t.db.select().from(projects).where(eq(projects.id, scene.project.id));
    expect(project?.archivedAt).toBeNull();
    expect(await auditCount()).toBe(before);
  });

  it("serverAction answers unauthenticated without a session, and for a disabled user", async () => {
    const disabled = await createUser(t.db, { isAdmin: true, disabledAt: new Date() });
    for (const userId of [null, disabled.id]) {
      expect(await adminActions.createProjectAction.withDeps(as(userId))({ name: "X", code: "XX" })).toMatchObject({
        ok: false,
        error: { code: "unauthenticated" },
      });
    }
  });

  it("an admin API route answers 403 to a viewer, even for a malformed body, and writes nothing", async () => {
    const scene = await createReviewScene(t.db);
    const before = await auditCount();
    const code = `VIEW_${Date.now().toString(36)}`.toUpperCase().slice(0, 16);

    const post = adminProjectsRoute.POST.withDeps(as(scene.viewer.id));
    const refused = await post(jsonRequest("POST", "/api/admin/projects", { name: "Viewer's", code }), paramsOf({}));
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({ code: "forbidden" });
    const malformed = await post(jsonRequest("POST", "/api/admin/projects", "{not json"), paramsOf({}));
    expect(malformed.status).toBe(403);

    const patch = adminProjectRoute.PATCH.withDeps(as(scene.viewer.id));
    const renamed = await patch(
      jsonRequest("PATCH", `/api/admin/projects/${scene.project.id}`, { name: "Hijacked", archived: true }),
      paramsOf({ projectId: scene.project.id }),
    );
    expect(renamed.status).toBe(403);

    expect(await t.db.select().from(projects).where(eq(projects.code, code))).toEqual([]);
    const [project] = await t.db.select().from(projects).where(eq(projects.id, scene.project.id));
    expect(project).toMatchObject({ name: scene.project.name, archivedAt: null });
    expect(await auditCount()).toBe(before);
  });

  it("the same route lets an admin through (the refusal above is about the role)", async () => {
    const admin = await createUser(t.db, { isAdmin: true });
    const code = `ADM_${Date.now().toString(36)}`.toUpperCase().slice(0, 16);
    const response = await adminProjectsRoute.POST.withDeps(as(admin.id))(
      jsonRequest("POST", "/api/admin/projects", { name: "Admin's", code }),
      paramsOf({}),
    );
    expect(response.status).toBe(201);
    const [created] = await t.db.select().from(projects).where(eq(projects.code, code));
    expect(created?.name).toBe("Admin's");
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, created!.id));
    expect(events.map((e) => [e.action, e.actorId])).toEqual([["project.created", admin.id]]);
  });

  it("answers 401 JSON without a session", async () => {
    const response = await adminProjectsRoute.GET.withDeps(as(null))(jsonRequest("GET", "/api/admin/projects"), paramsOf({}));
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toMatchObject({ code: "unauthenticated" });
  });
});

describe("apiRoute authorises before it reads the body", () => {
  it("a non-member gets 404 for another project's version, whatever the body, like an unknown id", async () => {
    const scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id });
    const post = commentsRoute.POST.withDeps(as(scene.outsider.id));
    const answers = [
      await post(jsonRequest("POST", "/", "{broken"), paramsOf({ versionId: version.id })),
      await post(jsonRequest("POST", "/", { frameIn: -1 }), paramsOf({ versionId: version.id })),
      await post(jsonRequest("POST", "/", { frameIn: 1, body: "hi" }), paramsOf({ versionId: version.id })),
      await post(jsonRequest("POST", "/", { frameIn: 1, body: "hi" }), paramsOf({ versionId: crypto.randomUUID() })),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(await errorOf(answer)).toEqual({ code: "not_found", message: "Project not found" });
    }
    expect(await t.db.select().from(comments).where(eq(comments.versionId, version.id))).toEqual([]);
  });

  it("a viewer gets 403 on an upload route, whatever the body", async () => {
    const scene = await createReviewScene(t.db);
    const post = uploadsRoute.POST.withDeps(as(scene.viewer.id));
    for (const body of ["{broken", "null", JSON.stringify({ fileName: 42 })]) {
      const answer = await post(jsonRequest("POST", "/", body), paramsOf({ projectId: scene.project.id }));
      expect(answer.status).toBe(403);
      expect(await errorOf(answer)).toMatchObject({ code: "forbidden" });
    }
  });

  it("a member with the permission gets 422 for invalid JSON and for a body that is not an object", async () => {
    const scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id });
    const post = commentsRoute.POST.withDeps(as(scene.viewer.id));
    const invalid = await post(jsonRequest("POST", "/", "{broken"), paramsOf({ versionId: version.id }));
    expect(invalid.status).toBe(422);
    expect(await errorOf(invalid)).toEqual({ code: "validation_failed", message: "body: not valid JSON" });
    for (const body of ["null", "[]", "42", '"text"']) {
      const answer = await post(jsonRequest("POST", "/", body), paramsOf({ versionId: version.id }));
      expect(answer.status).toBe(422);
      expect(await errorOf(answer)).toEqual({ code: "validation_failed", message: "body: must be a JSON object" });
    }
    const missingField = await post(jsonRequest("POST", "/", { body: "No frame" }), paramsOf({ versionId: version.id }));
    expect(missingField.status).toBe(422);
    expect(await errorOf(missingField)).toEqual({ code: "validation_failed", message: "frameIn: is required" });
    // And a good body goes through.
    const created = await post(jsonRequest("POST", "/", { frameIn: 1, body: "Nice grade" }), paramsOf({ versionId: version.id }));
    expect(created.status).toBe(201);
  });
});

describe("archived project", () => {
  it("disappears from its members' lists, stays readable by URL, and answers writes with 409", async () => {
    const scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id });
    const producer = await createMember(t.db, scene.project.id, "producer");
    expect((await listProjectsForUser(t.db, { id: scene.viewer.id, isAdmin: false })).map((p) => p.id)).toContain(
      scene.project.id,
    );

    const archived = await adminProjectRoute.PATCH.withDeps(as(scene.admin.id))(
      jsonRequest("PATCH", "/", { archived: true }),
      paramsOf({ projectId: scene.project.id }),
    );
    expect(archived.status).toBe(200);

    for (const member of [scene.viewer, scene.supervisor, scene.producer]) {
      expect((await listProjectsForUser(t.db, { id: member.id, isAdmin: false })).map((p) => p.id)).not.toContain(
        scene.project.id,
      );
    }
    // Admins still see it, to unarchive it.
    expect((await listProjectsForUser(t.db, { id: scene.admin.id, isAdmin: true })).map((p) => p.id)).toContain(
      scene.project.id,
    );

    const comment = await commentsRoute.POST.withDeps(as(scene.viewer.id))(
      jsonRequest("POST", "/", { frameIn: 1, body: "Too late" }),
      paramsOf({ versionId: version.id }),
    );
    expect(comment.status).toBe(409);
    expect(await errorOf(comment)).toEqual({ code: "conflict", message: "This project is archived and read-only." });
    const upload = await uploadsRoute.POST.withDeps(as(producer.id))(
      jsonRequest("POST", "/", {}),
      paramsOf({ projectId: scene.project.id }),
    );
    expect(upload.status).toBe(409);
    expect(await t.db.select().from(comments).where(eq(comments.versionId, version.id))).toEqual([]);

    // Reading is still allowed: the project is read-only, not gone.
    const list = await commentsRoute.GET.withDeps(as(scene.viewer.id))(jsonRequest("GET", "/"), paramsOf({ versionId: version.id }));
    expect(list.status).toBe(200);
  });
});
