import "server-only";
import postgres from "postgres";
import type { Db } from "@/db/client";
import { getEnv } from "@/lib/env";
import { getLatestEventSeq, listEventRowsAfter, type EventRecord } from "./event-record";

/** The channel the events insert trigger notifies (migration 0010), with the new seq as payload. */
export const EVENTS_CHANNEL = "axiom_events";

// While LISTEN is down (PostgreSQL restarting, a network cut), the hub reads the outbox this often
// instead, and tries to LISTEN again this often: a live stream then lags by at most ~2 s.
const FALLBACK_POLL_MS = 2000;
const RELISTEN_MS = 3000;
// Even while listening, a read this often: a connection that died without a sound (no FIN; TCP
// keep-alive notices only after a minute or more) costs at most this much latency.
const SAFETY_POLL_MS = 30_000;
// Rows per read. A burst larger than this is read in several rounds, in order.
const READ_BATCH = 500;
// Live streams one user may hold open on one web process: a few tabs (room, asset, project page)
// each with one stream. More is a runaway client; each stream holds memory and a timer.
export const MAX_STREAMS_PER_USER = 10;

export type EventListener = (events: EventRecord[]) => void;

export type EventHub = {
  /** Every event committed after the hub's cursor, in seq order, to `listener`. Returns the unsubscribe. */
  subscribe: (listener: EventListener) => () => void;
  /**
   * Resolves once the hub has its cursor (the newest seq when it started); from then on every
   * event with a higher seq reaches the subscribers. A stream catches up from the database itself
   * AFTER this, so that nothing falls between its catch-up and the hub.
   */
  ready: () => Promise<number>;
  /** A slot for one more live stream of `userId`, or null at MAX_STREAMS_PER_USER. Call the release once. */
  acquireStreamSlot: (userId: string) => (() => void) | null;
  isListening: () => boolean;
  close: () => Promise<void>;
};

/**
 * One per web process (see `eventHubFor`): one dedicated PostgreSQL connection LISTENs on
 * `axiom_events`; each notification (or, while LISTEN is down, a poll) makes the hub read the
 * outbox after its cursor once, and hand the rows to every live stream of this process, which
 * filter them for their user. Events come from PostgreSQL, never from this process's memory of
 * writes, so every web process serves its own clients whichever process (or worker) wrote them.
 */
export function createEventHub(params: {
  db: Db;
  listenUrl: string;
  log?: (message: string, data?: Record<string, unknown>) => void;
}): EventHub {
  const { db } = params;
  const log = params.log ?? ((message, data) => console.warn(`[events] ${message}`, data ?? ""));
  const listeners = new Set<EventListener>();
  const streamsByUser = new Map<string, number>();
  let cursor: Promise<number> | null = null;
  let lastSeq = 0;
  let isReading = false;
  let isReadAgain = false;
  let isListeningNow = false;
  let isClosed = false;
  let relistenTimer: NodeJS.Timeout | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let listenSql: postgres.Sql | null = null;

  async function readNewEvents(): Promise<void> {
    if (isReading) {
      isReadAgain = true;
      return;
    }
    isReading = true;
    try {
      do {
        isReadAgain = false;
        const rows = await listEventRowsAfter(db, { afterSeq: lastSeq, limit: READ_BATCH });
        if (rows.length === 0) break;
        lastSeq = rows[rows.length - 1]!.seq;
        const batch = rows.map((r) => r.event).filter((e): e is EventRecord => e !== null);
        if (batch.length > 0) {
          for (const listener of listeners) {
            try {
              listener(batch);
            } catch (err) {
              log("a live stream failed on an event", { error: String(err) });
            }
          }
        }
        if (rows.length === READ_BATCH) isReadAgain = true;
      } while (isReadAgain && !isClosed);
    } catch (err) {
      // The database is away: the next notification or poll tries again from the same cursor.
      log("reading the outbox failed", { error: String(err) });
    } finally {
      isReading = false;
    }
  }

  function wake(): void {
    if (isClosed || cursor === null) return;
    void cursor.then(() => readNewEvents());
  }

  async function listen(): Promise<void> {
    relistenTimer = null;
    if (isClosed) return;
    try {
      listenSql ??= postgres(
        params.listenUrl,
        listenOptions({
          onNotify: (channel) => {
            if (channel === EVENTS_CHANNEL) wake();
          },
          onClose: () => {
            if (isClosed) return;
            isListeningNow = false;
            log("LISTEN connection lost: polling the outbox until it is back");
            scheduleRelisten();
          },
        }),
      );
      await listenSql.unsafe(`listen ${EVENTS_CHANNEL}`);
      isListeningNow = true;
      // Whatever was committed while we were not listening.
      wake();
    } catch (err) {
      isListeningNow = false;
      log("LISTEN failed: polling the outbox until it works", { error: String(err) });
      scheduleRelisten();
    }
  }

  function scheduleRelisten(): void {
    if (isClosed || relistenTimer) return;
    relistenTimer = setTimeout(() => void listen(), RELISTEN_MS);
    relistenTimer.unref();
  }

  function start(): Promise<number> {
    cursor ??= (async () => {
      // Retried until the database answers: streams wait for it rather than miss events.
      for (;;) {
        try {
          lastSeq = await getLatestEventSeq(db);
          break;
        } catch (err) {
          if (isClosed) throw err;
          log("could not read the outbox's newest seq; retrying", { error: String(err) });
          await new Promise((r) => setTimeout(r, FALLBACK_POLL_MS));
        }
      }
      void listen();
      let lastPoll = Date.now();
      pollTimer = setInterval(() => {
        const now = Date.now();
        if (!isListeningNow || now - lastPoll >= SAFETY_POLL_MS) {
          lastPoll = now;
          void readNewEvents();
        }
      }, FALLBACK_POLL_MS);
      pollTimer.unref();
      return lastSeq;
    })();
    return cursor;
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      void start();
      return () => listeners.delete(listener);
    },
    ready: start,
    acquireStreamSlot(userId) {
      const open = streamsByUser.get(userId) ?? 0;
      if (open >= MAX_STREAMS_PER_USER) return null;
      streamsByUser.set(userId, open + 1);
      let isReleased = false;
      return () => {
        if (isReleased) return;
        isReleased = true;
        const left = (streamsByUser.get(userId) ?? 1) - 1;
        if (left > 0) streamsByUser.set(userId, left);
        else streamsByUser.delete(userId);
      };
    },
    isListening: () => isListeningNow,
    async close() {
      isClosed = true;
      if (relistenTimer) clearTimeout(relistenTimer);
      if (pollTimer) clearInterval(pollTimer);
      listeners.clear();
      await listenSql?.end({ timeout: 1 }).catch(() => {});
    },
  };
}

/**
 * The dedicated LISTEN connection's options. Not `sql.listen()`: when its connection drops while
 * PostgreSQL is down, postgres.js re-listens once and, if that fails, never again, silently. Here
 * `onclose` tells the hub, which polls and LISTENs again itself. postgres.js reads `onnotify` from
 * the options (src/index.js, parseOptions) although its type declarations omit it.
 */
function listenOptions(handlers: { onNotify: (channel: string) => void; onClose: () => void }) {
  const options: postgres.Options<Record<string, never>> & { onnotify: (channel: string, payload: string) => void } = {
    max: 1,
    // The connection is the subscription: not recycled for age (postgres.js's default max_lifetime
    // ends a connection after 30–60 min) nor, by default, for idleness.
    max_lifetime: null,
    onnotice: () => {},
    onnotify: (channel) => handlers.onNotify(channel),
    onclose: () => handlers.onClose(),
  };
  return options;
}

// One hub per database handle and process; on globalThis so dev-mode hot reloads keep it.
const globalForHubs = globalThis as unknown as { axiomEventHubs?: Map<Db, EventHub> };

/**
 * The hub of this process for `db`, made on first use. The app's pool gets a hub that LISTENs
 * through DATABASE_URL; tests make theirs first with the URL of their database.
 */
export function eventHubFor(db: Db, listenUrl?: string): EventHub {
  globalForHubs.axiomEventHubs ??= new Map();
  const hubs = globalForHubs.axiomEventHubs;
  let hub = hubs.get(db);
  if (!hub) {
    hub = createEventHub({ db, listenUrl: listenUrl ?? getEnv().DATABASE_URL });
    hubs.set(db, hub);
  }
  return hub;
}

/** Closes every hub of this process (tests' teardown; a server simply exits). */
export async function closeEventHubs(): Promise<void> {
  const hubs = globalForHubs.axiomEventHubs;
  if (!hubs) return;
  await Promise.all([...hubs.values()].map((hub) => hub.close()));
  hubs.clear();
}
