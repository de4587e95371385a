import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectLinksRoute from "../app/api/projects/[projectId]/review-links/route";
import * as linkRoute from "../app/api/review-links/[linkId]/route";
import * as playlistRoute from "../app/api/playlists/[playlistId]/route";
import * as tokenRoute from "../app/api/guest/tokens/[token]/route";
import * as unlockRoute from "../app/api/guest/unlock/route";
import * as sessionsRoute from "../app/api/guest/sessions/route";
import * as shareRoute from "../app/api/guest/links/[linkId]/share/route";
import * as guestVersionRoute from "../app/api/guest/links/[linkId]/versions/[versionId]/route";
import * as guestMediaRoute from "../app/api/guest/links/[linkId]/versions/[versionId]/media/[...path]/route";
import * as guestCommentsRoute from "../app/api/guest/links/[linkId]/versions/[versionId]/comments/route";
import * as guestProxyRoute from "../app/api/guest/links/[linkId]/versions/[versionId]/download/proxy/route";
import * as versionRoute from "../app/api/versions/[versionId]/route";
import * as masterRoute from "../app/api/versions/[versionId]/download/master/route";
import * as adminUsersRoute from "../app/api/admin/users/route";
import * as memberCommentsRoute from "../app/api/versions/[versionId]/comments/route";
import type { DbHandle } from "../db/client";
import { auditEvents, comments, events, playlistItems, playlists, reviewLinkGuests, reviewLinks, type User, type Version } from "../db/schema";
import type { RouteDeps } from "../lib/api/route";
import { getStorage, derivedKey } from "../lib/storage";
import { PASSPHRASE_MAX_FAILURES_PER_CLIENT } from "../lib/review-links/passphrase-limit";
import { SESSIONS_MAX_PER_CLIENT } from "../lib/review-links/session-open-limit";
import type { Drawing } from "../lib/comments/drawing";
import { createdReviewLinkSchema, guestCommentAnswerSchema, guestCommentsSchema, guestShareSchema, guestVersionSchema, reviewLinkListSchema } from "../lib/review-links/review-link.types";
import { commentsPageSchema } from "../lib/comments/comment-view.types";
import { createAsset, createTwoProjectScene, createVersion } from "./helpers/factories";
import { createRouteTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * Review links (docs/review-links.md) through the real route modules, on a real database as the
 * app role and the run's s3rver: the producer's side (create, list, revoke), the guest's doors
 * (token, passphrase with its rate limit, session cookie) and what a guest session can and cannot
 * reach — every refusal tried, not assumed.
 */

const ORIGIN = "http://axiom.links.test";
let t: TestDatabase;
let app: DbHandle;

const member = (user: User | null): RouteDeps => ({ db: app.db, readSession: async () => (user ? { userId: user.id } : null), publicUrl: ORIGIN });
const guestDeps = () => ({ db: app.db, publicUrl: ORIGIN });
const ctx = (params: Record<string, string | string[]>) => ({ params: Promise.resolve(params) });
const get = (path: string, cookie?: string) => new Request(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {} });
const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

type Scene = Awaited<ReturnType<typeof makeScene>>;

async function makeScene() {
  const scene = await createTwoProjectScene(t.db, { foreignVersion: { renditions: ["hls"] } });
  const { project, producer, foreignVersion } = scene;
  const asset = await createAsset(t.db, { projectId: project.id, createdBy: producer.id, name: "SH010" });
  const shots: Version[] = [];
  for (let i = 0; i < 3; i++) shots.push(await createVersion(t.db, { assetId: asset.id, uploadedBy: producer.id, renditions: ["hls", "poster", "proxy_mp4"] }));
  const unshared = await createVersion(t.db, { assetId: asset.id, uploadedBy: producer.id, renditions: ["hls"] });
  const [playlist] = await t.db.insert(playlists).values({ projectId: project.id, name: "Dailies" }).returning();
  for (const [position, v] of shots.entries()) await t.db.insert(playlistItems).values({ playlistId: playlist!.id, versionId: v.id, position });
  const storage = getStorage();
  for (const v of [...shots, unshared, foreignVersion]) {
    await storage.putBytes(derivedKey(v.id, "hls/master.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv0/index.m3u8\n", "application/vnd.apple.mpegurl");
  }
  return { ...scene, shots, unshared, playlistId: playlist!.id };
}

type LinkOptions = { passphrase?: string; allowComments?: boolean; allowDownload?: boolean; versionId?: string; expiresAt?: string };

async function share(s: Scene, options: LinkOptions = {}): Promise<{ id: string; token: string }> {
  const body = {
    name: "Client review",
    ...(options.versionId ? { versionId: options.versionId } : { playlistId: s.playlistId }),
    expiresAt: options.expiresAt ?? new Date(Date.now() + 7 * 86_400_000).toISOString(),
    ...(options.passphrase && { passphrase: options.passphrase }),
    allowComments: options.allowComments ?? true,
    allowDownload: options.allowDownload ?? false,
  };
  const res = await projectLinksRoute.POST.withDeps(member(s.producer))(send("POST", `/api/projects/${s.project.id}/review-links`, body), ctx({ projectId: s.project.id }));
  expect(res.status, await res.clone().text()).toBe(201);
  const created = createdReviewLinkSchema.parse(await res.json());
  const token = created.url.split("/r/")[1]!;
  expect(created.url).toBe(`${ORIGIN}/r/${token}`);
  return { id: created.link.id, token };
}

async function openSession(token: string, extra: Record<string, string> = {}, ip = "198.51.100.7"): Promise<{ status: number; cookie: string; linkId: string; setCookie: string }> {
  const res = await sessionsRoute.POST.withDeps(guestDeps())(
    send("POST", "/api/guest/sessions", { token, name: "Dana Client", email: "dana@client.example", ...extra }, { "x-forwarded-for": ip }),
    ctx({}),
  );
  const setCookie = res.headers.get("set-cookie") ?? "";
  const json = (await res.json()) as { linkId?: string };
  return { status: res.status, cookie: setCookie.split(";")[0]!, linkId: json.linkId ?? "", setCookie };
}

const _asGuest = (cookie: string) => ({ cookie });

beforeAll(async () => {
  ({ t, app } = await createRouteTestDatabase({
    origin: ORIGIN,
    secret: "review-links-test-secret-0123456789",
    env: { REVIEW_LINK_MEDIA_URL_SECONDS: "20" },
  }));
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe("a producer shares a playlist", () => {
  let s: Scene;
  beforeAll(async () => {
    s = await makeScene();
  });

  it("stores only the token's SHA-256, and lists the link for producers only", async () => {
    const { id, token } = await share(s, { passphrase: "open sesame" });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const [row] = await t.db.select().from(reviewLinks).where(eq(reviewLinks.id, id));
    expect(row!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.passphraseHash).toMatch(/^\$argon2id\$/);
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "review_link.created")));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.data)).not.toContain(token);

    const list = await projectLinksRoute.GET.withDeps(member(s.producer))(get(`/api/projects/${s.project.id}/review-links`), ctx({ projectId: s.project.id }));
    const links = reviewLinkListSchema.parse(await list.json()).links;
    expect(links.find((l) => l.id === id)).toMatchObject({ status: "live", hasPassphrase: true, target: { kind: "playlist", label: "Dailies" } });
    const bySupervisor = await projectLinksRoute.GET.withDeps(member(s.supervisor))(get(`/api/projects/${s.project.id}/review-links`), ctx({ projectId: s.project.id }));
    expect(bySupervisor.status).toBe(403);
  });

  it("refuses to share another project's version (404) and the database refuses it too", async () => {
    const res = await projectLinksRoute.POST.withDeps(member(s.producer))(
      send("POST", `/api/projects/${s.project.id}/review-links`, {
        name: "x",
        versionId: s.foreignVersion.id,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        allowComments: false,
        allowDownload: false,
      }),
      ctx({ projectId: s.project.id }),
    );
    expect(res.status).toBe(404);
    await expect(
      t.db.insert(reviewLinks).values({
        projectId: s.project.id,
        name: "forged",
        versionId: s.foreignVersion.id,
        tokenHash: "f".repeat(64),
        allowComments: false,
        allowDownload: false,
        expiresAt: new Date(Date.now() + 86_400_000),
        createdBy: s.producer.id,
      }),
    ).rejects.toMatchObject({ cause: { code: "23514", constraint_name: "review_links_same_project" } });
    await expect(
      t.db.insert(reviewLinks).values({
        projectId: s.project.id,
        name: "both",
        versionId: s.shots[0]!.id,
        playlistId: s.playlistId,
        tokenHash: "e".repeat(64),
        allowComments: false,
        allowDownload: false,
        expiresAt: new Date(Date.now() + 86_400_000),
        createdBy: s.producer.id,
      }),
    ).rejects.toMatchObject({ cause: { code: "23514", constraint_name: "review_links_one_target" } });
  });

  it("keeps a shared playlist: deleting it is a 409, and nothing is deleted", async () => {
    const res = await playlistRoute.DELETE.withDeps(member(s.producer))(send("DELETE", `/api/playlists/${s.playlistId}`, {}), ctx({ playlistId: s.playlistId }));
    expect(res.status).toBe(409);
    expect(await t.db.select().from(playlists).where(eq(playlists.id, s.playlistId))).toHaveLength(1);
  });
});

describe("the guest's doors", () => {
  let s: Scene;
  beforeAll(async () => {
    s = await makeScene();
  });

  it("the token names the link; a wrong token, like a malformed one, is a 404", async () => {
    const { id, token } = await share(s, { passphrase: "open sesame" });
    const res = await tokenRoute.GET.withDeps(guestDeps())(get(`/api/guest/tokens/${token}`), ctx({ token }));
    expect(await res.json()).toEqual({ linkId: id, name: "Client review", requiresPassphrase: true });
    for (const wrong of [token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"), "short"]) {
      expect((await tokenRoute.GET.withDeps(guestDeps())(get(`/api/guest/tokens/${wrong}`), ctx({ token: wrong }))).status).toBe(404);
    }
  });

  it("passphrase attempts are rate-limited per link and client: 429 after the limit, even for the right one", async () => {
    const { token } = await share(s, { passphrase: "open sesame" });
    const unlock = (passphrase: string, ip: string) =>
      unlockRoute.POST.withDeps(guestDeps())(send("POST", "/api/guest/unlock", { token, passphrase }, { "x-forwarded-for": ip }), ctx({}));
    expect((await unlock("open sesame", "203.0.113.9")).status).toBe(204);
    for (let i = 0; i < PASSPHRASE_MAX_FAILURES_PER_CLIENT; i++) expect((await unlock(`guess ${i}`, "203.0.113.9")).status).toBe(401);
    const limited = await unlock("open sesame", "203.0.113.9");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("900");
    // The session door counts the same attempts.
    expect((await openSession(token, { passphrase: "open sesame" }, "203.0.113.9")).status).toBe(429);
    // Another client network is not locked out by this one's guesses.
    expect((await unlock("open sesame", "192.0.2.44")).status).toBe(204);
  });

  it("opening sessions on a link without a passphrase is rate-limited per link and client network: 429 with Retry-After", async () => {
    const { id, token } = await share(s);
    for (let i = 0; i < SESSIONS_MAX_PER_CLIENT; i++) expect((await openSession(token, {}, "203.0.113.70")).status).toBe(201);
    const limited = await sessionsRoute.POST.withDeps(guestDeps())(
      send("POST", "/api/guest/sessions", { token, name: "Flood" }, { "x-forwarded-for": "203.0.113.70" }),
      ctx({}),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("900");
    expect(limited.headers.get("set-cookie")).toBeNull();
    expect(await limited.json()).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/too often/) } });
    // The refused open recorded no guest and no audit event.
    expect(await t.db.select().from(reviewLinkGuests).where(eq(reviewLinkGuests.reviewLinkId, id))).toHaveLength(SESSIONS_MAX_PER_CLIENT);
    // Another client network, and another link from this one, are unaffected.
    expect((await openSession(token, {}, "192.0.2.45")).status).toBe(201);
    expect((await openSession((await share(s)).token, {}, "203.0.113.70")).status).toBe(201);
  });

  it("a burst of parallel opens cannot slip past the session limit", async () => {
    const { token } = await share(s);
    const statuses = await Promise.all(Array.from({ length: SESSIONS_MAX_PER_CLIENT + 6 }, () => openSession(token, {}, "203.0.113.71").then((o) => o.status)));
    expect(statuses.filter((x) => x === 201)).toHaveLength(SESSIONS_MAX_PER_CLIENT);
    expect(statuses.filter((x) => x === 429)).toHaveLength(6);
  });

  it("a session needs the passphrase, sets a strict, path-scoped, httpOnly cookie, and is audited with the link id", async () => {
    const { id, token } = await share(s, { passphrase: "open sesame" });
    expect((await openSession(token)).status).toBe(401);
    const opened = await openSession(token, { passphrase: "open sesame" });
    expect(opened.status).toBe(201);
    expect(opened.linkId).toBe(id);
    expect(opened.setCookie).toMatch(new RegExp(`^axiom_guest=[A-Za-z0-9_-]{43}; Path=/api/guest/links/${id}; Max-Age=\\d+; HttpOnly; SameSite=Strict$`));
    const secret = opened.cookie.split("=")[1]!;
    const [guest] = await t.db.select().from(reviewLinkGuests).where(eq(reviewLinkGuests.reviewLinkId, id));
    expect(guest!.sessionHash).toBe(createHash("sha256").update(secret).digest("hex"));
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "review_link.opened")));
    expect(audit[0]!.data).toMatchObject({ reviewLinkId: id, guestId: guest!.id, guestName: "Dana Client" });
    expect(audit[0]!.actorId).toBeNull();
  });
});

describe("what a guest session reaches", () => {
  let s: Scene;
  let link: { id: string; token: string };
  let cookie: string;
  beforeAll(async () => {
    s = await makeScene();
    link = await share(s, { allowComments: true });
    cookie = (await openSession(link.token)).cookie;
  });
  const guestGet = (route: { withDeps: typeof shareRoute.GET.withDeps }, path: string, params: Record<string, string | string[]>, c = cookie) =>
    route.withDeps(guestDeps())(get(path, c), ctx(params));

  it("sees the share's shots in order, and each shared version with media under its own link", async () => {
    const res = await guestGet(shareRoute.GET, `/api/guest/links/${link.id}/share`, { linkId: link.id });
    const share = guestShareSchema.parse(await res.json());
    expect(share.shots.map((shot) => shot.versionId)).toEqual(s.shots.map((v) => v.id));
    expect(share.guest).toEqual({ name: "Dana Client", email: "dana@client.example" });
    const v = s.shots[1]!;
    const version = guestVersionSchema.parse(await (await guestGet(guestVersionRoute.GET, "/x", { linkId: link.id, versionId: v.id })).json());
    expect(version.renditions.hlsUrl).toBe(`/api/guest/links/${link.id}/versions/${v.id}/media/hls/master.m3u8`);
    // No uploader, no file name, no log: nothing of the studio beyond the picture.
    expect(Object.keys(version)).not.toContain("originalFileName");
    const playlist = await guestGet(guestMediaRoute.GET, "/x", { linkId: link.id, versionId: v.id, path: ["hls", "master.m3u8"] });
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toContain("#EXTM3U");
    const segment = await guestGet(guestMediaRoute.GET, "/x", { linkId: link.id, versionId: v.id, path: ["hls", "v0", "seg_00001.ts"] });
    expect(segment.status).toBe(302);
    // Presigned for REVIEW_LINK_MEDIA_URL_SECONDS (20 here), never the members' 10 minutes.
    expect(new URL(segment.headers.get("location")!).searchParams.get("X-Amz-Expires")).toBe("20");
  });

  it("cannot reach a version outside the share, another project's, a master, or a path out of the derived folder", async () => {
    for (const versionId of [s.unshared.id, s.foreignVersion.id]) {
      expect((await guestGet(guestVersionRoute.GET, "/x", { linkId: link.id, versionId })).status).toBe(404);
      expect((await guestGet(guestMediaRoute.GET, "/x", { linkId: link.id, versionId, path: ["hls", "master.m3u8"] })).status).toBe(404);
      expect((await guestGet(guestCommentsRoute.GET, "/x", { linkId: link.id, versionId })).status).toBe(404);
    }
    const v = s.shots[0]!;
    for (const path of [["..", "..", "masters", s.project.id, v.id], ["attachments", "x.png"], ["%2e%2e", "master"]]) {
      expect((await guestGet(guestMediaRoute.GET, "/x", { linkId: link.id, versionId: v.id, path })).status).toBe(404);
    }
  });

  it("its cookie is no member session: members' routes, the master download and admin routes answer 401", async () => {
    // What next-auth reads from a request carrying only the guest cookie: no session.
    const noSession = member(null);
    const v = s.shots[0]!;
    const withCookie = (path: string) => get(path, cookie);
    expect((await versionRoute.GET.withDeps(noSession)(withCookie(`/api/versions/${v.id}`), ctx({ versionId: v.id }))).status).toBe(401);
    expect((await versionRoute.GET.withDeps(noSession)(withCookie(`/api/versions/${s.foreignVersion.id}`), ctx({ versionId: s.foreignVersion.id }))).status).toBe(401);
    expect((await masterRoute.GET.withDeps(noSession)(withCookie(`/api/versions/${v.id}/download/master`), ctx({ versionId: v.id }))).status).toBe(401);
    expect((await adminUsersRoute.GET.withDeps(noSession)(withCookie("/api/admin/users"), ctx({}))).status).toBe(401);
    expect(cookie.startsWith("axiom_guest=")).toBe(true);
  });

  it("a session of one link opens nothing of another link (401), and no cookie is a 401", async () => {
    const other = await share(s, { versionId: s.unshared.id });
    expect((await guestGet(shareRoute.GET, "/x", { linkId: other.id })).status).toBe(401);
    expect((await guestGet(shareRoute.GET, "/x", { linkId: link.id }, "")).status).toBe(401);
  });

  it("comments at a frame and a range as a guest: audited with the link id, announced, and shown to members as a guest's", async () => {
    const v = s.shots[0]!;
    const post = (body: unknown) =>
      guestCommentsRoute.POST.withDeps(guestDeps())(
        send("POST", `/api/guest/links/${link.id}/versions/${v.id}/comments`, body, { cookie }),
        ctx({ linkId: link.id, versionId: v.id }),
      );
    const atFrame = await post({ frameIn: 12, body: "Logo too small" });
    expect(atFrame.status, await atFrame.clone().text()).toBe(201);
    const { comment } = (await atFrame.json()) as { comment: { id: string; authorName: string; authorIsGuest: boolean } };
    expect(comment).toMatchObject({ authorName: "Dana Client", authorIsGuest: true });
    expect((await post({ frameIn: 10, frameOut: 20, body: "Range note" })).status).toBe(201);
    expect((await post({ frameIn: 10_000_000, body: "past the end" })).status).toBe(422);

    const [row] = await t.db.select().from(comments).where(eq(comments.id, comment.id));
    expect(row!.authorId).toBeNull();
    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, comment.id), eq(auditEvents.action, "comment.created")));
    expect(audit!.data).toMatchObject({ reviewLinkId: link.id, guestId: row!.guestId, frameIn: 12 });
    const [event] = await t.db.select().from(events).where(eq(events.commentId, comment.id));
    expect(event!.type).toBe("comment.added");

    const seen = await memberCommentsRoute.GET.withDeps(member(s.supervisor))(get(`/api/versions/${v.id}/comments`), ctx({ versionId: v.id }));
    const page = commentsPageSchema.parse(await seen.json());
    expect(page.comments.find((c) => c.id === comment.id)).toMatchObject({ author: { name: "Dana Client" }, authorIsGuest: true });
    // And the guest sees the thread with names only.
    const guestView = await guestGet(guestCommentsRoute.GET, "/x", { linkId: link.id, versionId: v.id });
    expect(JSON.stringify(await guestView.json())).not.toMatch(/@example\.test/);
  });

  it("a guest draws on the frame: the drawing is stored on the comment as members' are, shown to members and to the guest", async () => {
    const v = s.shots[1]!;
    const post = (body: unknown) =>
      guestCommentsRoute.POST.withDeps(guestDeps())(
        send("POST", `/api/guest/links/${link.id}/versions/${v.id}/comments`, body, { cookie }),
        ctx({ linkId: link.id, versionId: v.id }),
      );
    const drawing: Drawing = {
      v: 1,
      shapes: [
        { type: "freehand", color: "red", width: 0.004, points: [[0.1, 0.2], [0.15, 0.25], [0.2, 0.3]] },
        { type: "arrow", color: "yellow", width: 0.006, from: [0.5, 0.5], to: [0.7, 0.4] },
      ],
    };
    const created = await post({ frameIn: 30, body: "Remove this", drawing });
    expect(created.status, await created.clone().text()).toBe(201);
    const { comment } = guestCommentAnswerSchema.parse(await created.json());
    expect(comment.drawing).toEqual(drawing);

    // The same column as members' drawings, audited by summary (never the JSON), announced with hasDrawing.
    const [row] = await t.db.select().from(comments).where(eq(comments.id, comment.id));
    expect(row!.drawing).toEqual(drawing);
    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, comment.id), eq(auditEvents.action, "comment.created")));
    expect(audit!.data).toMatchObject({ reviewLinkId: link.id, drawing: { shapes: 2, points: 5, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const [event] = await t.db.select().from(events).where(eq(events.commentId, comment.id));
    expect(event!.payload).toMatchObject({ hasDrawing: true });

    const seen = await memberCommentsRoute.GET.withDeps(member(s.producer))(get(`/api/versions/${v.id}/comments`), ctx({ versionId: v.id }));
    const page = commentsPageSchema.parse(await seen.json());
    expect(page.comments.find((c) => c.id === comment.id)).toMatchObject({ authorIsGuest: true, drawing });
    const guestView = guestCommentsSchema.parse(await (await guestGet(guestCommentsRoute.GET, "/x", { linkId: link.id, versionId: v.id })).json());
    expect(guestView.comments.find((c) => c.id === comment.id)?.drawing).toEqual(drawing);
    // A note without a drawing answers drawing: null, as for members.
    expect(guestCommentAnswerSchema.parse(await (await post({ frameIn: 31, body: "Plain" })).json()).comment.drawing).toBeNull();
  });

  it("a malformed drawing is refused with the members' validation error, and nothing is stored", async () => {
    const v = s.shots[1]!;
    const post = (body: unknown) =>
      guestCommentsRoute.POST.withDeps(guestDeps())(
        send("POST", `/api/guest/links/${link.id}/versions/${v.id}/comments`, body, { cookie }),
        ctx({ linkId: link.id, versionId: v.id }),
      );
    const before = await t.db.select().from(comments).where(eq(comments.versionId, v.id));
    const offPicture = await post({ frameIn: 5, body: "x", drawing: { v: 1, shapes: [{ type: "arrow", color: "red", width: 0.004, from: [0.5, 0.5], to: [3, 0.5] }] } });
    expect(offPicture.status).toBe(422);
    expect(await offPicture.json()).toEqual({ error: { code: "validation_failed", message: expect.stringMatching(/^drawing\.shapes\.0\.to/) } });
    for (const drawing of [{ v: 2, shapes: [] }, { v: 1, shapes: [] }, { v: 1, shapes: [{ type: "spray" }] }, "scribble"]) {
      const refused = await post({ frameIn: 5, body: "x", drawing });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
    expect(await t.db.select().from(comments).where(eq(comments.versionId, v.id))).toHaveLength(before.length);
  });

  it("a link without comments or downloads refuses them (403); downloads are the proxy's, audited", async () => {
    const quiet = await share(s, { allowComments: false, allowDownload: false, versionId: s.shots[2]!.id });
    const quietCookie = (await openSession(quiet.token)).cookie;
    const v = s.shots[2]!;
    const refused = await guestCommentsRoute.POST.withDeps(guestDeps())(
      send("POST", "/x", { frameIn: 1, body: "hi" }, { cookie: quietCookie }),
      ctx({ linkId: quiet.id, versionId: v.id }),
    );
    expect(refused.status).toBe(403);
    expect((await guestGet(guestProxyRoute.GET, "/x", { linkId: quiet.id, versionId: v.id }, quietCookie)).status).toBe(403);

    const open = await share(s, { allowDownload: true, versionId: v.id });
    const openCookie = (await openSession(open.token)).cookie;
    const download = await guestGet(guestProxyRoute.GET, "/x", { linkId: open.id, versionId: v.id }, openCookie);
    expect(download.status).toBe(302);
    expect(new URL(download.headers.get("location")!).pathname).toContain(`/derived/${v.id}/proxy.mp4`);
    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, v.id), eq(auditEvents.action, "version.proxy_downloaded")));
    expect(audit!.data).toMatchObject({ reviewLinkId: open.id });
  });

  it("revoked: every door and every session route answers 404 at once; expired: 410", async () => {
    const doomed = await share(s);
    const doomedCookie = (await openSession(doomed.token)).cookie;
    const v = s.shots[0]!;
    const media = () => guestGet(guestMediaRoute.GET, "/x", { linkId: doomed.id, versionId: v.id, path: ["hls", "master.m3u8"] }, doomedCookie);
    expect((await media()).status).toBe(200);
    const revoked = await linkRoute.DELETE.withDeps(member(s.producer))(send("DELETE", `/api/review-links/${doomed.id}`, {}), ctx({ linkId: doomed.id }));
    expect(revoked.status).toBe(200);
    expect((await media()).status).toBe(404);
    expect((await guestGet(shareRoute.GET, "/x", { linkId: doomed.id }, doomedCookie)).status).toBe(404);
    expect((await tokenRoute.GET.withDeps(guestDeps())(get("/x"), ctx({ token: doomed.token }))).status).toBe(404);
    expect((await openSession(doomed.token)).status).toBe(404);

    const lapsing = await share(s);
    const lapsingCookie = (await openSession(lapsing.token)).cookie;
    await t.db.update(reviewLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(reviewLinks.id, lapsing.id));
    expect((await tokenRoute.GET.withDeps(guestDeps())(get("/x"), ctx({ token: lapsing.token }))).status).toBe(410);
    expect((await guestGet(shareRoute.GET, "/x", { linkId: lapsing.id }, lapsingCookie)).status).toBe(410);
    expect((await openSession(lapsing.token)).status).toBe(410);
  });
});
