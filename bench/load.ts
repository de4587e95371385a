/**
 * `npm run bench:load`: the pages and the API a review session hits most, under 100 concurrent
 * connections, against the production build (`next build` + `next start`), next to the cheapest
 * answer the same process can give — measured in the same run (docs/operations.md, "Load").
 *
 * - Targets: the project page, an asset page (its versions with their review standing) and
 *   `GET /api/versions/:id` (the status the UI polls), signed in with a real session cookie
 *   (next-auth's credentials callback, as the browser gets it).
 * - Ceiling: `/livez`, a static route served from the build output by the same `next start` —
 *   routing, proxy.ts (a fresh CSP nonce) and the security headers, but no session, database or
 *   React render. Each target is reported as a ratio of it.
 * - Data: a fresh database on the test PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432, else an
 *   embedded one), migrated by its superuser; the web app connects as the app role, as in
 *   production. Rows are inserted with the test factories (READY versions with renditions and
 *   decisions; no FFmpeg): the measured project plus other projects of the same size, so queries
 *   that would scan more than one project's rows pay for it. No object store runs: none of the
 *   measured answers touches it.
 * - Load: autocannon (HTTP/1.1 keep-alive, closed loop: each connection sends its next request
 *   when the previous answer arrives), after a short warm-up per target. Every answer but a 2xx
 *   counts as an error (a redirect to /signin would mean the cookie was refused).
 *
 * The load generator runs in this process, on the same cores as the server (2 here): the ceiling
 * pays that too, which is why ratios, not absolute figures, compare across runs.
 *
 * Options: --duration 20 --connections 100 --warmup 3 --assets 12 --versions 3 --other-projects 4
 *          --skip-build (reuse .next when it has a BUILD_ID; rebuild after changing app code)
 *          --only livez,project,asset,version
 *          --cpu-prof DIR (the server writes a V8 CPU profile there when it stops: where a request's time goes)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { createDb, type Db } from "../db/client";
import type { ReviewState } from "../db/schema";
import type { ManagedChild } from "../scripts/dev-services";
import { createAsset, createMember, createProject, createVersion } from "../tests/helpers/factories";
import { BenchCleanups, createBenchDatabase, newAuditKey, numberOption as option, signIn, startProductionServer } from "./bench-server";

const DURATION_S = option("duration", 20);
const CONNECTIONS = option("connections", 100);
const WARMUP_S = option("warmup", 3);
const ASSETS = option("assets", 12);
const VERSIONS_PER_ASSET = Math.max(1, option("versions", 3));
const OTHER_PROJECTS = option("other-projects", 4);
const IS_BUILD_SKIPPED = process.argv.includes("--skip-build");
const CPU_PROFILE_DIR = (() => {
  const i = process.argv.indexOf("--cpu-prof");
  return i >= 0 ? path.resolve(process.argv[i + 1] ?? "cpu-profiles") : null;
})();
const ONLY = (() => {
  const i = process.argv.indexOf("--only");
  return i >= 0 ? new Set((process.argv[i + 1] ?? "").split(",")) : null;
})();

// The brief's target, on a 2-core machine.
const TARGET_P99_MS = 100;
const PASSWORD = "load-bench-password";
// Review states the latest versions cycle through, so the pages render every kind of standing.
const LATEST_REVIEW_STATES: ReviewState[] = ["IN_REVIEW", "APPROVED", "CHANGES_REQUESTED", "REJECTED"];

const log = (message: string) => console.log(`[bench:load] ${message}`);

type Target = {
  key: string;
  label: string;
  path: string;
  /** Checked once before the load: the answer carries the seeded data, not an empty page. */
  check: (status: number, body: string) => string | null;
};

type Measured = {
  target: Target;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  errors: number;
  /** Non-2xx answers and connection errors other than timeouts. */
  brokenAnswers: number;
  /** What the errors were: transport errors, timeouts, answers by status. */
  errorKinds: string;
  /** Bytes per answer (body and headers), from autocannon's byte count. */
  bytesPerAnswer: number;
  /** Median of sequential requests on the idle server: the cost of one answer without queueing. */
  aloneMs: number;
  /** CPU seconds of the server's process tree per wall second of the run. */
  serverCores: number;
  /** Server CPU milliseconds per answered request. */
  cpuMsPerRequest: number;
};

async function main(): Promise<void> {
  const cleanups = new BenchCleanups("bench:load");
  try {
    // ── database: owner migrates, the app role serves ─────────────────────────────────────────
    const database = await createBenchDatabase("axiom_bench_load", cleanups, log);
    const owner = createDb(database.ownerUrl, { max: 4 });
    cleanups.add("owner pool", owner.close);
    const started = performance.now();
    const world = await seedWorld(owner.db);
    log(
      `seeded ${1 + OTHER_PROJECTS} projects × ${ASSETS} assets × ${VERSIONS_PER_ASSET} READY versions ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s (database ${database.name})`,
    );

    // ── production build and server ───────────────────────────────────────────────────────────
    const { web, baseUrl } = await startProductionServer({
      databaseUrl: database.appUrl,
      auditKey: newAuditKey(),
      isBuildSkipped: IS_BUILD_SKIPPED,
      log,
      cpuProfileDir: CPU_PROFILE_DIR,
      cleanups,
    });
    const cookie = await signIn(baseUrl, world.email, PASSWORD);
    log(`next start at ${baseUrl} (pid ${web.process.pid}); signed in as ${world.email} (producer)`);

    // ── targets, checked once before the load ─────────────────────────────────────────────────
    const targets: Target[] = [
      {
        key: "livez",
        label: "static route /livez (ceiling)",
        path: "/livez",
        check: (status, body) => (status === 200 && body === "ok\n" ? null : `expected "ok", got ${status}`),
      },
      {
        key: "project",
        label: "project page",
        path: `/projects/${world.projectId}`,
        check: (status, body) =>
          status !== 200
            ? `HTTP ${status}`
            : world.assetNames.every((name) => body.includes(name))
              ? null
              : "not every seeded asset is listed",
      },
      {
        key: "asset",
        label: "asset page",
        path: `/projects/${world.projectId}/assets/${world.assetId}`,
        check: (status, body) =>
          status !== 200
            ? `HTTP ${status}`
            : world.fileNames.every((name) => body.includes(name))
              ? null
              : "not every version of the asset is listed",
      },
      {
        key: "version",
        label: "GET /api/versions/:id",
        path: `/api/versions/${world.versionId}`,
        check: (status, body) =>
          status === 200 && body.includes(`"processingState":"READY"`) && body.includes(world.versionId)
            ? null
            : `expected the READY version, got ${status}`,
      },
    ];
    for (const target of targets) {
      const res = await fetch(baseUrl + target.path, { headers: { cookie }, redirect: "manual" });
      const problem = target.check(res.status, await res.text());
      if (problem) throw new Error(`${target.label}: ${problem}`);
    }

    // ── load ──────────────────────────────────────────────────────────────────────────────────
    const results: Measured[] = [];
    for (const target of targets.filter((t) => !ONLY || ONLY.has(t.key))) {
      results.push(await measure(baseUrl, target, cookie, web));
      const r = results[results.length - 1]!;
      log(
        `${target.label}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
          `${r.errors} errors of ${r.total}${r.errorKinds ? ` (${r.errorKinds})` : ""}; ${r.serverCores.toFixed(2)} server cores, ` +
          `${(r.bytesPerAnswer / 1024).toFixed(1)} KiB per answer`,
      );
    }
    printReport(results);
  } finally {
    await cleanups.runAll();
  }
}

type World = {
  email: string;
  projectId: string;
  assetId: string;
  versionId: string;
  assetNames: string[];
  fileNames: string[];
};

/** The measured project (the signed-in producer's) and `OTHER_PROJECTS` like it. */
async function seedWorld(db: Db): Promise<World> {
  let world: World | null = null;
  for (let p = 0; p <= OTHER_PROJECTS; p++) {
    const project = await createProject(db, { name: p === 0 ? "Load bench" : `Other ${p}` });
    // Only the measured user gets a real (argon2) password: hashing is deliberately slow.
    const producer = await createMember(db, project.id, "producer", p === 0 ? { password: PASSWORD } : {});
    await createMember(db, project.id, "supervisor");
    const assetNames: string[] = [];
    let first: { assetId: string; versionId: string; fileNames: string[] } | null = null;
    for (let a = 0; a < ASSETS; a++) {
      const asset = await createAsset(db, { projectId: project.id, createdBy: producer.id, name: `LOAD_${p}_SH${String(a * 10).padStart(4, "0")}` });
      assetNames.push(asset.name);
      const fileNames: string[] = [];
      let latestId = "";
      for (let v = 1; v <= VERSIONS_PER_ASSET; v++) {
        const isLatest = v === VERSIONS_PER_ASSET;
        const version = await createVersion(db, {
          assetId: asset.id,
          uploadedBy: producer.id,
          renditions: ["proxy_mp4", "hls", "poster", "sprite", "thumbnails_vtt"],
          // Earlier versions were sent back; the latest ones stand in every state.
          reviewState: isLatest ? LATEST_REVIEW_STATES[a % LATEST_REVIEW_STATES.length] : "CHANGES_REQUESTED",
          overrides: { originalFileName: `${asset.name}_v${String(v).padStart(3, "0")}.mov` },
        });
        fileNames.push(version.originalFileName);
        latestId = version.id;
      }
      first ??= { assetId: asset.id, versionId: latestId, fileNames };
    }
    if (p === 0) {
      world = { email: producer.email, projectId: project.id, assetId: first!.assetId, versionId: first!.versionId, assetNames, fileNames: first!.fileNames };
    }
  }
  return world!;
}

async function measure(baseUrl: string, target: Target, cookie: string, web: ManagedChild): Promise<Measured> {
  const url = baseUrl + target.path;
  const headers = { cookie };
  // Sequential requests on the idle server first: one answer's own cost.
  const alone: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers, redirect: "manual" });
    await res.arrayBuffer();
    alone.push(performance.now() - t0);
  }
  if (WARMUP_S > 0) await runAutocannon(url, headers, WARMUP_S);
  const cpuBefore = processTreeCpuSeconds(web.process.pid!);
  const t0 = performance.now();
  const result = await runAutocannon(url, headers, DURATION_S);
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpuSeconds = processTreeCpuSeconds(web.process.pid!) - cpuBefore;
  const total = result.requests.total;
  // Transport errors (autocannon counts its timeouts among them), plus every answer that was not a 2xx.
  const errors = result.errors + result.non2xx;
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, { count }]) => `${count}× ${code}`);
  const errorKinds = [
    ...(result.timeouts ? [`${result.timeouts} timeouts (10 s)`] : []),
    ...(result.errors - result.timeouts > 0 ? [`${result.errors - result.timeouts} connection errors`] : []),
    ...statuses,
  ].join(", ");
  return {
    target,
    requestsPerSecond: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total,
    errors,
    errorKinds,
    brokenAnswers: result.non2xx + result.errors - result.timeouts,
    bytesPerAnswer: total > 0 ? result.throughput.total / total : 0,
    aloneMs: median(alone),
    serverCores: cpuSeconds / wallSeconds,
    cpuMsPerRequest: total > 0 ? (cpuSeconds * 1000) / total : 0,
  };
}

function runAutocannon(url: string, headers: Record<string, string>, durationSeconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: durationSeconds, timeout: 10 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** utime + stime of a process and all its descendants (`next start` may fork its server). */
function processTreeCpuSeconds(rootPid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may contain spaces) start after the last ')'.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Exited while we looked.
    }
  }
  let ticks = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) pending.push(child);
  }
  return ticks / ticksPerSecond;
}

function printReport(results: Measured[]): void {
  const ceiling = results.find((r) => r.target.key === "livez");
  const rows = results.map((r) => [
    r.target.label,
    r.requestsPerSecond.toFixed(0),
    `${r.p50}`,
    `${r.p99}`,
    `${r.max}`,
    `${r.errors} / ${r.total}`,
    r.aloneMs.toFixed(1),
    r.cpuMsPerRequest.toFixed(2),
    r.serverCores.toFixed(2),
    ceiling && r !== ceiling ? (ceiling.requestsPerSecond / r.requestsPerSecond).toFixed(1) : "—",
    ceiling && r !== ceiling ? (r.p99 / ceiling.p99).toFixed(1) : "—",
  ]);
  const header = ["", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "alone ms", "server CPU ms/req", "server cores used", "ceiling req/s ÷ this", "this p99 ÷ ceiling p99"];
  console.log("");
  console.log(
    `${CONNECTIONS} connections, ${DURATION_S} s each (after ${WARMUP_S} s of warm-up), production build, ` +
      `load generator on the same ${os.availableParallelism()} cores:`,
  );
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  console.log("");
  // Little's law for a closed loop: latency ≈ connections ÷ throughput.
  console.log(
    `With ${CONNECTIONS} connections always waiting, mean latency ≈ ${CONNECTIONS} ÷ req/s: a p99 under ${TARGET_P99_MS} ms ` +
      `needs more than ${Math.round((CONNECTIONS * 1000) / TARGET_P99_MS)} req/s.`,
  );
  for (const r of results.filter((r) => r !== ceiling)) {
    const isMet = r.p99 < TARGET_P99_MS && r.errors === 0;
    console.log(`  target p99 < ${TARGET_P99_MS} ms, no errors — ${r.target.label}: ${isMet ? "MET" : "MISSED"} (p99 ${r.p99} ms, ${r.errors} errors)`);
  }
  // Answers other than 2xx mean the setup is broken (a refused cookie, a crash): exit code 1. Timeouts
  // are the server being too slow — reported above as errors against the target, not a broken run.
  if (results.some((r) => r.brokenAnswers > 0)) process.exitCode = 1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

main().catch((error: unknown) => {
  console.error("[bench:load]", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
