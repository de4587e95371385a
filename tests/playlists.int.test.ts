import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectPlaylistsRoute from "../app/api/projects/[projectId]/playlists/route";
import * as playlistRoute from "../app/api/playlists/[playlistId]/route";
import * as itemsRoute from "../app/api/playlists/[playlistId]/items/route";
import * as itemRoute from "../app/api/playlists/[playlistId]/items/[itemId]/route";
import * as decisionsRoute from "../app/api/versions/[versionId]/decisions/route";
import type { DbHandle } from "../db/client";
import { auditEvents, events, playlistItems, playlists, type User } from "../db/schema";
import type { RouteDeps } from "../lib/api/route";
import { addPlaylistItem } from "../lib/playlists/add-playlist-item";
import { movePlaylistItem } from "../lib/playlists/move-playlist-item";
import { playlistViewSchema, projectPlaylistsSchema, type PlaylistView } from "../lib/playlists/playlist-view.types";
import { removePlaylistItem } from "../lib/playlists/remove-playlist-item";
import { createAsset, createMember, createTwoProjectScene, createUser, createVersion } from "./helpers/factories";
import { createRouteTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * Playlists (docs/playlists.md) through the real route modules, on a real database connected as
 * the app role (its grants are part of what is tested: deleting playlists and items), with the
 * database's own guards tried directly: the same-project trigger and the deferred unique position.
 */

const ORIGIN = "http://axiom.playlists.test";
let t: TestDatabase;
let app: DbHandle;

const as = (user: User | null): RouteDeps => ({
  db: app.db,
  readSession: async () => (user ? { userId: user.id } : null),
  publicUrl: ORIGIN,
});
const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const get = (path: string) => new Request(`${ORIGIN}${path}`);
const send = (method: string, path: string, body?: unknown) =>
  new Request(`${ORIGIN}${path}`, {
    method,
    headers: {
      origin: ORIGIN,
      "sec-fetch-site": "same-origin",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

type Scene = Awaited<ReturnType<typeof makeScene>>;

/** A project with a member of each role, two assets (SH010 with two versions, SH020 with one), and another project. */
async function makeScene() {
  const scene = await createTwoProjectScene(t.db);
  const { project, producer } = scene;
  const viewer = await createMember(t.db, project.id, "viewer");
  const sh010 = await createAsset(t.db, { projectId: project.id, createdBy: producer.id, name: "SH010" });
  const sh020 = await createAsset(t.db, { projectId: project.id, createdBy: producer.id, name: "SH020" });
  const v1 = await createVersion(t.db, { assetId: sh010.id, uploadedBy: producer.id });
  const v2 = await createVersion(t.db, { assetId: sh010.id, uploadedBy: producer.id });
  const v3 = await createVersion(t.db, { assetId: sh020.id, uploadedBy: producer.id });
  return { ...scene, viewer, versions: [v1, v2, v3] };
}

async function createPlaylistAs(user: User, projectId: string, name: string): Promise<string> {
  const res = await projectPlaylistsRoute.POST.withDeps(as(user))(
    send("POST", `/api/projects/${projectId}/playlists`, { name }),
    ctx({ projectId }),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { playlist: { id: string } }).playlist.id;
}

async function addAs(user: User, playlistId: string, versionId: string, position?: number): Promise<Response> {
  return itemsRoute.POST.withDeps(as(user))(
    send("POST", `/api/playlists/${playlistId}/items`, { versionId, position }),
    ctx({ playlistId }),
  );
}

async function view(user: User, playlistId: string): Promise<PlaylistView> {
  const res = await playlistRoute.GET.withDeps(as(user))(get(`/api/playlists/${playlistId}`), ctx({ playlistId }));
  expect(res.status).toBe(200);
  return playlistViewSchema.parse(await res.json());
}

async function positionsInDb(playlistId: string): Promise<{ id: string; position: number }[]> {
  return t.db
    .select({ id: playlistItems.id, position: playlistItems.position })
    .from(playlistItems)
    .where(eq(playlistItems.playlistId, playlistId))
    .orderBy(asc(playlistItems.position));
}

beforeAll(async () => {
  ({ t, app } = await createRouteTestDatabase({ origin: ORIGIN, secret: "playlists-test-secret-0123456789abcdef" }));
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe("building a playlist", () => {
  let s: Scene;
  beforeAll(async () => {
    s = await makeScene();
  });

  it("a producer creates one, adds three versions of two assets, and everyone in the project sees it in order", async () => {
    const playlistId = await createPlaylistAs(s.producer, s.project.id, "  Dailies 12 March  ");
    for (const v of s.versions) expect((await addAs(s.producer, playlistId, v.id)).status).toBe(201);
    const seen = await view(s.viewer, playlistId);
    expect(seen.playlist.name).toBe("Dailies 12 March");
    expect(seen.items.map((i) => [i.position, i.assetName, i.versionNumber])).toEqual([
      [0, "SH010", 1],
      [1, "SH010", 2],
      [2, "SH020", 1],
    ]);
    expect(seen.permissions).toEqual({ canEdit: false, canDownloadProxies: true });
    expect((await view(s.supervisor, playlistId)).permissions.canEdit).toBe(true);

    const list = await projectPlaylistsRoute.GET.withDeps(as(s.viewer))(
      get(`/api/projects/${s.project.id}/playlists`),
      ctx({ projectId: s.project.id }),
    );
    const parsed = projectPlaylistsSchema.parse(await list.json());
    expect(parsed.canEdit).toBe(false);
    expect(parsed.playlists.find((p) => p.id === playlistId)?.itemCount).toBe(3);

    const audited = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, playlistId))
      .orderBy(asc(auditEvents.seq));
    expect(audited.map((a) => a.action)).toEqual([
      "playlist.created",
      "playlist.item_added",
      "playlist.item_added",
      "playlist.item_added",
    ]);
    expect(audited.every((a) => a.actorId === s.producer.id && a.projectId === s.project.id)).toBe(true);
    const announced = await t.db
      .select()
      .from(events)
      .where(eq(events.projectId, s.project.id))
      .orderBy(asc(events.seq));
    expect(announced.filter((e) => e.type.startsWith("playlist.")).map((e) => e.type)).toEqual([
      "playlist.created",
      "playlist.items_changed",
      "playlist.items_changed",
      "playlist.items_changed",
    ]);
  });

  it("inserts at a position, moves up and down, removes, renames and deletes — positions stay 0..n-1", async () => {
    const playlistId = await createPlaylistAs(s.supervisor, s.project.id, "Order");
    const [v1, v2, v3] = s.versions as [(typeof s.versions)[0], (typeof s.versions)[0], (typeof s.versions)[0]];
    await addAs(s.supervisor, playlistId, v1.id);
    await addAs(s.supervisor, playlistId, v2.id);
    await addAs(s.supervisor, playlistId, v3.id, 0);
    let seen = await view(s.supervisor, playlistId);
    expect(seen.items.map((i) => i.versionId)).toEqual([v3.id, v1.id, v2.id]);

    const last = seen.items[2]!;
    const moved = await itemRoute.PATCH.withDeps(as(s.supervisor))(
      send("PATCH", `/api/playlists/${playlistId}/items/${last.id}`, { position: 0 }),
      ctx({ playlistId, itemId: last.id }),
    );
    expect(moved.status).toBe(200);
    expect(playlistViewSchema.parse(await moved.json()).items.map((i) => i.versionId)).toEqual([v2.id, v3.id, v1.id]);
    // Past the end is last.
    await itemRoute.PATCH.withDeps(as(s.supervisor))(
      send("PATCH", `/x`, { position: 99 }),
      ctx({ playlistId, itemId: last.id }),
    );
    seen = await view(s.supervisor, playlistId);
    expect(seen.items.map((i) => i.versionId)).toEqual([v3.id, v1.id, v2.id]);

    const removed = await itemRoute.DELETE.withDeps(as(s.supervisor))(
      send("DELETE", "/x"),
      ctx({ playlistId, itemId: seen.items[0]!.id }),
    );
    expect(removed.status).toBe(200);
    expect((await positionsInDb(playlistId)).map((r) => r.position)).toEqual([0, 1]);

    const renamed = await playlistRoute.PATCH.withDeps(as(s.supervisor))(
      send("PATCH", "/x", { name: "Order, final" }),
      ctx({ playlistId }),
    );
    expect(renamed.status).toBe(200);
    expect((await view(s.viewer, playlistId)).playlist.name).toBe("Order, final");

    const deleted = await playlistRoute.DELETE.withDeps(as(s.producer))(send("DELETE", "/x"), ctx({ playlistId }));
    expect(deleted.status).toBe(204);
    expect(await t.db.select().from(playlists).where(eq(playlists.id, playlistId))).toEqual([]);
    expect(await positionsInDb(playlistId)).toEqual([]);
    // The versions stay; the trail keeps what happened to the list.
    const actions = (
      await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, playlistId)).orderBy(asc(auditEvents.seq))
    ).map((a) => a.action);
    expect(actions).toEqual([
      "playlist.created",
      "playlist.item_added",
      "playlist.item_added",
      "playlist.item_added",
      "playlist.item_moved",
      "playlist.item_moved",
      "playlist.item_removed",
      "playlist.renamed",
      "playlist.deleted",
    ]);
  });

  it("refuses a version twice, an empty name, and viewers' edits (403) without changing anything", async () => {
    const playlistId = await createPlaylistAs(s.producer, s.project.id, "Refusals");
    expect((await addAs(s.producer, playlistId, s.versions[0]!.id)).status).toBe(201);
    const twice = await addAs(s.producer, playlistId, s.versions[0]!.id);
    expect(twice.status).toBe(409);
    const empty = await playlistRoute.PATCH.withDeps(as(s.producer))(
      send("PATCH", "/x", { name: "   " }),
      ctx({ playlistId }),
    );
    expect(empty.status).toBe(422);
    const byViewer = await addAs(s.viewer, playlistId, s.versions[1]!.id);
    expect(byViewer.status).toBe(403);
    expect((await view(s.producer, playlistId)).items).toHaveLength(1);
    // A non-member learns nothing: 404, as for a playlist that does not exist.
    const outsider = await playlistRoute.GET.withDeps(as(s.outsider))(get("/x"), ctx({ playlistId }));
    expect(outsider.status).toBe(404);
  });
});

describe("the project boundary", () => {
  let s: Scene;
  beforeAll(async () => {
    s = await makeScene();
  });

  it("a version of another project cannot be added: 404 from the API, refused by the database itself", async () => {
    const playlistId = await createPlaylistAs(s.producer, s.project.id, "Boundary");
    const res = await addAs(s.producer, playlistId, s.foreignVersion.id);
    expect(res.status).toBe(404);
    expect((await res.json()) as unknown).toEqual({ error: { code: "not_found", message: "Version not found" } });
    // Even a writer that skips lib/playlists (here the superuser) cannot.
    await expect(
      t.db.insert(playlistItems).values({ playlistId, versionId: s.foreignVersion.id, position: 0 }),
    ).rejects.toMatchObject({ cause: { code: "23514", constraint_name: "playlist_items_same_project" } });
    // Nor move an item into another project's playlist, nor move a playlist to another project.
    await addAs(s.producer, playlistId, s.versions[0]!.id);
    const [otherPlaylist] = await t.db
      .insert(playlists)
      .values({ projectId: s.other.id, name: "Theirs" })
      .returning();
    await expect(
      t.db.update(playlistItems).set({ playlistId: otherPlaylist!.id }).where(eq(playlistItems.playlistId, playlistId)),
    ).rejects.toMatchObject({ cause: { code: "23514" } });
    await expect(
      t.db.update(playlists).set({ projectId: otherPlaylist!.projectId }).where(eq(playlists.id, playlistId)),
    ).rejects.toMatchObject({
      cause: { code: "23514" },
    });
  });

  it("an item id of another playlist is 404 on move and remove", async () => {
    const mine = await createPlaylistAs(s.producer, s.project.id, "Mine");
    const theirs = await createPlaylistAs(s.producer, s.project.id, "Theirs");
    const added = playlistViewSchema.parse(await (await addAs(s.producer, theirs, s.versions[0]!.id)).json());
    const itemId = added.items[0]!.id;
    const move = await itemRoute.PATCH.withDeps(as(s.producer))(
      send("PATCH", "/x", { position: 0 }),
      ctx({ playlistId: mine, itemId }),
    );
    expect(move.status).toBe(404);
    const remove = await itemRoute.DELETE.withDeps(as(s.producer))(
      send("DELETE", "/x"),
      ctx({ playlistId: mine, itemId }),
    );
    expect(remove.status).toBe(404);
    expect(await positionsInDb(theirs)).toHaveLength(1);
  });
});

function expectNotFound(err: unknown): void {
  expect(err).toMatchObject({ code: "not_found" });
}

describe("ordering under concurrent edits", () => {
  it("twelve people adding, moving and removing at once leave every position 0..n-1 exactly once", async () => {
    const s = await makeScene();
    const producer = actor(s.producer);
    const asset = await createAsset(t.db, { projectId: s.project.id, createdBy: s.producer.id, name: "CONC" });
    const more = [];
    for (let i = 0; i < 8; i++) more.push(await createVersion(t.db, { assetId: asset.id, uploadedBy: s.producer.id }));
    const playlistId = await createPlaylistAs(s.producer, s.project.id, "Concurrent");
    for (const v of s.versions) await addPlaylistItem(app.db, { actor: producer, playlistId, versionId: v.id });
    const initial = await positionsInDb(playlistId);
    const ops = [
      ...more.map((v, i) => addPlaylistItem(app.db, { actor: producer, playlistId, versionId: v.id, position: i % 3 })),
      movePlaylistItem(app.db, { actor: producer, playlistId, itemId: initial[0]!.id, position: 5 }),
      movePlaylistItem(app.db, { actor: producer, playlistId, itemId: initial[2]!.id, position: 0 }),
      // Whichever of these two takes the lock second still finds a consistent list: the move of a
      // removed item is a 404, nothing else.
      movePlaylistItem(app.db, { actor: producer, playlistId, itemId: initial[1]!.id, position: 3 }).catch(
        expectNotFound,
      ),
      removePlaylistItem(app.db, { actor: producer, playlistId, itemId: initial[1]!.id }),
    ];
    await Promise.all(ops);
    const final = await positionsInDb(playlistId);
    expect(final.map((r) => r.position)).toEqual(final.map((_, i) => i));
    expect(final).toHaveLength(s.versions.length + more.length - 1);
  });

  it("the unique position is checked at COMMIT: a transaction may pass through duplicates, never commit one", async () => {
    const s = await makeScene();
    const playlistId = await createPlaylistAs(s.producer, s.project.id, "Deferred");
    for (const v of s.versions)
      await addPlaylistItem(app.db, { actor: actor(s.producer), playlistId, versionId: v.id });
    const rows = await positionsInDb(playlistId);
    // Swap two positions with two single-row UPDATEs: a duplicate in between, none at the end.
    await app.db.transaction(async (tx) => {
      await tx.update(playlistItems).set({ position: 1 }).where(eq(playlistItems.id, rows[0]!.id));
      await tx.update(playlistItems).set({ position: 0 }).where(eq(playlistItems.id, rows[1]!.id));
    });
    expect((await positionsInDb(playlistId)).map((r) => r.id)).toEqual([rows[1]!.id, rows[0]!.id, rows[2]!.id]);
    await expect(
      app.db.transaction(async (tx) => {
        await tx.update(playlistItems).set({ position: 2 }).where(eq(playlistItems.id, rows[0]!.id));
      }),
      // Raised by COMMIT itself (hence no drizzle query wrapper around it).
    ).rejects.toMatchObject({ code: "23505", constraint_name: "playlist_items_playlist_position_key" });
  });
});

describe("decisions in a playlist", () => {
  it("are the versions' decisions, through the same API, and the playlist shows them", async () => {
    const s = await makeScene();
    const playlistId = await createPlaylistAs(s.producer, s.project.id, "Review");
    for (const v of s.versions) await addAs(s.producer, playlistId, v.id);
    const target = s.versions[1]!;
    const res = await decisionsRoute.POST.withDeps(as(s.supervisor))(
      send("POST", `/api/versions/${target.id}/decisions`, { decision: "APPROVED", note: "From the dailies" }),
      ctx({ versionId: target.id }),
    );
    expect(res.status).toBe(201);
    const seen = await view(s.viewer, playlistId);
    expect(seen.items.map((i) => i.reviewState)).toEqual(["IN_REVIEW", "APPROVED", "IN_REVIEW"]);
    const [audited] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, target.id), eq(auditEvents.action, "version.review_decided")));
    expect(audited?.actorId).toBe(s.supervisor.id);
  });

  it("a signed-in user who is no member of the project gets 404, as for no playlist at all", async () => {
    const s = await makeScene();
    const playlistId = await createPlaylistAs(s.producer, s.project.id, "Private");
    const stranger = await createUser(t.db);
    const res = await playlistRoute.GET.withDeps(as(stranger))(get("/x"), ctx({ playlistId }));
    expect(res.status).toBe(404);
  });
});
