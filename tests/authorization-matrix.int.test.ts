import fs from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../db/client";
import { eq } from "drizzle-orm";
import { comments, playlistItems, playlists, reviewLinks, users, webhookDeliveries, webhookEndpoints, type MemberRole, type User } from "../db/schema";
import { hashPassword } from "../lib/auth/passwords";
import { actorOf, isPersonalPermission, PERMISSIONS, type Permission } from "../lib/auth/permissions";
import { getEnv, resetEnvCache } from "../lib/env";
import { closeEventHubs } from "../lib/events/event-hub";
import { notesPdfKey, requestNotesPdf } from "../lib/exports/notes-pdf-export";
import { derivedKey, getStorage } from "../lib/storage";
import { createApiToken } from "../lib/tokens/create-api-token";
import { revokeApiToken } from "../lib/tokens/revoke-api-token";
import { createUpload } from "../lib/uploads/create-upload";
import { createReviewLink } from "../lib/review-links/create-review-link";
import { startGuestSession } from "../lib/review-links/guest-session";
import { revokeReviewLink } from "../lib/review-links/revoke-review-link";
import { uploadLimitsFromEnv } from "../lib/uploads/upload-policy";
import {
  addMember,
  createAsset,
  createMember,
  createProject,
  createUser,
  createVersion,
  uniqueEmail,
} from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { s3Environment } from "../scripts/dev-services/local-s3";

/**
 * The authorization matrix (issue 10 #3; docs/security.md, "Authorization matrix"): every route
 * handler method under app/api and every exported server action, called as each of seven actors,
 * and every answer compared with what lib/auth/permissions.ts says — not with hand-written
 * expectations per route.
 *
 * The real exports are called (what Next.js calls), against a real database connected as the app
 * role. Only two things are swapped: the session reader (it names the actor's user row instead of
 * decoding a cookie) and `revalidatePath` (it needs a Next.js request scope). Mutations are
 * same-origin JSON, so the request guards let them through and it is authorization that answers.
 *
 * Adding a route or an action without a row in MATRIX fails the first test below.
 */

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  readNextAuthSession: async () => (session.userId ? { userId: session.userId } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const ROOT = path.resolve(__dirname, "..");
const ORIGIN = "http://axiom.matrix.test";
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof HTTP_METHODS)[number];

// ---------------------------------------------------------------------------------------------
// Actors and the fixture world
// ---------------------------------------------------------------------------------------------

const ACTORS = ["anonymous", "viewer", "supervisor", "producer", "outsider", "disabled", "admin"] as const;
type ActorName = (typeof ACTORS)[number];

/**
 * One project with a member of each role and an asset with a READY version; `outsider` is a
 * producer of another project; `disabled` is a disabled global admin who is also a producer of
 * the project, so that nothing but the disabling can explain a refusal.
 */
type World = {
  projectId: string;
  assetId: string;
  /** READY, IN_REVIEW: what the read and comment routes work on. */
  versionId: string;
  users: Record<Exclude<ActorName, "anonymous">, User>;
  /** An API token of each user (the disabled user's too), and two of the producer's that no longer work. */
  tokens: Record<Exclude<ActorName, "anonymous">, string> & { revoked: string; expired: string };
  /**
   * Review links (docs/review-links.md) of a playlist holding the world's version, each with a
   * guest session (the cookie a guest's browser holds): live, revoked, expired, and a live link of
   * another version (its session must open nothing of `live`).
   */
  guests: Record<"live" | "revoked" | "expired" | "otherLink", { linkId: string; cookie: string; token: string }>;
  /** A READY version with its proxy in the bucket, second in the shared playlist. */
  sharedProxyVersionId: string;
};

/** The user an actor acts as (null: anonymous). */
type Who = User | null;

// ---------------------------------------------------------------------------------------------
// The matrix: one row per route method and per server action
// ---------------------------------------------------------------------------------------------

type RouteCall = { params?: Record<string, string | string[]>; query?: Record<string, string>; body?: unknown };
type RouteRow = {
  permission: Permission;
  /** How the route authenticates (lib/api/route.ts `AuthMode`); default `session`. */
  auth?: "session" | "token" | "session-or-token";
  /** The status a caller holding the permission gets for this request. */
  ok: number;
  /** A valid request for `who`: fresh objects where the call changes them or where ownership matters. */
  request: (w: World, who: Who) => Promise<RouteCall> | RouteCall;
};
type ActionRow = { permission: Permission; input: (w: World, who: Who) => Promise<unknown> | unknown };
/** Not behind the permission table, and why; the matrix does not call it. */
type PublicRow = { public: string };
/**
 * A guest route (`/api/guest/links/[linkId]/…`, docs/review-links.md): its caller is a review
 * link's guest session, never a user. Called as every actor's session (401: a member's cookie is
 * no guest session), as the link's guest (`ok`), as another link's guest (401), and as guests of a
 * revoked (404) and an expired (410) link.
 */
type GuestRow = { guest: string; ok: number; request: (w: World, who: Who) => Promise<RouteCall> | RouteCall };
type Row = RouteRow | ActionRow | PublicRow | GuestRow;

type RouteHandler = (req: Request, ctx: unknown) => Promise<Response>;
type ActionFn = (input: unknown) => Promise<unknown>;

/**
 * Keys: `<METHOD> <route path as in app/>` for route handlers, `action <file>#<export>` for
 * server actions. Objects the caller changes are made afresh for every actor, and objects only
 * their owner may touch (a comment's text, an upload in flight) belong to the caller, so a
 * refusal can only come from the permission check.
 */
const MATRIX: Record<string, Row> = {
  "GET /api/auth/[...nextauth]": { public: "next-auth's sign-in pages and session (e2e/security.spec.ts)" },
  "POST /api/auth/[...nextauth]": { public: "sign-in, rate limited (tests/sign-in-route.int.test.ts)" },
  "POST /api/password/forgot": { public: "forgot password: same answer for any e-mail, rate limited (tests/account-emails.int.test.ts)" },
  "POST /api/password/set": { public: "set a password from a single-use link; the token is the credential (tests/account-emails.int.test.ts)" },
  "GET /livez": { public: "liveness: a static \"ok\" that reads neither the database nor a session (app/livez/route.ts)" },

  // Admin API
  "GET /api/admin/users": { permission: "admin.users", ok: 200, request: () => ({}) },
  "POST /api/admin/users": {
    permission: "admin.users",
    ok: 201,
    request: () => ({ body: { email: uniqueEmail("matrix"), name: "Matrix User" } }),
  },
  "PATCH /api/admin/users/[userId]": {
    permission: "admin.users",
    ok: 200,
    request: async () => ({ params: { userId: (await createUser(t.db)).id }, body: { disabled: true } }),
  },
  "GET /api/admin/projects": { permission: "admin.projects", ok: 200, request: () => ({}) },
  "POST /api/admin/projects": {
    permission: "admin.projects",
    ok: 201,
    request: () => ({ body: { name: "Matrix project", code: uniqueCode() } }),
  },
  "GET /api/admin/projects/[projectId]": {
    permission: "admin.projects",
    ok: 200,
    request: (w) => ({ params: { projectId: w.projectId } }),
  },
  "PATCH /api/admin/projects/[projectId]": {
    permission: "admin.projects",
    ok: 200,
    request: async (w) => ({ params: { projectId: await projectWithCast(w) }, body: { name: "Renamed", archived: true } }),
  },
  "GET /api/admin/projects/[projectId]/members": {
    permission: "admin.projects",
    ok: 200,
    request: (w) => ({ params: { projectId: w.projectId } }),
  },
  "POST /api/admin/projects/[projectId]/members": {
    permission: "admin.projects",
    ok: 201,
    request: async (w) => ({
      params: { projectId: await projectWithCast(w) },
      body: { userId: (await createUser(t.db)).id, role: "producer" },
    }),
  },
  "PATCH /api/admin/projects/[projectId]/members/[userId]": {
    permission: "admin.projects",
    ok: 200,
    request: async (w) => {
      const projectId = await projectWithCast(w);
      const member = await createMember(t.db, projectId, "viewer");
      return { params: { projectId, userId: member.id }, body: { role: "producer" } };
    },
  },
  "DELETE /api/admin/projects/[projectId]/members/[userId]": {
    permission: "admin.projects",
    ok: 204,
    request: async (w) => {
      const projectId = await projectWithCast(w);
      const member = await createMember(t.db, projectId, "viewer");
      return { params: { projectId, userId: member.id } };
    },
  },

  // Uploads
  "POST /api/projects/[projectId]/uploads": {
    permission: "asset.upload",
    ok: 201,
    request: (w) => ({
      params: { projectId: w.projectId },
      body: { assetName: uniqueAssetName(), fileName: "plate.mov", contentType: "video/quicktime", size: 1024 },
    }),
  },
  // @mentions (docs/events.md): whoever can see the project may see who else is in it.
  "GET /api/projects/[projectId]/members": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { projectId: w.projectId } }),
  },
  "POST /api/versions/[versionId]/upload-url": {
    permission: "asset.upload",
    ok: 200,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "single") } }),
  },
  "GET /api/versions/[versionId]/parts": {
    permission: "asset.upload",
    ok: 200,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "multipart") } }),
  },
  "POST /api/versions/[versionId]/parts": {
    permission: "asset.upload",
    ok: 200,
    request: async (w, who) => ({
      params: { versionId: await startUpload(w, who, "multipart") },
      body: { partNumbers: [1, 2] },
    }),
  },
  "POST /api/versions/[versionId]/complete": {
    permission: "asset.upload",
    ok: 202,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "uploaded") }, body: {} }),
  },
  "POST /api/versions/[versionId]/abort": {
    permission: "asset.upload",
    ok: 200,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "single") } }),
  },

  // Versions and review
  "GET /api/versions/[versionId]": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  // The room's Audit tab (docs/audit.md): the rule of /api/v1's list, audit.view.
  "GET /api/versions/[versionId]/audit-events": {
    permission: "audit.view",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId }, query: { action: "version.review_decided" } }),
  },
  "GET /api/versions/[versionId]/review": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "GET /api/versions/[versionId]/media/[...path]": {
    permission: "project.view",
    ok: 302,
    request: (w) => ({ params: { versionId: w.versionId, path: ["poster.jpg"] } }),
  },
  "POST /api/versions/[versionId]/retry": {
    permission: "version.retry",
    ok: 202,
    request: async (w) => ({ params: { versionId: await newVersion(w, "ERROR") } }),
  },
  "POST /api/versions/[versionId]/urgency": {
    permission: "version.prioritize",
    ok: 200,
    request: async (w) => ({ params: { versionId: await newVersion(w, "PENDING") }, body: { isUrgent: true } }),
  },
  "POST /api/versions/[versionId]/decisions": {
    permission: "version.decide",
    ok: 201,
    request: async (w) => ({
      params: { versionId: await newVersion(w, "READY") },
      body: { decision: "APPROVED", note: "Matrix" },
    }),
  },
  "GET /api/versions/[versionId]/comments": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "POST /api/versions/[versionId]/comments": {
    permission: "comment.create",
    ok: 201,
    request: (w) => ({ params: { versionId: w.versionId }, body: { frameIn: 12, body: "Matrix note" } }),
  },
  // A frame grab to attach to a new comment (docs/review-room.md): whoever may comment may attach.
  "POST /api/versions/[versionId]/comment-attachments": {
    permission: "comment.create",
    ok: 201,
    request: (w) => ({ params: { versionId: w.versionId }, body: { size: 4096 } }),
  },
  // Notes exports (docs/exports.md): whoever can see the comments may export them.
  "GET /api/versions/[versionId]/notes.csv": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "GET /api/versions/[versionId]/notes.edl": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  // OMC-JSON exports (docs/omc.md): whoever can open the room may take its facts away.
  "GET /api/versions/[versionId]/omc.json": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "GET /api/assets/[assetId]/omc.json": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { assetId: w.assetId } }),
  },
  "POST /api/versions/[versionId]/notes-pdf": {
    permission: "project.view",
    ok: 202,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "GET /api/versions/[versionId]/notes-pdf/[exportId]": {
    permission: "project.view",
    ok: 200,
    request: async (w) => ({ params: { versionId: w.versionId, exportId: await askedNotesPdf(w, { stored: false }) } }),
  },
  "GET /api/versions/[versionId]/notes-pdf/[exportId]/file": {
    permission: "project.view",
    ok: 302,
    request: async (w) => ({ params: { versionId: w.versionId, exportId: await askedNotesPdf(w, { stored: true }) } }),
  },
  // Live updates (docs/events.md): whoever can see the project may follow it.
  "GET /api/events/stream": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ query: { project: w.projectId } }),
  },
  // The caller's own inbox (docs/notifications.md): every signed-in user, their own rows only.
  "GET /api/notifications": { permission: "notifications.own", ok: 200, request: () => ({}) },
  "POST /api/notifications/read": { permission: "notifications.own", ok: 200, request: () => ({ body: { all: true } }) },
  "GET /api/notifications/settings": { permission: "notifications.own", ok: 200, request: () => ({}) },
  // The caller's own password (docs/security.md, "Account e-mails"): every signed-in user.
  "POST /api/account/password": {
    permission: "account.own",
    ok: 204,
    request: async (_w, who) => {
      const currentPassword = `current ${randomUUID()}`;
      if (who) await t.db.update(users).set({ passwordHash: await hashPassword(currentPassword) }).where(eq(users.id, who.id));
      return { body: { currentPassword, newPassword: `new password ${randomUUID()}` } };
    },
  },
  "PATCH /api/notifications/settings": { permission: "notifications.own", ok: 200, request: () => ({ body: { email: "immediate" } }) },
  // Playlists (docs/playlists.md): every member watches, producers and supervisors build.
  "GET /api/projects/[projectId]/playlists": {
    permission: "project.view",
    ok: 200,
    request: (w) => ({ params: { projectId: w.projectId } }),
  },
  "POST /api/projects/[projectId]/playlists": {
    permission: "playlist.edit",
    ok: 201,
    request: (w) => ({ params: { projectId: w.projectId }, body: { name: "Matrix dailies" } }),
  },
  "GET /api/playlists/[playlistId]": {
    permission: "project.view",
    ok: 200,
    request: async (w) => ({ params: { playlistId: (await newPlaylist(w)).playlistId } }),
  },
  "PATCH /api/playlists/[playlistId]": {
    permission: "playlist.edit",
    ok: 200,
    request: async (w) => ({ params: { playlistId: (await newPlaylist(w)).playlistId }, body: { name: "Renamed dailies" } }),
  },
  "DELETE /api/playlists/[playlistId]": {
    permission: "playlist.edit",
    ok: 204,
    request: async (w) => ({ params: { playlistId: (await newPlaylist(w)).playlistId } }),
  },
  "POST /api/playlists/[playlistId]/items": {
    permission: "playlist.edit",
    ok: 201,
    request: async (w) => ({ params: { playlistId: (await newPlaylist(w)).playlistId }, body: { versionId: await newVersion(w, "READY") } }),
  },
  "PATCH /api/playlists/[playlistId]/items/[itemId]": {
    permission: "playlist.edit",
    ok: 200,
    request: async (w) => {
      const { playlistId, itemIds } = await newPlaylist(w);
      return { params: { playlistId, itemId: itemIds[0]! }, body: { position: 1 } };
    },
  },
  "DELETE /api/playlists/[playlistId]/items/[itemId]": {
    permission: "playlist.edit",
    ok: 200,
    request: async (w) => {
      const { playlistId, itemIds } = await newPlaylist(w);
      return { params: { playlistId, itemId: itemIds[0]! } };
    },
  },
  // Downloads: the proxy for every member, the master for producers (and admins).
  "GET /api/playlists/[playlistId]/proxies.zip": {
    permission: "version.download_proxy",
    ok: 200,
    request: async (w) => ({ params: { playlistId: (await newPlaylist(w, { withProxy: true })).playlistId } }),
  },
  "GET /api/versions/[versionId]/download/proxy": {
    permission: "version.download_proxy",
    ok: 302,
    request: async (w) => ({ params: { versionId: await newVersionWithProxy(w) } }),
  },
  "GET /api/versions/[versionId]/download/master": {
    permission: "version.download_master",
    ok: 302,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "PATCH /api/comments/[commentId]": {
    permission: "comment.create",
    ok: 200,
    request: async (w, who) => ({
      params: { commentId: await newComment(w, who) },
      body: { body: "Edited by its author" },
    }),
  },
  "DELETE /api/comments/[commentId]": {
    permission: "comment.create",
    ok: 200,
    request: async (w, who) => ({ params: { commentId: await newComment(w, who) } }),
  },
  "POST /api/comments/[commentId]/resolve": {
    permission: "comment.resolve",
    ok: 200,
    request: async (w) => ({ params: { commentId: await newComment(w, null) }, body: { resolved: true } }),
  },

  // Review links (docs/review-links.md): producers share, guests watch through /api/guest.
  "GET /api/projects/[projectId]/review-links": {
    permission: "review_link.manage",
    ok: 200,
    request: (w) => ({ params: { projectId: w.projectId } }),
  },
  "POST /api/projects/[projectId]/review-links": {
    permission: "review_link.manage",
    ok: 201,
    request: (w) => ({
      params: { projectId: w.projectId },
      body: { name: "Matrix link", versionId: w.versionId, expiresAt: inDays(7), allowComments: true, allowDownload: false },
    }),
  },
  "DELETE /api/review-links/[linkId]": {
    permission: "review_link.manage",
    ok: 200,
    request: async (w) => ({ params: { linkId: (await newReviewLink(w)).linkId } }),
  },
  "GET /r/[token]": { public: "a review link as shared: 404 revoked or unknown, 410 expired, else a 303 to the guest page (e2e/guest-review.spec.ts)" },
  "GET /api/guest/tokens/[token]": { public: "a review link's door: the 256-bit token is the credential; 404 revoked, 410 expired (tests/review-links.int.test.ts)" },
  "POST /api/guest/unlock": { public: "a review link's passphrase check, rate-limited per link and client (tests/review-links.int.test.ts)" },
  "POST /api/guest/sessions": { public: "opens a guest session of a live link: token, passphrase (rate-limited), name (tests/review-links.int.test.ts)" },
  "GET /api/guest/links/[linkId]/share": { guest: "the share", ok: 200, request: () => ({}) },
  "GET /api/guest/links/[linkId]/versions/[versionId]": { guest: "a shared version", ok: 200, request: (w) => ({ params: { versionId: w.versionId } }) },
  "GET /api/guest/links/[linkId]/versions/[versionId]/media/[...path]": {
    guest: "a shared version's media",
    ok: 302,
    request: (w) => ({ params: { versionId: w.versionId, path: ["poster.jpg"] } }),
  },
  "GET /api/guest/links/[linkId]/versions/[versionId]/comments": {
    guest: "a shared version's comments",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "POST /api/guest/links/[linkId]/versions/[versionId]/comments": {
    guest: "a guest's comment",
    ok: 201,
    request: (w) => ({ params: { versionId: w.versionId }, body: { frameIn: 5, body: "Guest matrix note" } }),
  },
  "GET /api/guest/links/[linkId]/versions/[versionId]/download/proxy": {
    guest: "a shared version's proxy",
    ok: 302,
    request: (w) => ({ params: { versionId: w.sharedProxyVersionId } }),
  },

  // /api/v1 (docs/api.md): bearer tokens; token management also takes the session.
  "GET /api/v1/openapi.json": { public: "the API's reference document: routes and shapes, no data (tests/api-v1-openapi.test.ts)" },
  "GET /api/v1/tokens": { permission: "token.manage", auth: "session-or-token", ok: 200, request: () => ({}) },
  "POST /api/v1/tokens": {
    permission: "token.manage",
    auth: "session",
    ok: 201,
    request: () => ({ body: { name: "matrix token", expiresInDays: 7 } }),
  },
  "DELETE /api/v1/tokens/[tokenId]": {
    permission: "token.manage",
    auth: "session-or-token",
    ok: 200,
    request: async (w, who) => ({ params: { tokenId: await newTokenOf(who ?? w.users.producer) } }),
  },
  "GET /api/v1/projects": { permission: "project.list", auth: "token", ok: 200, request: () => ({ query: { limit: "10" } }) },
  "GET /api/v1/projects/[projectId]/assets": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { projectId: w.projectId }, query: { limit: "10" } }),
  },
  "GET /api/v1/projects/[projectId]/audit-events": {
    permission: "audit.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { projectId: w.projectId } }),
  },
  "POST /api/v1/projects/[projectId]/uploads": {
    permission: "asset.upload",
    auth: "token",
    ok: 201,
    request: (w) => ({
      params: { projectId: w.projectId },
      body: { assetName: uniqueAssetName(), fileName: "plate.mov", contentType: "video/quicktime", size: 1024 },
    }),
  },
  "GET /api/v1/versions/[versionId]": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "GET /api/v1/versions/[versionId]/parts": {
    permission: "asset.upload",
    auth: "token",
    ok: 200,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "multipart") } }),
  },
  "POST /api/v1/versions/[versionId]/parts": {
    permission: "asset.upload",
    auth: "token",
    ok: 200,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "multipart") }, body: { partNumbers: [1] } }),
  },
  "POST /api/v1/versions/[versionId]/upload-url": {
    permission: "asset.upload",
    auth: "token",
    ok: 200,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "single") } }),
  },
  "POST /api/v1/versions/[versionId]/complete": {
    permission: "asset.upload",
    auth: "token",
    ok: 202,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "uploaded") }, body: {} }),
  },
  "POST /api/v1/versions/[versionId]/abort": {
    permission: "asset.upload",
    auth: "token",
    ok: 200,
    request: async (w, who) => ({ params: { versionId: await startUpload(w, who, "single") } }),
  },
  "GET /api/v1/versions/[versionId]/comments": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "POST /api/v1/versions/[versionId]/comments": {
    permission: "comment.create",
    auth: "token",
    ok: 201,
    request: (w) => ({ params: { versionId: w.versionId }, body: { frameIn: 3, body: "Matrix note over v1" } }),
  },
  "GET /api/v1/versions/[versionId]/decisions": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "POST /api/v1/versions/[versionId]/decisions": {
    permission: "version.decide",
    auth: "token",
    ok: 201,
    request: async (w) => ({ params: { versionId: await newVersion(w, "READY") }, body: { decision: "CHANGES_REQUESTED", note: "v1" } }),
  },
  "GET /api/v1/versions/[versionId]/renditions": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },

  "GET /api/v1/assets/[assetId]/versions": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { assetId: w.assetId }, query: { limit: "10" } }),
  },
  "POST /api/v1/versions/[versionId]/retry": {
    permission: "version.retry",
    auth: "token",
    ok: 202,
    request: async (w) => ({ params: { versionId: await newVersion(w, "ERROR") } }),
  },
  "PATCH /api/v1/comments/[commentId]": {
    permission: "comment.create",
    auth: "token",
    ok: 200,
    request: async (w, who) => ({ params: { commentId: await newComment(w, who) }, body: { body: "Edited over v1" } }),
  },
  "DELETE /api/v1/comments/[commentId]": {
    permission: "comment.create",
    auth: "token",
    ok: 200,
    request: async (w, who) => ({ params: { commentId: await newComment(w, who) } }),
  },
  "POST /api/v1/comments/[commentId]/resolve": {
    permission: "comment.resolve",
    auth: "token",
    ok: 200,
    request: async (w) => ({ params: { commentId: await newComment(w, null) }, body: { resolved: true } }),
  },
  // OMC-JSON over v1 (docs/omc.md): the same documents as the room's export, with a token.
  "GET /api/v1/versions/[versionId]/omc": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { versionId: w.versionId } }),
  },
  "GET /api/v1/assets/[assetId]/omc": {
    permission: "project.view",
    auth: "token",
    ok: 200,
    request: (w) => ({ params: { assetId: w.assetId } }),
  },

  // Server actions (lib/admin/admin-actions.ts, the admin screens)
  "action lib/admin/admin-actions.ts#createUserAction": {
    permission: "admin.users",
    input: () => ({ email: uniqueEmail("matrix"), name: "Matrix User" }),
  },
  "action lib/admin/admin-actions.ts#setUserDisabledAction": {
    permission: "admin.users",
    input: async () => ({ userId: (await createUser(t.db)).id, disabled: true }),
  },
  "action lib/admin/admin-actions.ts#createProjectAction": {
    permission: "admin.projects",
    input: () => ({ name: "Matrix project", code: uniqueCode() }),
  },
  "action lib/admin/admin-actions.ts#renameProjectAction": {
    permission: "admin.projects",
    input: async (w) => ({ projectId: await projectWithCast(w), name: "Renamed" }),
  },
  "action lib/admin/admin-actions.ts#setProjectArchivedAction": {
    permission: "admin.projects",
    input: async (w) => ({ projectId: await projectWithCast(w), archived: true }),
  },
  "action lib/admin/admin-actions.ts#addMemberAction": {
    permission: "admin.projects",
    input: async (w) => ({ projectId: await projectWithCast(w), email: (await createUser(t.db)).email, role: "viewer" }),
  },
  "action lib/admin/admin-actions.ts#changeMemberRoleAction": {
    permission: "admin.projects",
    input: async (w) => {
      const projectId = await projectWithCast(w);
      return { projectId, userId: (await createMember(t.db, projectId, "viewer")).id, role: "supervisor" };
    },
  },
  "action lib/admin/admin-actions.ts#removeMemberAction": {
    permission: "admin.projects",
    input: async (w) => {
      const projectId = await projectWithCast(w);
      return { projectId, userId: (await createMember(t.db, projectId, "viewer")).id };
    },
  },
  // A public address literal: the SSRF check passes without DNS or WEBHOOK_ALLOW_PRIVATE.
  "action lib/admin/admin-actions.ts#createWebhookEndpointAction": {
    permission: "admin.webhooks",
    input: async (w) => ({ projectId: await projectWithCast(w), url: "https://93.184.215.14/hook", eventTypes: ["comment.added"] }),
  },
  "action lib/admin/admin-actions.ts#setWebhookEndpointDisabledAction": {
    permission: "admin.webhooks",
    input: async (w) => ({ ...(await newWebhookEndpoint(w)), disabled: true }),
  },
  "action lib/admin/admin-actions.ts#deleteWebhookEndpointAction": {
    permission: "admin.webhooks",
    input: async (w) => newWebhookEndpoint(w),
  },
  "action lib/admin/admin-actions.ts#setVersionUrgencyAction": {
    permission: "admin.queue",
    input: async (w) => ({ versionId: await newVersion(w, "PENDING"), isUrgent: true }),
  },
  "action lib/admin/admin-actions.ts#cancelVersionProcessingAction": {
    permission: "admin.queue",
    input: async (w) => ({ versionId: await newVersion(w, "PENDING") }),
  },
  // Reads only (the same check as `npm run audit:verify`): nothing to make afresh.
  "action lib/admin/admin-actions.ts#verifyAuditChainAction": { permission: "admin.audit", input: () => ({}) },
  "action lib/admin/admin-actions.ts#redeliverWebhookAction": {
    permission: "admin.webhooks",
    input: async (w) => {
      const { projectId, endpointId } = await newWebhookEndpoint(w);
      const [delivery] = await t.db
        .insert(webhookDeliveries)
        .values({ endpointId, eventId: randomUUID(), eventType: "comment.added", body: "{}" })
        .returning();
      return { projectId, deliveryId: delivery!.id };
    },
  },
};

// ---------------------------------------------------------------------------------------------
// What the permission table says
// ---------------------------------------------------------------------------------------------

type Outcome = "allowed" | "unauthenticated" | "forbidden" | "not_found";
const STATUS_OF: Record<Exclude<Outcome, "allowed">, number> = { unauthenticated: 401, forbidden: 403, not_found: 404 };
const PROJECT_ROLE: Partial<Record<ActorName, MemberRole>> = {
  viewer: "viewer",
  supervisor: "supervisor",
  producer: "producer",
};

/**
 * The answer lib/auth/permissions.ts implies. No session, or a disabled user: 401. An admin:
 * allowed. An admin-only permission (no project role holds it): 403 for everyone else, member or
 * not. A project permission: 404 for a non-member (whether the object exists must not show), 403
 * for a member whose role lacks it, allowed for one whose role holds it.
 */
function expectedOutcome(actor: ActorName, permission: Permission): Outcome {
  if (actor === "anonymous" || actor === "disabled") return "unauthenticated";
  if (actor === "admin") return "allowed";
  // A personal permission is about the caller's own rows: any signed-in user, member or not.
  if (isPersonalPermission(permission)) return "allowed";
  const roles: readonly MemberRole[] = PERMISSIONS[permission];
  if (roles.length === 0) return "forbidden";
  const role = PROJECT_ROLE[actor];
  if (!role) return "not_found";
  return roles.includes(role) ? "allowed" : "forbidden";
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

let t: TestDatabase;
let world: World;

beforeAll(async () => {
  t = await createTestDatabase();
  // What the route modules read through getEnv() (this file runs in a worker of its own): the app
  // role, as in production; this run's s3rver; the origin the mutations below come from.
  const s3 = testS3Config();
  Object.assign(process.env, {
    DATABASE_URL: t.appUrl,
    NEXTAUTH_URL: ORIGIN,
    NEXTAUTH_SECRET: "authorization-matrix-secret-0123456789",
    WEBHOOK_SECRETS_KEY: "authorization-matrix-webhook-key-0123456789",
    ...s3Environment(s3),
  });
  resetEnvCache();
  world = await createWorld();
});
afterAll(async () => {
  // The app's pool (db/index.ts keeps it on globalThis) and its live-update hub go before the database.
  await closeEventHubs();
  const holder = globalThis as { axiomDb?: DbHandle };
  await holder.axiomDb?.close();
  delete holder.axiomDb;
  await t?.drop();
});

async function createWorld(): Promise<World> {
  const project = await createProject(t.db);
  const other = await createProject(t.db);
  const producer = await createMember(t.db, project.id, "producer");
  const supervisor = await createMember(t.db, project.id, "supervisor");
  const viewer = await createMember(t.db, project.id, "viewer");
  const outsider = await createMember(t.db, other.id, "producer");
  const admin = await createUser(t.db, { isAdmin: true });
  const disabled = await createMember(t.db, project.id, "producer", { isAdmin: true, disabledAt: new Date() });
  const asset = await createAsset(t.db, { projectId: project.id, createdBy: producer.id });
  const version = await createVersion(t.db, { assetId: asset.id, uploadedBy: producer.id, renditions: ["poster", "hls"] });
  const users = { viewer, supervisor, producer, outsider, disabled, admin };
  const tokenOf = async (user: User, options: { now?: Date; expiresInDays?: number } = {}) =>
    createApiToken(t.db, { actor: actorOf(user), name: "matrix", expiresInDays: options.expiresInDays ?? 30, now: options.now });
  const revoked = await tokenOf(producer);
  await revokeApiToken(t.db, { actor: actorOf(producer), tokenId: revoked.id });
  const expired = await tokenOf(producer, { now: new Date(Date.now() - 2 * 24 * 3600 * 1000), expiresInDays: 1 });
  const tokens = {
    viewer: (await tokenOf(viewer)).token,
    supervisor: (await tokenOf(supervisor)).token,
    producer: (await tokenOf(producer)).token,
    outsider: (await tokenOf(outsider)).token,
    disabled: (await tokenOf(disabled)).token,
    admin: (await tokenOf(admin)).token,
    revoked: revoked.token,
    expired: expired.token,
  };
  const withProxy = await createVersion(t.db, { assetId: asset.id, uploadedBy: producer.id, renditions: ["proxy_mp4"] });
  await getStorage().putBytes(derivedKey(withProxy.id, "proxy.mp4"), "not really an mp4", "video/mp4");
  const [shared] = await t.db.insert(playlists).values({ projectId: project.id, name: "Matrix share" }).returning();
  await t.db.insert(playlistItems).values({ playlistId: shared!.id, versionId: version.id, position: 0 });
  await t.db.insert(playlistItems).values({ playlistId: shared!.id, versionId: withProxy.id, position: 1 });
  const guestOf = async (target: { playlistId: string } | { versionId: string }) => {
    const { link, token } = await createReviewLink(t.db, {
      actor: actorOf(producer),
      projectId: project.id,
      link: { name: "Matrix guests", ...target, expiresAt: inDays(7), allowComments: true, allowDownload: true, watermark: true },
    });
    const { secret } = await startGuestSession(t.db, { input: { token, name: "Matrix Guest" }, clientKey: "matrix" });
    return { linkId: link.id, cookie: `axiom_guest=${secret}`, token };
  };
  const guests = {
    live: await guestOf({ playlistId: shared!.id }),
    revoked: await guestOf({ playlistId: shared!.id }),
    expired: await guestOf({ playlistId: shared!.id }),
    otherLink: await guestOf({ versionId: (await createVersion(t.db, { assetId: asset.id, uploadedBy: producer.id })).id }),
  };
  await revokeReviewLink(t.db, { actor: actorOf(producer), linkId: guests.revoked.linkId });
  await t.db.update(reviewLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(reviewLinks.id, guests.expired.linkId));
  return { projectId: project.id, assetId: asset.id, versionId: version.id, users, tokens, guests, sharedProxyVersionId: withProxy.id };
}

let counter = 0;
const uniqueCode = () => `MX${Date.now().toString(36)}${++counter}`.toUpperCase().slice(-16);
const uniqueAssetName = () => `SH${randomBytes(4).toString("hex")}`;

/** A fresh project in which the world's viewer, supervisor and producer hold their roles (admin rows). */
async function projectWithCast(w: World): Promise<string> {
  const project = await createProject(t.db);
  for (const role of ["viewer", "supervisor", "producer"] as const) {
    await addMember(t.db, { projectId: project.id, userId: w.users[role].id, role });
  }
  return project.id;
}

/** An endpoint of a fresh project of the cast, written directly (its secret is never used here). */
async function newWebhookEndpoint(w: World): Promise<{ projectId: string; endpointId: string }> {
  const projectId = await projectWithCast(w);
  const [endpoint] = await t.db
    .insert(webhookEndpoints)
    .values({ projectId, url: "https://93.184.215.14/hook", eventTypes: ["comment.added"], secretCiphertext: "v1.unused" })
    .returning();
  return { projectId, endpointId: endpoint!.id };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** A fresh review link of the world's version, to revoke. */
async function newReviewLink(w: World): Promise<{ linkId: string }> {
  const { link } = await createReviewLink(t.db, {
    actor: actorOf(w.users.producer),
    projectId: w.projectId,
    link: { name: "To revoke", versionId: w.versionId, expiresAt: inDays(1), allowComments: false, allowDownload: false, watermark: true },
  });
  return { linkId: link.id };
}

/** A fresh token of `user`'s, for a revocation (only its owner may revoke it). */
async function newTokenOf(user: User): Promise<string> {
  return (await createApiToken(t.db, { actor: actorOf(user), name: "to revoke", expiresInDays: 1 })).id;
}

async function newVersion(w: World, state: "READY" | "ERROR" | "PENDING"): Promise<string> {
  return (await createVersion(t.db, { assetId: w.assetId, uploadedBy: w.users.producer.id, state })).id;
}

/** A READY version of the world's asset whose MP4 proxy is in the bucket (a few bytes: nothing plays it here). */
async function newVersionWithProxy(w: World): Promise<string> {
  const version = await createVersion(t.db, { assetId: w.assetId, uploadedBy: w.users.producer.id, renditions: ["proxy_mp4"] });
  await getStorage().putBytes(derivedKey(version.id, "proxy.mp4"), "not really an mp4", "video/mp4");
  return version.id;
}

/** A playlist of the world's project holding two fresh versions (with their proxies in the bucket when asked). */
async function newPlaylist(w: World, options: { withProxy?: boolean } = {}): Promise<{ playlistId: string; itemIds: string[] }> {
  const [playlist] = await t.db.insert(playlists).values({ projectId: w.projectId, name: "Matrix playlist" }).returning();
  const itemIds: string[] = [];
  for (const position of [0, 1]) {
    const versionId = options.withProxy ? await newVersionWithProxy(w) : await newVersion(w, "READY");
    const [item] = await t.db.insert(playlistItems).values({ playlistId: playlist!.id, versionId, position }).returning();
    itemIds.push(item!.id);
  }
  return { playlistId: playlist!.id, itemIds };
}

/** A top-level comment on the world's version, written by `who` (the producer for anonymous). */
async function newComment(w: World, who: Who): Promise<string> {
  const [row] = await t.db
    .insert(comments)
    .values({ versionId: w.versionId, authorId: (who ?? w.users.producer).id, frameIn: 24, body: "Matrix comment" })
    .returning({ id: comments.id });
  return row!.id;
}

/**
 * The id of a notes PDF of the world's version, asked for by its producer (its job queued), and
 * with `stored` a PDF in the bucket at its key as the worker would leave it (no worker runs here).
 */
async function askedNotesPdf(w: World, options: { stored: boolean }): Promise<string> {
  const pdf = await requestNotesPdf(t.db, getStorage(), { actor: { id: w.users.producer.id, isAdmin: false }, versionId: w.versionId });
  if (options.stored) await getStorage().putBytes(notesPdfKey(w.versionId, pdf.id), "%PDF-1.4\n%%EOF\n", "application/pdf");
  return pdf.id;
}

/**
 * An upload in flight started by `who` (only its uploader may continue it; the producer for
 * anonymous): a single PUT, a multipart upload, or a single PUT whose bytes are already in the
 * store (ready to complete). Made with the limits and the store the routes use.
 */
async function startUpload(w: World, who: Who, kind: "single" | "multipart" | "uploaded"): Promise<string> {
  const size = kind === "multipart" ? 100 * 1024 * 1024 : 1024;
  const upload = await createUpload(t.db, getStorage(), {
    projectId: w.projectId,
    actor: actorOf(who ?? w.users.producer),
    limits: uploadLimitsFromEnv(getEnv()),
    assetName: uniqueAssetName(),
    fileName: "plate.mov",
    contentType: "video/quicktime",
    size,
  });
  if (kind === "uploaded") {
    if (upload.mode !== "single") throw new Error("expected a single-PUT upload");
    const bytes = new Uint8Array(randomBytes(size));
    const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
    if (put.status !== 200) throw new Error(`PUT to the staging URL answered ${put.status}`);
  }
  return upload.versionId;
}

// ---------------------------------------------------------------------------------------------
// What exists: route handler methods and server actions, from the file system
// ---------------------------------------------------------------------------------------------

function walk(dir: string, keep: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full, keep));
    else if (keep(full)) found.push(full);
  }
  return found;
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
const SOURCE = /\.(ts|tsx|js|jsx|mjs)$/;

/** `"/api/versions/[versionId]/comments"` for app/api/versions/[versionId]/comments/route.ts. */
function routePathOf(file: string): string {
  return `/${path.dirname(relative(file)).replace(/^app\//, "")}`;
}

/** Every exported method of every route handler, as `<METHOD> <path>`, with the handler. */
async function discoverRoutes(): Promise<Map<string, RouteHandler>> {
  const handlers = new Map<string, RouteHandler>();
  for (const file of walk(path.join(ROOT, "app"), (f) => /[\\/]route\.(ts|tsx|js|mjs)$/.test(f))) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler === "function") handlers.set(`${method} ${routePathOf(file)}`, handler as never);
    }
  }
  return handlers;
}

const USE_SERVER_LINE = /^\s*["']use server["'];?\s*$/m;

/**
 * Every server action, as `action <file>#<export>`: the exports of each module whose first
 * statement is "use server". A "use server" inside a function (an inline action) cannot be listed
 * by its exports: it is reported as a problem, to move into such a module.
 */
async function discoverActions(): Promise<{ actions: Map<string, ActionFn>; inline: string[] }> {
  const actions = new Map<string, ActionFn>();
  const inline: string[] = [];
  const files = ["app", "components", "lib"]
    .map((d) => path.join(ROOT, d))
    .filter((d) => fs.existsSync(d))
    .flatMap((d) => walk(d, (f) => SOURCE.test(f) && !/\.test\.[jt]sx?$/.test(f)));
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    if (!USE_SERVER_LINE.test(text)) continue;
    const firstStatement = text.replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
    if (!/^["']use server["']/.test(firstStatement)) {
      inline.push(relative(file));
      continue;
    }
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function") actions.set(`action ${relative(file)}#${name}`, value as never);
    }
  }
  return { actions, inline };
}

// ---------------------------------------------------------------------------------------------
// Calling
// ---------------------------------------------------------------------------------------------

type Answer = {
  outcome: Outcome;
  status: number;
  code?: string;
  detail: string;
  /** For a 404: the same request with every id replaced by one that names nothing. */
  unknownIds?: { status: number; detail: string };
};

function requestFor(method: Method, routePath: string, call: RouteCall, token: string | null = null, guestCookie?: string): Request {
  const url = new URL(
    routePath.replace(/\[\.\.\.(\w+)\]|\[(\w+)\]/g, (_, rest: string | undefined, one: string | undefined) => {
      const value = call.params?.[(rest ?? one)!];
      return Array.isArray(value) ? value.map(encodeURIComponent).join("/") : encodeURIComponent(value ?? "");
    }),
    ORIGIN,
  );
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { host: url.host };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (guestCookie) headers.cookie = guestCookie;
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
    // What AXIOM's own pages send: same origin, JSON (lib/api/request-guards.ts).
    headers.origin = ORIGIN;
    headers["sec-fetch-site"] = "same-origin";
    if (call.body !== undefined) headers["content-type"] = "application/json";
  }
  return new Request(url, { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) });
}

const OUTCOME_OF_STATUS: Record<number, Outcome> = { 401: "unauthenticated", 403: "forbidden", 404: "not_found" };
const OUTCOME_OF_CODE: Record<string, Outcome> = {
  unauthenticated: "unauthenticated",
  forbidden: "forbidden",
  not_found: "not_found",
};

/**
 * Who calls, and how: `who` is the user the request acts for (the owner of what it makes), `cookie`
 * the session it carries, `token` its bearer token.
 */
type Caller = { who: Who; cookie: Who; token: string | null; guestCookie?: string };

async function callRoute(handler: RouteHandler, key: string, row: RouteRow, caller: Caller): Promise<Answer> {
  const [method, routePath] = key.split(" ") as [Method, string];
  const { who } = caller;
  const call = await row.request(world, who);
  const before = await auditCount();
  session.userId = caller.cookie?.id ?? null;
  const ctx = { params: Promise.resolve(call.params ?? {}) };
  const response = await handler(requestFor(method, routePath, call, caller.token, caller.guestCookie), ctx);
  session.userId = null;
  // An event stream never ends by itself: its status and headers are the answer; the body is let go.
  const isStream = response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
  if (isStream) await response.body?.cancel();
  const text = isStream ? "(event stream)" : await response.text();
  const isJson = response.headers.get("content-type")?.includes("json");
  const code = isJson ? (JSON.parse(text) as { error?: { code?: string } }).error?.code : undefined;
  const outcome = OUTCOME_OF_STATUS[response.status] ?? "allowed";
  if (outcome !== "allowed") expect(await auditCount(), `${key} refused but changed something`).toBe(before);
  const answer: Answer = { outcome, status: response.status, code, detail: text.slice(0, 300) };
  if (outcome === "not_found") {
    const params = Object.fromEntries(
      Object.entries(call.params ?? {}).map(([name, value]) => [name, isUuid(value) ? randomUUID() : value]),
    );
    const query = Object.fromEntries(
      Object.entries(call.query ?? {}).map(([name, value]) => [name, isUuid(value) ? randomUUID() : value]),
    );
    session.userId = caller.cookie?.id ?? null;
    const unknown = await handler(requestFor(method, routePath, { ...call, params, query }, caller.token, caller.guestCookie), {
      params: Promise.resolve(params),
    });
    session.userId = null;
    answer.unknownIds = { status: unknown.status, detail: (await unknown.text()).slice(0, 300) };
  }
  return answer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: unknown) => typeof value === "string" && UUID.test(value);

async function callAction(action: ActionFn, key: string, row: ActionRow, who: Who): Promise<Answer> {
  const input = await row.input(world, who);
  const before = await auditCount();
  session.userId = who?.id ?? null;
  const result = (await action(input)) as { ok: boolean; error?: { code: string; message: string } };
  session.userId = null;
  if (result.ok) return { outcome: "allowed", status: 200, detail: "ok" };
  const code = result.error?.code ?? "?";
  // An action answers with a code, not a status: any other code is neither a success nor a refusal.
  const outcome = OUTCOME_OF_CODE[code];
  if (!outcome) return { outcome: "allowed", status: 500, code, detail: JSON.stringify(result.error) };
  expect(await auditCount(), `${key} refused but changed something`).toBe(before);
  return { outcome, status: STATUS_OF[outcome as Exclude<Outcome, "allowed">], code, detail: JSON.stringify(result.error) };
}

async function auditCount(): Promise<number> {
  const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from audit_events`;
  return row!.n;
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

const isPublic = (row: Row): row is PublicRow => "public" in row;
const isGuestRow = (row: Row): row is GuestRow => "guest" in row;
const isAction = (key: string) => key.startsWith("action ");

/**
 * The callers of a route. Session routes: each actor with their cookie (and, on /api/v1, the
 * producer's token, refused: a token never stands in for a session). Token routes: each actor with
 * their token (anonymous: nothing; disabled: the disabled user's token), the producer's revoked and
 * expired tokens, the viewer's token beside an admin's cookie (the cookie is ignored: the viewer's
 * answer), and an admin's cookie without a token (refused). Session-or-token routes: both sets.
 */
type CallerCase = { name: string; caller: (w: World) => Caller; expected: (permission: Permission) => Outcome };
const byName = (w: World, actor: ActorName): Who => (actor === "anonymous" ? null : w.users[actor]);
const SESSION_CALLERS: CallerCase[] = [
  ...ACTORS.map((actor) => ({
    name: actor,
    caller: (w: World): Caller => ({ who: byName(w, actor), cookie: byName(w, actor), token: null }),
    expected: (permission: Permission) => expectedOutcome(actor, permission),
  })),
  // A review link's guest (docs/review-links.md): their cookie is no session, on every route.
  {
    name: "guest of a live review link",
    caller: (w) => ({ who: null, cookie: null, token: null, guestCookie: w.guests.live.cookie }),
    expected: () => "unauthenticated",
  },
];
const TOKEN_CALLERS: CallerCase[] = [
  ...ACTORS.map((actor) => ({
    name: `${actor} token`,
    caller: (w: World): Caller => ({ who: byName(w, actor), cookie: null, token: actor === "anonymous" ? null : w.tokens[actor] }),
    expected: (permission: Permission) => expectedOutcome(actor, permission),
  })),
  { name: "revoked token", caller: (w) => ({ who: w.users.producer, cookie: null, token: w.tokens.revoked }), expected: () => "unauthenticated" },
  { name: "expired token", caller: (w) => ({ who: w.users.producer, cookie: null, token: w.tokens.expired }), expected: () => "unauthenticated" },
  {
    name: "viewer token + admin cookie",
    caller: (w) => ({ who: w.users.viewer, cookie: w.users.admin, token: w.tokens.viewer }),
    expected: (permission) => expectedOutcome("viewer", permission),
  },
];
const ADMIN_COOKIE_ONLY: CallerCase = {
  name: "admin cookie without a token",
  caller: (w) => ({ who: w.users.admin, cookie: w.users.admin, token: null }),
  expected: () => "unauthenticated",
};
const PRODUCER_TOKEN_ON_SESSION_ROUTE: CallerCase = {
  name: "producer token",
  caller: (w) => ({ who: w.users.producer, cookie: null, token: w.tokens.producer }),
  expected: () => "unauthenticated",
};

function callersOf(key: string, row: RouteRow | ActionRow): CallerCase[] {
  const auth = "auth" in row ? (row.auth ?? "session") : "session";
  if (auth === "token") return [...TOKEN_CALLERS, ADMIN_COOKIE_ONLY];
  if (auth === "session-or-token") return [...SESSION_CALLERS, ...TOKEN_CALLERS];
  return key.includes(" /api/v1/") ? [...SESSION_CALLERS, PRODUCER_TOKEN_ON_SESSION_ROUTE] : SESSION_CALLERS;
}

const cases = Object.entries(MATRIX)
  .filter((entry): entry is [string, RouteRow | ActionRow] => !isPublic(entry[1]) && !isGuestRow(entry[1]))
  .flatMap(([key, row]) =>
    callersOf(key, row).map((callerCase) => {
      const expected = callerCase.expected(row.permission);
      return [`${key} as ${callerCase.name}: ${expected}`, { key, row, callerCase, expected }] as const;
    }),
  );

/** The callers of a guest route: the link whose path is called, the cookie sent, the status expected. */
type GuestCallerCase = { name: string; linkOf: (w: World) => string; cookieOf: (w: World) => string | undefined; status: (row: GuestRow) => number };
const GUEST_CALLERS: GuestCallerCase[] = [
  ...ACTORS.map((actor) => ({
    name: `${actor}'s session`,
    linkOf: (w: World) => w.guests.live.linkId,
    cookieOf: () => undefined,
    status: () => 401,
  })),
  { name: "the link's guest", linkOf: (w) => w.guests.live.linkId, cookieOf: (w) => w.guests.live.cookie, status: (row) => row.ok },
  { name: "another link's guest", linkOf: (w) => w.guests.live.linkId, cookieOf: (w) => w.guests.otherLink.cookie, status: () => 401 },
  { name: "a revoked link's guest", linkOf: (w) => w.guests.revoked.linkId, cookieOf: (w) => w.guests.revoked.cookie, status: () => 404 },
  { name: "an expired link's guest", linkOf: (w) => w.guests.expired.linkId, cookieOf: (w) => w.guests.expired.cookie, status: () => 410 },
];
const guestCases = Object.entries(MATRIX)
  .filter((entry): entry is [string, GuestRow] => isGuestRow(entry[1]))
  .flatMap(([key, row]) =>
    GUEST_CALLERS.map((c) => {
      const actor = ACTORS.find((a) => c.name === `${a}'s session`);
      return [`${key} as ${c.name}: ${c.status(row)}`, { key, row, callerCase: c, actor }] as const;
    }),
  );

describe("authorization matrix", () => {
  let routes: Awaited<ReturnType<typeof discoverRoutes>>;
  let actions: Awaited<ReturnType<typeof discoverActions>>;
  beforeAll(async () => {
    routes = await discoverRoutes();
    actions = await discoverActions();
  });

  it("has exactly one row per route handler method and per server action", () => {
    const existing = [...routes.keys(), ...actions.actions.keys()].sort();
    const listed = Object.keys(MATRIX).sort();
    const missing = existing.filter((k) => !(k in MATRIX));
    const stale = listed.filter((k) => !routes.has(k) && !actions.actions.has(k));
    expect(
      { missing, stale, inlineServerActions: actions.inline },
      "add a row to MATRIX in tests/authorization-matrix.int.test.ts for every new route method or server action " +
        "(docs/security.md, 'Authorization matrix'); remove rows of routes that are gone",
    ).toEqual({ missing: [], stale: [], inlineServerActions: [] });
  });

  it.each(cases)("%s", async (_title, { key, row, callerCase, expected }) => {
    const caller = callerCase.caller(world);
    const answer = isAction(key)
      ? await callAction(required(actions.actions.get(key), key), key, row as ActionRow, caller.who)
      : await callRoute(required(routes.get(key), key), key, row as RouteRow, caller);
    const seen = `${answer.status} ${answer.detail}`;
    expect(answer.outcome, seen).toBe(expected);
    if (expected === "allowed") {
      // The call's own success: the row's request is valid, so anything else is a bug in the row or the route.
      expect(answer.status, seen).toBe(isAction(key) ? 200 : (row as RouteRow).ok);
    } else {
      // A refusal with the code of the table's answer (not, say, a 403 forbidden_origin).
      if (answer.code !== undefined) expect(answer.code, seen).toBe(expected);
    }
    // No existence leak: what a non-member is told about a real object is what anyone is told about none.
    if (expected === "not_found") expect(answer.unknownIds, seen).toEqual({ status: answer.status, detail: answer.detail });
  });
});

describe("authorization matrix: guest routes", () => {
  let routes: Awaited<ReturnType<typeof discoverRoutes>>;
  beforeAll(async () => {
    routes = await discoverRoutes();
  });

  it.each(guestCases)("%s", async (_title, { key, row, callerCase, actor }) => {
    const [method, routePath] = key.split(" ") as [Method, string];
    const call = await row.request(world, null);
    const params = { ...call.params, linkId: callerCase.linkOf(world) };
    const before = await auditCount();
    // A member's next-auth session where the caller is an actor: the guest edge must not read it.
    session.userId = actor && actor !== "anonymous" ? world.users[actor].id : null;
    const response = await required(routes.get(key), key)(requestFor(method, routePath, { ...call, params }, null, callerCase.cookieOf(world)), {
      params: Promise.resolve(params),
    });
    session.userId = null;
    const expected = callerCase.status(row);
    expect(response.status, (await response.text()).slice(0, 300)).toBe(expected);
    if (expected >= 400) expect(await auditCount(), `${key} refused but changed something`).toBe(before);
  });
});

function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new Error(`${key} is in MATRIX but was not found on disk`);
  return value;
}
