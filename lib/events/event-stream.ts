import "server-only";
import { eq, min } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, users } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";
import type { EventHub } from "./event-hub";
import { listEventRowsAfter, type EventRecord } from "./event-record";
import { EVENT_TYPES } from "./event-types";
import type { StreamEvent } from "./stream-event.types";

// A comment line this often keeps proxies (and the browser) from closing an idle stream; most
// close after 30–60 s of silence.
export const HEARTBEAT_MS = 15_000;
// Access is checked again this often (and at once on a membership event about the reader): a
// member removed or a user disabled stops receiving within this time.
export const ACCESS_RECHECK_MS = 30_000;
// What EventSource waits before reconnecting after the stream ends (the SSE `retry:` field).
const RECONNECT_MS = 3000;
// A client that reads nothing while events keep coming: past this many bytes queued, the stream
// is closed; the client reconnects with Last-Event-ID and catches up from the database.
const MAX_QUEUED_BYTES = 1024 * 1024;
const CATCH_UP_PAGE = 500;

export type EventStreamScope = { projectId: string; versionId?: string };

export type EventStreamParams = {
  db: Db;
  hub: EventHub;
  actor: Actor;
  /** The access `apiRoute` granted (project.view on `scope.projectId`). */
  access: ProjectAccess;
  scope: EventStreamScope;
  /** The `Last-Event-ID` to resume after; null: only events from now on. */
  lastEventId: number | null;
  /**
   * The request: its signal says the client went away. The Request itself, not just its signal:
   * undici's Request follows an outer signal through a WeakRef to its own AbortController, so a
   * Request nobody holds can be collected and its signal then never fires. The stream holds it.
   */
  request: Request;
  timing?: { heartbeatMs?: number; accessRecheckMs?: number };
};

/**
 * The SSE stream of one reader (docs/events.md, "Live updates"): every event of the scope (a
 * project, or one version of it) the reader may see — each type's `visibleWith` permission,
 * checked against the reader's role — as `id: <seq>` + `data: <EventRecord JSON>`.
 *
 * Order of work, so that no event is lost or repeated: subscribe to the hub (buffering), wait for
 * the hub's cursor, catch up from the database after `lastEventId` (or start at the hub's cursor),
 * then flush the buffer — everything at or below what was already sent is skipped by seq.
 *
 * Every write goes through one promise chain, so an access check (periodic, or on a membership
 * event about the reader) finishes before anything after it is sent; a failed check sends
 * `event: revoked` and ends the stream. Ends too on the client leaving (`signal`), and when the
 * client stops reading (MAX_QUEUED_BYTES). Throws `rate_limited` when the reader already has
 * MAX_STREAMS_PER_USER streams open on this process.
 */
export function openEventStream(params: EventStreamParams): ReadableStream<Uint8Array> {
  const { db, hub, scope, request } = params;
  const signal = request.signal;
  const release = hub.acquireStreamSlot(params.actor.id);
  if (!release)
    throw new AppError("rate_limited", "Too many live update streams are open for this account; close a tab.");
  const encoder = new TextEncoder();
  const heartbeatMs = params.timing?.heartbeatMs ?? HEARTBEAT_MS;
  const recheckMs = params.timing?.accessRecheckMs ?? ACCESS_RECHECK_MS;

  let actor = params.actor;
  let role = params.access.role;
  let sentSeq = 0;
  let isCatchingUp = true;
  let buffered: EventRecord[] = [];
  let isClosed = false;
  let chain: Promise<void> = Promise.resolve();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: () => void = () => {};

  const write = (text: string) => {
    if (isClosed) return;
    controller.enqueue(encoder.encode(text));
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) close();
  };

  const close = () => {
    if (isClosed) return;
    isClosed = true;
    unsubscribe();
    for (const timer of timers) clearInterval(timer);
    request.signal.removeEventListener("abort", close);
    release();
    try {
      controller.close();
    } catch {
      // Already cancelled by the client.
    }
  };

  /** Queues work after everything queued before it; a failure ends the stream. */
  const enqueueWork = (work: () => Promise<void> | void) => {
    chain = chain
      .then(async () => {
        if (!isClosed) await work();
      })
      .catch(() => close());
  };

  const isAboutReader = (event: EventRecord) =>
    (event.type === "member.removed" || event.type === "member.role_changed") && event.payload.userId === actor.id;

  /** Still allowed? Reloads the user (disabled, admin flag) and the membership; false ends the stream. */
  const recheckAccess = async (): Promise<boolean> => {
    const [user] = await db
      .select({ isAdmin: users.isAdmin, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, actor.id));
    if (!user || user.disabledAt) return false;
    actor = { id: actor.id, isAdmin: user.isAdmin };
    try {
      role = (await authorizeProjectOrThrow(db, actor, scope.projectId, "project.view")).role;
      return true;
    } catch (err) {
      if (err instanceof AppError && (err.code === "not_found" || err.code === "forbidden")) return false;
      throw err;
    }
  };

  const revokeUnlessAllowed = async () => {
    if (await recheckAccess()) return;
    write("event: revoked\ndata: {}\n\n");
    close();
  };

  const send = async (batch: EventRecord[]) => {
    for (const event of batch) {
      if (isClosed) return;
      if (event.seq <= sentSeq || event.projectId !== scope.projectId) continue;
      sentSeq = event.seq;
      if (isAboutReader(event)) {
        // Decided before anything else goes out (also on a version's stream, which does not show
        // membership events): a removed member gets nothing after the removal.
        await revokeUnlessAllowed();
        if (isClosed) return;
      }
      if (scope.versionId !== undefined && event.versionId !== scope.versionId) continue;
      if (!can(actor, role, EVENT_TYPES[event.type].visibleWith)) continue;
      write(`id: ${event.seq}\ndata: ${JSON.stringify(event satisfies StreamEvent)}\n\n`);
    }
  };

  const catchUp = async () => {
    const hubSeq = await hub.ready();
    if (params.lastEventId === null) {
      sentSeq = hubSeq;
    } else {
      sentSeq = params.lastEventId;
      // Events after Last-Event-ID already pruned (EVENTS_RETENTION_DAYS): tell the client to
      // reload what it shows instead of pretending the stream is complete.
      const [oldest] = await db.select({ seq: min(events.seq) }).from(events);
      if (oldest?.seq != null && oldest.seq > sentSeq + 1) write("event: reset\ndata: {}\n\n");
      for (;;) {
        const rows = await listEventRowsAfter(db, { afterSeq: sentSeq, limit: CATCH_UP_PAGE, ...scope });
        const readable = rows.map((r) => r.event).filter((e): e is EventRecord => e !== null);
        await send(readable);
        if (rows.length > 0) sentSeq = Math.max(sentSeq, rows[rows.length - 1]!.seq);
        if (rows.length < CATCH_UP_PAGE || isClosed) break;
      }
    }
    isCatchingUp = false;
    const pending = buffered;
    buffered = [];
    await send(pending);
  };

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (signal.aborted) {
          close();
          return;
        }
        signal.addEventListener("abort", close);
        write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
        unsubscribe = hub.subscribe((batch) => {
          if (isCatchingUp) buffered.push(...batch);
          else enqueueWork(() => send(batch));
        });
        enqueueWork(catchUp);
        timers.push(setInterval(() => enqueueWork(() => write(": ping\n\n")), heartbeatMs));
        timers.push(setInterval(() => enqueueWork(revokeUnlessAllowed), recheckMs));
        for (const timer of timers) timer.unref();
      },
      cancel() {
        close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
}
