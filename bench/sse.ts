/**
 * `npm run bench:sse`: commit → delivery on every open live stream (docs/events.md, "Live updates"),
 * with 200 authenticated `GET /api/events/stream` streams on one web process — the production build
 * behind `next start` — next to the cost of the commit itself, measured in the same run.
 *
 * - Data: a fresh database on the test PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432, else an
 *   embedded one), migrated by its superuser; the web app connects as the app role. One project with
 *   a READY version; `--streams / 10` viewers (a user may hold 10 streams per web process), each
 *   signed in for real (next-auth's credentials callback) and holding 10 streams of the project.
 * - Events: `--events` comments, one after the other, written by `createComment` (the domain function
 *   the comments route calls) as a supervisor, from this process on a pool of its own as the app role —
 *   so each is a real transaction: the comment, its audit row, its outbox row and the relay's job.
 * - Measured: from the moment the commit is acknowledged (`createComment` resolved) to the moment each
 *   stream has parsed the event's `data:` line. The next comment is written once every stream has the
 *   previous one (plus `--gap` ms), so each figure is one event's fan-out, not a queue. Two rounds:
 *   one stream alone (the baseline: COMMIT → NOTIFY → the hub's read → one stream, without fan-out),
 *   then `--streams`; the report gives their ratio. The commit itself (call → acknowledged) is
 *   reported beside it: the part of "save → seen" the stream does not add.
 *
 * The streams are read in this process, on the same cores as the server (2 here): parsing 200
 * messages per event is part of every figure, as a browser's would be on its own machine.
 *
 * Options: --streams 200 --events 200 --gap 20 --warmup 10 --skip-build (reuse .next when it has a BUILD_ID)
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { createDb } from "../db/client";
import { actorOf } from "../lib/auth/permissions";
import { createComment } from "../lib/comments/create-comment";
import { createAsset, createMember, createProject, createVersion } from "../tests/helpers/factories";
import { BenchCleanups, createBenchDatabase, newAuditKey, numberOption as option, signIn, startProductionServer } from "./bench-server";

const STREAMS = Math.max(1, option("streams", 200));
const EVENTS = Math.max(1, option("events", 200));
const GAP_MS = option("gap", 20);
const WARMUP_EVENTS = option("warmup", 10);
const IS_BUILD_SKIPPED = process.argv.includes("--skip-build");
// A stream that has not seen an event this long after its commit is broken, not slow.
const RECEIPT_TIMEOUT_MS = 10_000;
const PASSWORD = "sse-bench-password";
const MARKER = "sse-bench #";
// lib/events/event-hub.ts's MAX_STREAMS_PER_USER (that module is server-only: Next.js code, not importable here).
const MAX_STREAMS_PER_USER = 10;

const log = (message: string) => console.log(`[bench:sse] ${message}`);

/** One open stream: calls `onComment(n)` for each `comment.added` whose body is `MARKER + n`. */
type OpenStream = { close: () => void; ended: Promise<void> };

async function openStream(url: string, cookie: string, onComment: (n: number) => void): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream refused: HTTP ${res.status} ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let isConnected = false;
  let connected!: () => void;
  const connectedOnce = new Promise<void>((resolve) => (connected = resolve));
  const ended = (async () => {
    let text = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      text += value;
      let end = text.indexOf("\n\n");
      while (end !== -1) {
        const message = text.slice(0, end);
        text = text.slice(end + 2);
        end = text.indexOf("\n\n");
        if (!isConnected && message.includes(": connected")) {
          isConnected = true;
          connected();
        }
        const data = message.split("\n").find((line) => line.startsWith("data: "));
        if (!data) continue;
        const event = JSON.parse(data.slice(6)) as { type: string; payload: { body?: string } };
        const body = event.payload.body;
        if (event.type === "comment.added" && body?.startsWith(MARKER)) onComment(Number(body.slice(MARKER.length)));
      }
    }
  })();
  await Promise.race([connectedOnce, ended.then(() => Promise.reject(new Error("stream ended before connecting")))]);
  return { close: () => abort.abort(), ended };
}

async function main(): Promise<void> {
  const cleanups = new BenchCleanups("bench:sse");
  const streams: OpenStream[] = [];
  try {
    // ── database: owner migrates, the app role serves and writes ──────────────────────────────
    const database = await createBenchDatabase("axiom_bench_sse", cleanups, log);
    const owner = createDb(database.ownerUrl, { max: 2 });
    cleanups.add("owner pool", owner.close);
    const project = await createProject(owner.db, { name: "SSE bench" });
    const supervisor = await createMember(owner.db, project.id, "supervisor");
    const asset = await createAsset(owner.db, { projectId: project.id, createdBy: supervisor.id });
    const version = await createVersion(owner.db, { assetId: asset.id, uploadedBy: supervisor.id, state: "READY" });
    const readerCount = Math.ceil(STREAMS / MAX_STREAMS_PER_USER);
    const readers = [];
    for (let i = 0; i < readerCount; i++) {
      readers.push(await createMember(owner.db, project.id, "viewer", { password: PASSWORD }));
    }

    // ── production server ─────────────────────────────────────────────────────────────────────
    const auditKey = newAuditKey();
    const { baseUrl } = await startProductionServer({ databaseUrl: database.appUrl, auditKey, isBuildSkipped: IS_BUILD_SKIPPED, log, cleanups });
    // This process writes the comments the way the web app would: as the app role, with the same audit key.
    process.env.AUDIT_HMAC_KEY = auditKey;
    const writer = createDb(database.appUrl, { max: 2 });
    cleanups.add("writer pool", writer.close);

    // ── streams ───────────────────────────────────────────────────────────────────────────────
    const cookies: string[] = [];
    for (const reader of readers) cookies.push(await signIn(baseUrl, reader.email, PASSWORD));
    // Two rounds of the same comments: one stream alone (the baseline: the path from COMMIT to a
    // reader without fan-out), then all of them.
    const total = 2 * (WARMUP_EVENTS + EVENTS);
    // receivedAt[n][s]: when stream s parsed comment n (performance.now()), or undefined.
    const receivedAt: Array<Array<number | undefined>> = Array.from({ length: total }, () => []);
    const receivedCount = new Array<number>(total).fill(0);
    const streamUrl = `${baseUrl}/api/events/stream?project=${project.id}`;
    const openStreams = async (count: number) => {
      while (streams.length < count) {
        const s = streams.length;
        const cookie = cookies[Math.floor(s / MAX_STREAMS_PER_USER)]!;
        streams.push(
          await openStream(streamUrl, cookie, (n) => {
            const row = receivedAt[n];
            if (!row || row[s] !== undefined) return;
            row[s] = performance.now();
            receivedCount[n]! += 1;
          }),
        );
      }
    };
    let next = 0;
    const writeAndMeasure = async (): Promise<Round> => {
      const round: Round = { streams: streams.length, delivery: [], lastStream: [], commit: [], missing: 0 };
      for (let i = 0; i < WARMUP_EVENTS + EVENTS; i++) {
        const n = next++;
        const called = performance.now();
        await createComment(writer.db, {
          actor: actorOf(supervisor),
          versionId: version.id,
          comment: { frameIn: n % 24, body: `${MARKER}${n}` },
        });
        const committed = performance.now();
        const deadline = committed + RECEIPT_TIMEOUT_MS;
        const row = receivedAt[n]!;
        while (receivedCount[n]! < round.streams && performance.now() < deadline) await sleep(1);
        if (i < WARMUP_EVENTS) continue;
        round.commit.push(committed - called);
        let last = 0;
        for (let s = 0; s < round.streams; s++) {
          const at = row[s];
          if (at === undefined) {
            round.missing++;
            continue;
          }
          // A stream can parse the event before this process handles the COMMIT's answer: that is 0 ms after it.
          const ms = Math.max(0, at - committed);
          round.delivery.push(ms);
          last = Math.max(last, ms);
        }
        round.lastStream.push(last);
        if (GAP_MS > 0) await sleep(GAP_MS);
      }
      return round;
    };
    await openStreams(1);
    log(`1 stream open; writing ${WARMUP_EVENTS} warm-up + ${EVENTS} comments`);
    const alone = await writeAndMeasure();
    await openStreams(STREAMS);
    log(`${STREAMS} streams open on one web process (${readerCount} viewers × ${MAX_STREAMS_PER_USER}); writing ${WARMUP_EVENTS} warm-up + ${EVENTS} comments`);
    const all = await writeAndMeasure();
    printReport(alone, all);
  } finally {
    for (const stream of streams) stream.close();
    await Promise.allSettled(streams.map((s) => s.ended));
    await cleanups.runAll();
  }
}

type Round = {
  streams: number;
  /** Commit acknowledged → parsed, one sample per stream and comment. */
  delivery: number[];
  /** Commit acknowledged → parsed on the last of the streams, one sample per comment. */
  lastStream: number[];
  /** createComment called → commit acknowledged, one sample per comment. */
  commit: number[];
  missing: number;
};

function printReport(alone: Round, all: Round): void {
  const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
  const row = (label: string, values: number[]) =>
    `| ${label} | ${values.length} | ${p(values, 50)} | ${p(values, 99)} | ${Math.max(...values).toFixed(1)} |`;
  console.log("");
  console.log(
    `${EVENTS} comments per round (after ${WARMUP_EVENTS} warm-up), one \`next start\`, ` +
      `readers and writer in this process on the same ${os.availableParallelism()} cores ` +
      `(load average ${os.loadavg()[0]!.toFixed(1)} at the end: other work on the host counts in every figure):`,
  );
  console.log("| | samples | p50 ms | p99 ms | max ms |");
  console.log("|---|---|---|---|---|");
  console.log(row(`${all.streams} streams: commit acknowledged → parsed on a stream`, all.delivery));
  console.log(row(`${all.streams} streams: commit acknowledged → parsed on the last stream`, all.lastStream));
  console.log(row("1 stream: commit acknowledged → parsed (baseline)", alone.delivery));
  console.log(row(`createComment called → commit acknowledged (${all.streams} streams open)`, all.commit));
  console.log(row("createComment called → commit acknowledged (1 stream open)", alone.commit));
  console.log("");
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : "—");
  console.log(
    `${all.streams} streams ÷ 1 stream: p50 ${ratio(percentile(all.delivery, 50), percentile(alone.delivery, 50))}×, ` +
      `p99 ${ratio(percentile(all.delivery, 99), percentile(alone.delivery, 99))}×`,
  );
  const missing = alone.missing + all.missing;
  console.log(`missing receipts (not on a stream ${RECEIPT_TIMEOUT_MS / 1000} s after the commit): ${missing}`);
  // A lost event is a broken run, not a slow one.
  if (missing > 0) process.exitCode = 1;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((error: unknown) => {
  console.error("[bench:sse]", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
