import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../app/api/events/stream/route";
import { createDb, type DbHandle } from "../db/client";
import { actorOf } from "../lib/auth/permissions";
import { createComment } from "../lib/comments/create-comment";
import { decideVersion } from "../lib/decisions/decide-version";
import { closeEventHubs, eventHubFor, MAX_STREAMS_PER_USER } from "../lib/events/event-hub";
import type { EventRecord } from "../lib/events/event-record";
import { openEventStream } from "../lib/events/event-stream";
import { authorizeProjectOrThrow } from "../lib/projects/authorize-project";
import { removeProjectMember } from "../lib/members/remove-project-member";
import { createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * Live updates (docs/events.md, "Live updates"): the real route handler (apiRoute, the permission
 * table) on a real database as the app role, its Response body read as a browser's EventSource
 * would. Events are written by the domain functions on other connections, as other requests and
 * the worker would, and reach the streams through PostgreSQL's NOTIFY.
 */

let t: TestDatabase;
let web1: DbHandle;
let web2: DbHandle;
let writer: DbHandle;
let a: Awaited<ReturnType<typeof createReviewScene>>;
let b: Awaited<ReturnType<typeof createReviewScene>>;

beforeAll(async () => {
  t = await createTestDatabase();
  // Two web processes' pools (each gets its own hub and LISTEN connection), and a third writer.
  web1 = createDb(t.appUrl, { max: 4 });
  web2 = createDb(t.appUrl, { max: 4 });
  writer = createDb(t.appUrl, { max: 2 });
  eventHubFor(web1.db, t.appUrl);
  eventHubFor(web2.db, t.appUrl);
  a = await createReviewScene(t.db);
  b = await createReviewScene(t.db);
});
afterAll(async () => {
  await closeEventHubs();
  for (const handle of [web1, web2, writer]) await handle?.close();
  await t?.drop();
});

type SseMessage = { id?: string; event?: string; data?: string; comments: string[] };

/** Reads an SSE body as EventSource does: messages separated by blank lines. */
function readSse(response: Response) {
  const messages: SseMessage[] = [];
  let isEnded = false;
  const done = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    for (;;) {
      const { value, done: isDone } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (isDone) break;
      text += value;
      let end = text.indexOf("\n\n");
      while (end !== -1) {
        const message: SseMessage = { comments: [] };
        for (const line of text.slice(0, end).split("\n")) {
          if (line.startsWith(":")) message.comments.push(line.slice(1).trim());
          else {
            const [field, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (field === "id" || field === "event" || field === "data") message[field] = value;
          }
        }
        messages.push(message);
        text = text.slice(end + 2);
        end = text.indexOf("\n\n");
      }
    }
    isEnded = true;
  })();
  return {
    messages,
    done,
    isEnded: () => isEnded,
    events: () => messages.filter((m) => m.data && !m.event).map((m) => JSON.parse(m.data!) as EventRecord),
  };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens `GET /api/events/stream?<query>` as `userId` (null: anonymous) on web process `web`. */
async function open(userId: string | null, query: string, options: { web?: DbHandle; lastEventId?: string } = {}) {
  const abort = new AbortController();
  const headers: Record<string, string> = {};
  if (options.lastEventId) headers["last-event-id"] = options.lastEventId;
  const request = new Request(`http://axiom.test/api/events/stream?${query}`, { headers, signal: abort.signal });
  const route = GET.withDeps({ db: (options.web ?? web1).db, readSession: async () => (userId ? { userId } : null) });
  const response = await route(request, { params: Promise.resolve({}) });
  const isStream = response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
  const sse = isStream ? readSse(response) : null;
  if (sse) await waitFor("the stream to connect", () => sse.messages.some((m) => m.comments.includes("connected")));
  return { response, sse: sse!, close: () => abort.abort() };
}

async function comment(scene: typeof a, versionId: string, body: string): Promise<string> {
  const view = await createComment(writer.db, {
    actor: actorOf(scene.viewer),
    versionId,
    comment: { frameIn: 1, body },
  });
  return view.id;
}

const readyVersion = (scene: typeof a) =>
  createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id, state: "READY" });

describe("GET /api/events/stream", () => {
  it("streams a project's events to its member, with id: seq lines, and nothing of another project", async () => {
    const va = await readyVersion(a);
    const vb = await readyVersion(b);
    const stream = await open(a.viewer.id, `project=${a.project.id}`);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("cache-control")).toBe("no-cache, no-transform");

    await comment(b, vb.id, "B's secret note");
    const first = await comment(a, va.id, "A's note");
    await decideVersion(writer.db, { versionId: vb.id, actor: actorOf(b.supervisor), decision: "APPROVED" });
    await decideVersion(writer.db, { versionId: va.id, actor: actorOf(a.supervisor), decision: "REJECTED" });

    await waitFor("A's two events", () => stream.sse.events().length === 2);
    await new Promise((r) => setTimeout(r, 200)); // and nothing more arrives
    const events = stream.sse.events();
    expect(events.map((e) => e.type)).toEqual(["comment.added", "decision.made"]);
    expect(events.every((e) => e.projectId === a.project.id)).toBe(true);
    expect(events[0]).toMatchObject({ commentId: first, versionId: va.id, payload: { body: "A's note" } });
    expect(JSON.stringify(stream.sse.messages)).not.toContain("secret");
    // id: lines are the seqs, increasing.
    const ids = stream.sse.messages.filter((m) => m.data).map((m) => Number(m.id));
    expect(ids).toEqual(events.map((e) => e.seq));
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    stream.close();
    await stream.sse.done;
  });

  it("answers as the permission table says: 401 without a session, 404 for a non-member and an unknown id, and a version's stream shows only that version", async () => {
    expect((await open(null, `project=${a.project.id}`)).response.status).toBe(401);
    const outsider = await open(a.viewer.id, `project=${b.project.id}`);
    expect(outsider.response.status).toBe(404);
    const unknown = await open(a.viewer.id, `project=${crypto.randomUUID()}`);
    expect(await unknown.response.json()).toEqual(await outsider.response.json());
    expect((await open(a.viewer.id, `version=${(await readyVersion(b)).id}`)).response.status).toBe(404);
    expect((await open(a.viewer.id, "")).response.status).toBe(404);

    const v1 = await readyVersion(a);
    const v2 = await readyVersion(a);
    const stream = await open(a.viewer.id, `version=${v1.id}`);
    await comment(a, v2.id, "other version");
    const mine = await comment(a, v1.id, "this version");
    await waitFor("the version's event", () => stream.sse.events().length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(stream.sse.events().map((e) => e.commentId)).toEqual([mine]);
    stream.close();
  });

  it("a client away for 10 events reconnects with Last-Event-ID and gets exactly those 10, in order", async () => {
    const v = await readyVersion(a);
    const first = await open(a.producer.id, `project=${a.project.id}`);
    await comment(a, v.id, "seen before the cut");
    await waitFor("the first event", () => first.sse.events().length === 1);
    const lastSeen = first.sse.messages.filter((m) => m.id).at(-1)!.id!;
    first.close();
    await first.sse.done;

    const missed: string[] = [];
    for (let i = 0; i < 10; i++) missed.push(await comment(a, v.id, `missed ${i}`));
    const again = await open(a.producer.id, `project=${a.project.id}`, { lastEventId: lastSeen });
    await waitFor("the 10 missed events", () => again.sse.events().length >= 10);
    await comment(a, v.id, "after the reconnect");
    await waitFor("the live one after them", () => again.sse.events().length === 11);
    expect(
      again.sse
        .events()
        .map((e) => e.commentId)
        .slice(0, 10),
    ).toEqual(missed);
    expect(again.sse.events()[10]!.payload).toMatchObject({ body: "after the reconnect" });
    const seqs = again.sse.events().map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(11);
    again.close();
  });

  it("a member removed mid-stream gets `revoked` and nothing after; the stream ends", async () => {
    const scene = await createReviewScene(t.db);
    const v = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id, state: "READY" });
    const stream = await open(scene.viewer.id, `project=${scene.project.id}`);
    const before = await createComment(writer.db, {
      actor: actorOf(scene.producer),
      versionId: v.id,
      comment: { frameIn: 1, body: "before" },
    });
    await waitFor("the event before the removal", () => stream.sse.events().length === 1);
    await removeProjectMember(writer.db, {
      actor: actorOf(scene.admin),
      projectId: scene.project.id,
      userId: scene.viewer.id,
    });
    await createComment(writer.db, {
      actor: actorOf(scene.producer),
      versionId: v.id,
      comment: { frameIn: 2, body: "after the removal" },
    });
    await waitFor("the stream to end", () => stream.sse.isEnded());
    expect(stream.sse.events().map((e) => e.commentId)).toEqual([before.id]);
    expect(stream.sse.messages.some((m) => m.event === "revoked")).toBe(true);
    expect(JSON.stringify(stream.sse.messages)).not.toContain("after the removal");
  });

  it("two web processes each serve their own streams from PostgreSQL, and a process whose LISTEN connection dies keeps delivering by polling", async () => {
    const v = await readyVersion(a);
    const on1 = await open(a.viewer.id, `project=${a.project.id}`, { web: web1 });
    const on2 = await open(a.supervisor.id, `project=${a.project.id}`, { web: web2 });
    const id = await comment(a, v.id, "to both processes");
    await waitFor("both streams", () => on1.sse.events().length === 1 && on2.sse.events().length === 1);
    expect(on1.sse.events()[0]!.commentId).toBe(id);
    expect(on2.sse.events()[0]!.commentId).toBe(id);

    // Cut process 2's LISTEN connection (as a restarting PostgreSQL or a proxy would).
    const hub2 = eventHubFor(web2.db);
    expect(hub2.isListening()).toBe(true);
    await t.sql`select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and query ilike 'listen axiom_events%' and pid <> pg_backend_pid()`;
    await waitFor("process 2 to notice", () => !hub2.isListening() || on2.sse.isEnded(), 5000).catch(() => {});
    const during = await comment(a, v.id, "while LISTEN is down");
    await waitFor("process 2 to deliver anyway", () => on2.sse.events().some((e) => e.commentId === during), 10_000);
    await waitFor("process 2 to listen again", () => hub2.isListening(), 10_000);
    const after = await comment(a, v.id, "after LISTEN is back");
    await waitFor(
      "both again",
      () => on1.sse.events().at(-1)?.commentId === after && on2.sse.events().at(-1)?.commentId === after,
    );
    on1.close();
    on2.close();
  });

  it("limits one user's open streams per process, and frees a slot when a client disconnects", async () => {
    const streams = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) streams.push(await open(a.producer.id, `project=${a.project.id}`));
    const refused = await open(a.producer.id, `project=${a.project.id}`);
    expect(refused.response.status).toBe(429);
    expect(((await refused.response.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    // Another user is not affected.
    const other = await open(a.viewer.id, `project=${a.project.id}`);
    expect(other.response.status).toBe(200);
    streams[0]!.close();
    await streams[0]!.sse.done;
    const next = await open(a.producer.id, `project=${a.project.id}`);
    expect(next.response.status).toBe(200);
    for (const s of [...streams, other, next]) s.close();
  });

  it("sends a heartbeat comment on an idle stream", async () => {
    const hub = eventHubFor(web1.db);
    const access = await authorizeProjectOrThrow(web1.db, actorOf(a.viewer), a.project.id, "project.view");
    const abort = new AbortController();
    const request = new Request("http://axiom.test/api/events/stream", { signal: abort.signal });
    const body = openEventStream({
      db: web1.db,
      hub,
      actor: actorOf(a.viewer),
      access,
      scope: { projectId: a.project.id },
      lastEventId: null,
      request,
      timing: { heartbeatMs: 100 },
    });
    const sse = readSse(new Response(body));
    await waitFor("two heartbeats", () => sse.messages.filter((m) => m.comments.includes("ping")).length >= 2, 5000);
    abort.abort();
    await sse.done;
    expect(sse.isEnded()).toBe(true);
  });
});
