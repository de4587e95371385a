import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditEvents, users } from "../db/schema";
import { resetEnvCache } from "../lib/env";
import { s3Environment } from "../scripts/dev-services/local-s3";
import { addMember, createAsset, createMember, createUser, createVersion } from "./helpers/factories";
import { testS3Config } from "./helpers/test-db";
import { loadV1Routes, v1Fetch } from "./helpers/v1-router";
import { makeSource, readBytes, setupProcessingTest, sha256Of } from "./processing-fixtures";

/**
 * /api/v1 as a script uses it (issue 14): a token made once with a session, then nothing but
 * `Authorization: Bearer` — ingest (create, PUT, complete), the real processing pipeline to READY
 * (the worker's task, run here), comment, approve; then revocation, a disabled user, and the
 * token endpoints' own guards. Real PostgreSQL, s3rver and FFmpeg; the requests go to the route
 * handlers in this process (tests/helpers/v1-router.ts).
 */

const ORIGIN = "http://axiom.v1.test";
const MiB = 1024 * 1024;
const ctx = setupProcessingTest({ tmpPrefix: "axiom-api-v1-", configInput: { media: { x264Preset: "ultrafast" }, maxAttempts: 1 } });

let routes: Awaited<ReturnType<typeof loadV1Routes>>;
/** Whose session cookie the next request carries (null: none). */
let sessionUserId: string | null = null;
let api: typeof fetch;

beforeAll(async () => {
  Object.assign(process.env, {
    DATABASE_URL: ctx.t.appUrl,
    NEXTAUTH_URL: ORIGIN,
    UPLOAD_SINGLE_PUT_MAX_BYTES: String(5 * MiB),
    UPLOAD_PART_BYTES: String(5 * MiB),
    ...s3Environment(testS3Config()),
  });
  resetEnvCache();
  routes = await loadV1Routes();
  api = v1Fetch(routes, ORIGIN, {
    db: ctx.t.db,
    readSession: async () => (sessionUserId ? { userId: sessionUserId } : null),
    publicUrl: ORIGIN,
  });
});

type Json = Record<string, unknown> & { error?: { code: string; message: string } };

/** One call as a script makes it: JSON in and out, a bearer token, no cookie. */
async function call(token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await api(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Json };
}

/** A token made the way the settings page makes one: the user's session, a same-origin JSON POST. */
async function tokenFor(userId: string, name = "script"): Promise<{ id: string; token: string }> {
  sessionUserId = userId;
  try {
    const res = await api(`${ORIGIN}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ name, expiresInDays: 7 }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; token: string };
  } finally {
    sessionUserId = null;
  }
}

describe("/api/v1 with a token", () => {
  it("drives ingest → READY → comment → approve with nothing but tokens", async () => {
    const supervisor = await createMember(ctx.t.db, ctx.project.id, "supervisor");
    const producerToken = (await tokenFor(ctx.producer.id, "render farm")).token;
    const supervisorToken = (await tokenFor(supervisor.id)).token;
    expect(producerToken).toMatch(/^axm_[A-Za-z0-9_-]{43}$/);

    // Find the project by its code, as a CLI given `--project DEMO` would.
    const projects = await call(producerToken, "GET", `/api/v1/projects?code=${ctx.project.code.toLowerCase()}`);
    expect(projects.status).toBe(200);
    expect(projects.json).toEqual({ items: [expect.objectContaining({ id: ctx.project.id, code: ctx.project.code, role: "producer" })], nextCursor: null });

    // Ingest: create, PUT the bytes to the presigned URL, complete.
    const bytes = await readBytes(await makeSource(ctx.workDir, "v1-ingest.mp4"));
    const created = await call(producerToken, "POST", `/api/v1/projects/${ctx.project.id}/uploads`, {
      assetName: "SH010_comp",
      fileName: "SH010_comp_v001.mp4",
      contentType: "video/mp4",
      size: bytes.length,
      sha256: sha256Of(bytes),
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ mode: "single", statusUrl: `/api/v1/versions/${created.json.versionId}` });
    const versionId = created.json.versionId as string;
    const put = await fetch(created.json.url as string, { method: "PUT", headers: created.json.headers as Record<string, string>, body: new Uint8Array(bytes) });
    expect(put.status).toBe(200);
    const completed = await call(producerToken, "POST", `/api/v1/versions/${versionId}/complete`, {});
    expect(completed.status).toBe(202);
    expect(completed.json).toMatchObject({ version: { id: versionId, processingState: "PENDING" }, statusUrl: `/api/v1/versions/${versionId}` });

    // The worker's task, as `npm run worker` runs it.
    expect(await ctx.run(versionId)).toEqual({ outcome: "ready", attempt: 1 });
    const status = await call(producerToken, "GET", `/api/v1/versions/${versionId}`);
    expect(status.json.version).toMatchObject({ processingState: "READY", reviewState: "IN_REVIEW", sha256Computed: sha256Of(bytes) });

    // The asset is found by a name search and a state filter; its renditions download.
    const assets = await call(producerToken, "GET", `/api/v1/projects/${ctx.project.id}/assets?q=sh010&processingState=READY`);
    expect(assets.json.items).toEqual([expect.objectContaining({ name: "SH010_comp", latestVersion: expect.objectContaining({ id: versionId, number: 1 }) })]);
    const renditions = await call(supervisorToken, "GET", `/api/v1/versions/${versionId}/renditions`);
    const items = renditions.json.items as { kind: string; url: string | null; sizeBytes: number }[];
    expect(items.map((r) => r.kind).sort()).toEqual(["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt", "waveform"]);
    const proxy = items.find((r) => r.kind === "proxy_mp4")!;
    const download = await fetch(proxy.url!);
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBe(proxy.sizeBytes);
    expect(items.find((r) => r.kind === "hls")!.url).toBeNull();

    // Review: a comment, then approval, by the supervisor's token.
    const comment = await call(supervisorToken, "POST", `/api/v1/versions/${versionId}/comments`, { frameIn: 24, body: "Hold the flare a beat longer" });
    expect(comment.status).toBe(201);
    expect(comment.json.comment).toMatchObject({ frameIn: 24, author: { id: supervisor.id } });
    const approved = await call(supervisorToken, "POST", `/api/v1/versions/${versionId}/decisions`, { decision: "APPROVED", note: "Final" });
    expect(approved.status, JSON.stringify(approved.json)).toBe(201);
    expect(approved.json).toMatchObject({ decision: { decision: "APPROVED", note: "Final" }, reviewState: "APPROVED" });
    const decisions = await call(producerToken, "GET", `/api/v1/versions/${versionId}/decisions`);
    expect(decisions.json).toMatchObject({ items: [{ decision: "APPROVED" }], nextCursor: null });

    // The producer reads the trail: the whole story, each step by the token's user.
    const trail = await call(producerToken, "GET", `/api/v1/projects/${ctx.project.id}/audit-events?limit=100`);
    const actions = (trail.json.items as { action: string; entityId: string }[]).filter((e) => e.entityId === versionId).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["version.upload_started", "version.uploaded", "version.ready", "version.review_decided"]));
    // …which a supervisor may not.
    expect((await call(supervisorToken, "GET", `/api/v1/projects/${ctx.project.id}/audit-events`)).status).toBe(403);
  });

  it("uploads in parts over the same protocol, lists stored parts to resume, and completes", async () => {
    const token = (await tokenFor(ctx.producer.id)).token;
    const bytes = new Uint8Array(6 * MiB).map((_, i) => (i * 31) % 251);
    const created = await call(token, "POST", `/api/v1/projects/${ctx.project.id}/uploads`, {
      assetName: "SH020_plate",
      fileName: "plate.mov",
      contentType: "video/quicktime",
      size: bytes.length,
    });
    expect(created.json).toMatchObject({ mode: "multipart", partCount: 2 });
    const versionId = created.json.versionId as string;
    const partSize = created.json.partSize as number;
    const presigned = await call(token, "POST", `/api/v1/versions/${versionId}/parts`, { partNumbers: [1] });
    const [part1] = presigned.json.parts as { partNumber: number; url: string }[];
    expect((await fetch(part1!.url, { method: "PUT", body: bytes.subarray(0, partSize) })).status).toBe(200);

    // "Killed" here: the resumed run asks what is stored and sends only the rest.
    const stored = await call(token, "GET", `/api/v1/versions/${versionId}/parts`);
    expect((stored.json.parts as { partNumber: number }[]).map((p) => p.partNumber)).toEqual([1]);
    const rest = await call(token, "POST", `/api/v1/versions/${versionId}/parts`, { partNumbers: [2] });
    const [part2] = rest.json.parts as { url: string }[];
    expect((await fetch(part2!.url, { method: "PUT", body: bytes.subarray(partSize) })).status).toBe(200);

    const completed = await call(token, "POST", `/api/v1/versions/${versionId}/complete`, { sha256: sha256Of(bytes) });
    expect(completed.status, JSON.stringify(completed.json)).toBe(202);
    expect(completed.json).toMatchObject({ version: { processingState: "PENDING", sizeBytes: bytes.length } });
  });

  it("pages a list with an opaque cursor and refuses a limit over 100 with 422", async () => {
    const token = (await tokenFor(ctx.producer.id)).token;
    const versionId = await readyVersionId(token);
    for (const frameIn of [5, 1, 3]) await call(token, "POST", `/api/v1/versions/${versionId}/comments`, { frameIn, body: `at ${frameIn}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(token, "GET", `/api/v1/versions/${versionId}/comments?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...(page.json.items as { frameIn: number }[]).map((c) => c.frameIn));
      cursor = page.json.nextCursor as string | null;
    } while (cursor);
    // By frame: the first test's note at 24 comes last.
    expect(seen).toEqual([1, 3, 5, 24]);
    const tooMany = await call(token, "GET", `/api/v1/versions/${versionId}/comments?limit=101`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error).toMatchObject({ code: "validation_failed", message: expect.stringContaining("limit") });
    expect((await call(token, "GET", `/api/v1/versions/${versionId}/comments?cursor=garbage`)).status).toBe(422);
  });
});

describe("the rest of what the UI does, over /api/v1", () => {
  it("lists an asset's versions newest first, a page at a time, and retries a failed one", async () => {
    const token = (await tokenFor(ctx.producer.id)).token;
    const assetId = (await createAsset(ctx.t.db, { projectId: ctx.project.id, createdBy: ctx.producer.id })).id;
    const readyId = (await createVersion(ctx.t.db, { assetId, uploadedBy: ctx.producer.id, state: "READY" })).id;
    const failed = await createVersion(ctx.t.db, { assetId, uploadedBy: ctx.producer.id, state: "ERROR" });
    const inFlight = await createVersion(ctx.t.db, { assetId, uploadedBy: ctx.producer.id, state: "AWAITING_UPLOAD" });
    await createVersion(ctx.t.db, { assetId, uploadedBy: ctx.producer.id, state: "ABANDONED" });

    const seen: { id: string; number: number | null; uploaderName: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(token, "GET", `/api/v1/assets/${assetId}/versions?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status, JSON.stringify(page.json)).toBe(200);
      seen.push(...(page.json.items as typeof seen));
      cursor = page.json.nextCursor as string | null;
    } while (cursor);
    // The upload in flight on top, then v2, v1; the abandoned one is not listed.
    expect(seen.map((v) => [v.id, v.number])).toEqual([
      [inFlight.id, null],
      [failed.id, 2],
      [readyId, 1],
    ]);
    expect(seen[2]!.uploaderName).toBe(ctx.producer.name);
    expect((await call(token, "GET", `/api/v1/assets/${crypto.randomUUID()}/versions`)).status).toBe(404);

    const retried = await call(token, "POST", `/api/v1/versions/${failed.id}/retry`);
    expect(retried.status, JSON.stringify(retried.json)).toBe(202);
    expect(retried.json).toEqual({ version: { id: failed.id, processingState: "PENDING" }, statusUrl: `/api/v1/versions/${failed.id}` });
    const again = await call(token, "POST", `/api/v1/versions/${failed.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe("conflict");
  });

  it("edits, resolves, reopens and deletes a comment with a token, as the room does", async () => {
    const author = await createMember(ctx.t.db, ctx.project.id, "viewer");
    const token = (await tokenFor(author.id)).token;
    const versionId = await readyVersionId(token);
    const created = await call(token, "POST", `/api/v1/versions/${versionId}/comments`, { frameIn: 48, body: "Flicker here" });
    const commentId = (created.json.comment as { id: string }).id;

    const edited = await call(token, "PATCH", `/api/v1/comments/${commentId}`, { body: "Flicker on the left" });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    expect(edited.json.comment).toMatchObject({ id: commentId, body: "Flicker on the left" });
    const resolved = await call(token, "POST", `/api/v1/comments/${commentId}/resolve`, { resolved: true });
    expect(resolved.json.comment).toMatchObject({ id: commentId, resolvedAt: expect.any(String) });
    const reopened = await call(token, "POST", `/api/v1/comments/${commentId}/resolve`, { resolved: false });
    expect(reopened.json.comment).toMatchObject({ id: commentId, resolvedAt: null });
    // Someone else's comment: a member may read it but not edit it.
    const other = (await tokenFor(ctx.producer.id)).token;
    expect((await call(other, "PATCH", `/api/v1/comments/${commentId}`, { body: "not mine" })).status).toBe(403);
    expect((await call(token, "PATCH", `/api/v1/comments/${commentId}`, {})).status).toBe(422);

    const deleted = await call(token, "DELETE", `/api/v1/comments/${commentId}`);
    expect(deleted.status, JSON.stringify(deleted.json)).toBe(200);
    expect(deleted.json.comment).toMatchObject({ id: commentId, deleted: true, body: "" });
  });
});

/** The first READY version of the project's (made by the first test), found over the API. */
async function readyVersionId(token: string): Promise<string> {
  const assets = await call(token, "GET", `/api/v1/projects/${ctx.project.id}/assets?processingState=READY`);
  const first = (assets.json.items as { latestVersion: { id: string } }[])[0];
  expect(first, "the ingest test runs first").toBeDefined();
  return first!.latestVersion.id;
}

describe("token lifecycle", () => {
  it("a revoked token gets 401 on its next request, and the revocation is audited", async () => {
    const { id, token } = await tokenFor(ctx.producer.id, "to revoke");
    expect((await call(token, "GET", "/api/v1/projects")).status).toBe(200);
    const revoked = await call(token, "DELETE", `/api/v1/tokens/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.token).toMatchObject({ id, revokedAt: expect.any(String) });
    const after = await call(token, "GET", "/api/v1/projects");
    expect(after.status).toBe(401);
    expect(after.json.error).toEqual({ code: "unauthenticated", message: "This API token is invalid, expired or revoked." });
    const audit = await ctx.t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(["api_token.created", "api_token.revoked"]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("stores only the SHA-256 of the secret", async () => {
    const { id, token } = await tokenFor(ctx.producer.id);
    const [row] = await ctx.t.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token.slice(8));
    const listed = await call(token, "GET", "/api/v1/tokens");
    expect(JSON.stringify(listed.json)).not.toContain(token.slice(8));
    expect(listed.json.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, prefix: token.slice(0, 8) })]));
  });

  it("a disabled user's token stops at once, and works again when they are enabled", async () => {
    const user = await createUser(ctx.t.db);
    await addMember(ctx.t.db, { projectId: ctx.project.id, userId: user.id, role: "viewer" });
    const { token } = await tokenFor(user.id);
    expect((await call(token, "GET", `/api/v1/projects/${ctx.project.id}/assets`)).status).toBe(200);
    await ctx.t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect((await call(token, "GET", `/api/v1/projects/${ctx.project.id}/assets`)).status).toBe(401);
    await ctx.t.db.update(users).set({ disabledAt: null }).where(eq(users.id, user.id));
    expect((await call(token, "GET", `/api/v1/projects/${ctx.project.id}/assets`)).status).toBe(200);
  });

  it("records the last use at most once a minute", async () => {
    const { id, token } = await tokenFor(ctx.producer.id);
    const lastUsed = async () => (await ctx.t.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await call(token, "GET", "/api/v1/projects");
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await call(token, "GET", "/api/v1/projects");
    expect(await lastUsed()).toEqual(first);
    // A minute later (moved back rather than waited for), the next request writes it again.
    await ctx.t.db.update(apiTokens).set({ lastUsedAt: new Date(Date.now() - 61_000) }).where(eq(apiTokens.id, id));
    await call(token, "GET", "/api/v1/projects");
    expect((await lastUsed())!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("token management: a token cannot mint tokens; a cookie cannot call the rest of v1; a cross-site cookie POST is refused", async () => {
    const { token } = await tokenFor(ctx.producer.id);
    expect((await call(token, "POST", "/api/v1/tokens", { name: "minted by a token" })).status).toBe(401);

    sessionUserId = ctx.producer.id;
    try {
      // The session lists tokens (the settings page) but is no credential for the rest of v1.
      expect((await call(null, "GET", "/api/v1/tokens")).status).toBe(200);
      expect((await call(null, "GET", "/api/v1/projects")).status).toBe(401);
      const crossSite = await api(`${ORIGIN}/api/v1/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example" },
        body: JSON.stringify({ name: "csrf" }),
      });
      expect(crossSite.status).toBe(403);
      expect(((await crossSite.json()) as Json).error?.code).toBe("forbidden_origin");
      // A form post (not JSON) is refused before anything else.
      const form = await api(`${ORIGIN}/api/v1/tokens`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
        body: "name=x",
      });
      expect(form.status).toBe(415);
    } finally {
      sessionUserId = null;
    }
  });

  it("refuses a token beyond 365 days and a missing name with 422", async () => {
    sessionUserId = ctx.producer.id;
    try {
      const headers = { "content-type": "application/json", origin: ORIGIN };
      const tooLong = await api(`${ORIGIN}/api/v1/tokens`, { method: "POST", headers, body: JSON.stringify({ name: "x", expiresInDays: 366 }) });
      expect(tooLong.status).toBe(422);
      const noName = await api(`${ORIGIN}/api/v1/tokens`, { method: "POST", headers, body: JSON.stringify({ expiresInDays: 3 }) });
      expect(noName.status).toBe(422);
    } finally {
      sessionUserId = null;
    }
  });
});
