import { spawn } from "node:child_process";
import path from "node:path";
import { run, type Runner, type TaskList } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../db/client";
import { runDeliverEvents, runRelayEvents } from "../jobs/relay-events";
import { JOBS } from "../lib/jobs/definitions";
import { appendEvent } from "../lib/events/append-event";
import { deliverEvents, registerEventConsumers } from "../lib/events/deliver-events";
import type { EventConsumer } from "../lib/events/event-consumer";
import type { EventRecord } from "../lib/events/event-record";
import { createProject } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The relay (docs/events.md, "Relay"): consumers get every event in seq order from cursors of
 * their own — a slow or stuck one holds up no other — and at least once across a crash, so a
 * consumer idempotent by event id sees each event's effect exactly once. Real PostgreSQL, the app
 * role, a real graphile-worker runner, and a real process SIGKILLed mid-batch.
 */

let t: TestDatabase;
let app: DbHandle;
let projectId: string;
const repoRoot = path.resolve(__dirname, "..");

beforeAll(async () => {
  t = await createTestDatabase();
  app = createDb(t.appUrl, { max: 6 });
  projectId = (await createProject(t.db)).id;
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

/** `n` events committed one transaction each; their seqs. */
async function writeEvents(n: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) {
    await app.db.transaction((tx) =>
      appendEvent(tx, { type: "project.archived", projectId, actorId: null, payload: {} }),
    );
    const [row] = await t.sql<{ seq: string }[]>`select max(seq)::text as seq from events`;
    seqs.push(Number(row!.seq));
  }
  return seqs;
}

/** A consumer that records what it gets, batch by batch; `gate` (when set) holds each delivery until opened. */
function recordingConsumer(name: string, options: { batchSize?: number } = {}) {
  const batches: EventRecord[][] = [];
  let gate: Promise<void> | null = null;
  const consumer: EventConsumer = {
    name,
    batchSize: options.batchSize,
    deliver: async (events) => {
      if (gate) await gate;
      batches.push(events);
    },
  };
  return {
    consumer,
    batches,
    seqs: () => batches.flat().map((e) => e.seq),
    hold() {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
  };
}

async function cursorOf(name: string): Promise<number> {
  const [row] = await t.sql<{ last_seq: string }[]>`select last_seq::text from event_consumers where name = ${name}`;
  return Number(row?.last_seq ?? Number.NaN);
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("delivering to consumers", () => {
  it("two consumers get every event in order, each from its own cursor, in their own batch sizes", async () => {
    const fast = recordingConsumer("fast");
    const small = recordingConsumer("small-batches", { batchSize: 2 });
    const history = await writeEvents(2); // before they exist: a new consumer does not get it
    await registerEventConsumers(app.db, [fast.consumer, small.consumer]);
    const seqs = await writeEvents(5);

    expect(await deliverEvents(app.db, fast.consumer)).toEqual({ delivered: 5, lastSeq: seqs[4], isCaughtUp: true });
    expect(fast.seqs()).toEqual(seqs);
    expect(fast.batches.map((b) => b.length)).toEqual([5]);
    // The other cursor has not moved.
    expect(await cursorOf("small-batches")).toBe(history[1]);
    expect(await cursorOf("fast")).toBe(seqs[4]);

    await deliverEvents(app.db, small.consumer);
    expect(small.seqs()).toEqual(seqs);
    expect(small.batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(small.batches.flat().every((e) => e.type === "project.archived" && e.projectId === projectId)).toBe(true);

    // Caught up: nothing more, nothing again.
    expect(await deliverEvents(app.db, fast.consumer)).toMatchObject({ delivered: 0, isCaughtUp: true });
    expect(fast.seqs()).toEqual(seqs);
  });

  it("a consumer that throws gets the same batch again; the other consumer is not held up", async () => {
    const steady = recordingConsumer("steady");
    let failures = 1;
    const flaky: EventConsumer = {
      name: "flaky",
      deliver: async () => {
        if (failures-- > 0) throw new Error("broker unavailable");
      },
    };
    const seen: number[] = [];
    const flakyRecording: EventConsumer = {
      ...flaky,
      deliver: async (events, tx) => {
        await flaky.deliver(events, tx);
        seen.push(...events.map((e) => e.seq));
      },
    };
    await registerEventConsumers(app.db, [steady.consumer, flakyRecording]);
    const start = await cursorOf("flaky");
    const seqs = await writeEvents(3);
    await expect(deliverEvents(app.db, flakyRecording)).rejects.toThrow("broker unavailable");
    expect(await cursorOf("flaky")).toBe(start);
    await deliverEvents(app.db, steady.consumer);
    expect(steady.seqs()).toEqual(seqs);
    await deliverEvents(app.db, flakyRecording);
    expect(seen).toEqual(seqs);
  });

  it("through graphile-worker: a commit wakes the relay, each consumer's deliveries run in its own queue, a stuck one holds up no other", async () => {
    const quick = recordingConsumer("graphile-quick");
    const stuck = recordingConsumer("graphile-stuck");
    const consumers = [quick.consumer, stuck.consumer];
    await registerEventConsumers(app.db, consumers);
    const logs: string[] = [];
    const ctx = { db: app.db, eventConsumers: consumers, log: (m: string) => logs.push(m) };
    // The worker's own handlers, with the payload schemas of lib/jobs/definitions.ts, as jobs/registry.ts wraps them.
    const taskList: TaskList = {
      "relay-events": (payload, helpers) => runRelayEvents(ctx, JOBS["relay-events"].payload.parse(payload), helpers),
      "deliver-events": (payload, helpers) =>
        runDeliverEvents(ctx, JOBS["deliver-events"].payload.parse(payload), helpers),
    };
    const runner: Runner = await run({
      connectionString: t.appUrl,
      concurrency: 4,
      pollInterval: 60_000,
      noHandleSignals: true,
      taskList,
    });
    try {
      const release = stuck.hold();
      const first = await writeEvents(3);
      // Woken by NOTIFY (polling is once a minute here): the quick consumer gets all three while
      // the stuck one sits on its first delivery.
      await waitFor("the quick consumer to get the first events", () => quick.seqs().length === 3);
      expect(quick.seqs()).toEqual(first);
      expect(stuck.seqs()).toEqual([]);
      const second = await writeEvents(2);
      await waitFor("the quick consumer to get the later events", () => quick.seqs().length === 5);
      expect(stuck.seqs()).toEqual([]);

      release();
      await waitFor("the stuck consumer to catch up", () => stuck.seqs().length === 5);
      expect(stuck.seqs()).toEqual([...first, ...second]);
      expect(quick.seqs()).toEqual([...first, ...second]);
      await waitFor(
        "both cursors at the end",
        async () =>
          (await cursorOf("graphile-stuck")) === second[1] && (await cursorOf("graphile-quick")) === second[1],
      );
    } finally {
      await runner.stop();
    }
  });
});

describe("at least once across a crash", () => {
  it("a relay process SIGKILLed mid-batch leaves the cursor where it was; the batch comes again and an idempotent consumer applies each event once", async () => {
    await t.sql`create table test_received (event_id uuid primary key, seq bigint not null, deliveries int not null default 1)`;
    await t.sql`grant select, insert, update on test_received to ${t.sql(new URL(t.appUrl).username)}`;
    const name = "crash-test";
    await registerEventConsumers(app.db, [{ name, deliver: async () => {} }]);
    const start = await cursorOf(name);
    const seqs = await writeEvents(10);

    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/crashing-event-consumer.ts"], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "test",
        DATABASE_URL: t.appUrl,
        EVENT_CONSUMER: name,
        HALF: "6",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(`the child to be mid-batch (output so far: ${output})`, () => output.includes("HALF"), 60_000);
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    expect(output).not.toContain("DONE");

    // Six effects landed, but the cursor did not move: the batch was not acknowledged.
    const landed = await t.sql<{ seq: string }[]>`select seq::text from test_received order by seq`;
    expect(landed.map((r) => Number(r.seq))).toEqual(seqs.slice(0, 6));
    // The killed session's transaction is rolled back, its row lock released (PostgreSQL notices
    // the closed socket); the next relay may have to wait a moment for that.
    expect(await cursorOf(name)).toBe(start);

    // The next relay run redelivers the whole batch; the consumer (idempotent by event id) applies it.
    const redelivered: number[] = [];
    const effects = createDb(t.appUrl, { max: 1 });
    try {
      await deliverEvents(app.db, {
        name,
        deliver: async (events) => {
          for (const event of events) {
            redelivered.push(event.seq);
            await effects.sql`insert into test_received (event_id, seq) values (${event.id}, ${event.seq})
                              on conflict (event_id) do update set deliveries = test_received.deliveries + 1`;
          }
        },
      });
    } finally {
      await effects.close();
    }
    expect(redelivered).toEqual(seqs);
    expect(await cursorOf(name)).toBe(seqs[9]);
    const rows = await t.sql<
      { seq: string; deliveries: number }[]
    >`select seq::text, deliveries from test_received order by seq`;
    // Each event applied once (one row per id); the six before the crash were delivered twice.
    expect(rows.map((r) => Number(r.seq))).toEqual(seqs);
    expect(rows.map((r) => r.deliveries)).toEqual([2, 2, 2, 2, 2, 2, 1, 1, 1, 1]);
  });
});
