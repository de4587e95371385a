/**
 * `npm run bench:browse`: the project page at scale (docs/browsing.md). A fresh database on the test
 * PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded one), migrated by its
 * superuser and filled by `seedScale` (default 10,000 assets, 30,000 versions); the queries run as
 * the app role, as in production.
 *
 * 1. The list query (`listAssetsPage`) for the default view, each sort, name searches, each filter,
 *    and pages deep in the list (by cursor, forward and back), plus the header counts: p50 and p99
 *    of sequential runs, and p99 as a ratio of the 100 ms target.
 * 2. Unless --skip-render: the page's server render time — `GET /projects/:id?…` against the
 *    production build (`next build` + `next start`), signed in as a seeded supervisor, sequential
 *    requests (time to the last byte), next to `/livez` from the same server as the floor.
 *
 * The machine is shared (2 cores here): compare ratios within one run, never figures across hosts.
 *
 * Options: --assets 10000 --versions 30000 --runs 200 --page-runs 30 --skip-render --skip-build
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { assetListQuery } from "../lib/assets/asset-list.types";
import { countLatestVersionStates, listAssetsPage } from "../lib/assets/list-assets-page";
import { SCALE_PEOPLE, scalePersonEmail, seedScale } from "../scripts/seed-scale";
import { BenchCleanups, createBenchDatabase, newAuditKey, numberOption, signIn, startProductionServer } from "./bench-server";

const TARGET_P99_MS = 100;

const option = (name: string, fallback: number) => numberOption(name, fallback, 1);
const ASSETS = option("assets", 10_000);
const VERSIONS = option("versions", 30_000);
const RUNS = option("runs", 200);
const PAGE_RUNS = option("page-runs", 30);
const IS_RENDER_SKIPPED = process.argv.includes("--skip-render");
const IS_BUILD_SKIPPED = process.argv.includes("--skip-build");

const log = (message: string) => console.log(`[bench:browse] ${message}`);

type Timing = { label: string; p50: number; p99: number; rows: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(label: string, runs: number, run: () => Promise<number>): Promise<Timing> {
  let rows = 0;
  for (let i = 0; i < Math.min(5, runs); i++) rows = await run(); // warm-up: plans cached, pages in memory
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { label, p50: percentile(samples, 50), p99: percentile(samples, 99), rows };
}

function printTable(title: string, timings: Timing[], unit: string) {
  console.log(`\n${title}`);
  console.log(`${"".padEnd(46)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"p99/target".padStart(10)} ${unit.padStart(7)}`);
  for (const t of timings) {
    const ratio = (t.p99 / TARGET_P99_MS).toFixed(2);
    console.log(`${t.label.padEnd(46)} ${t.p50.toFixed(1).padStart(8)} ${t.p99.toFixed(1).padStart(8)} ${ratio.padStart(10)} ${String(t.rows).padStart(7)}`);
  }
}

async function main(): Promise<void> {
  const cleanups = new BenchCleanups("bench:browse");
  try {
    const database = await createBenchDatabase("axiom_bench_browse", cleanups, log);
    const auditKey = newAuditKey();
    process.env.AUDIT_HMAC_KEY = auditKey;

    const owner = createDb(database.ownerUrl, { max: 2 });
    cleanups.add("owner pool", owner.close);
    const seededAt = performance.now();
    const seeded = await seedScale(owner.db, { assets: ASSETS, versions: VERSIONS, project: "BENCH" });
    log(
      `seeded ${seeded.assets} assets, ${seeded.versions} versions, ${seeded.decisions} decisions, ${seeded.comments} threads, ` +
        `${seeded.auditEvents} audit events in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`,
    );

    const app = createDb(database.appUrl, { max: 1 });
    cleanups.add("app pool", app.close);
    const timings = await measureQueries(app.db, seeded.projectId);
    printTable(`list query (listAssetsPage), ${RUNS} sequential runs each, ${ASSETS} assets:`, timings, "rows");

    if (!IS_RENDER_SKIPPED) {
      const pages = await measurePages({ databaseUrl: database.appUrl, auditKey, projectId: seeded.projectId, password: seeded.password!, app: app.db, cleanups });
      printTable(`project page (GET, production build), ${PAGE_RUNS} sequential requests each:`, pages, "KiB");
    }
    const worst = Math.max(...timings.map((t) => t.p99));
    console.log(`\nworst query p99 ${worst.toFixed(1)} ms: ${worst < TARGET_P99_MS ? "within" : "OVER"} the ${TARGET_P99_MS} ms target`);
  } finally {
    await cleanups.runAll();
  }
}

async function measureQueries(db: Db, projectId: string): Promise<Timing[]> {
  const page = (raw: Record<string, string | number>) => async () =>
    (await listAssetsPage(db, { projectId, query: assetListQuery.parse(raw) })).items.length;
  const [uploader] = (await db.execute(
    // The busiest uploader's id (any seeded producer would do).
    sql`select latest_uploaded_by as id from assets where project_id = ${projectId} group by 1 order by count(*) desc limit 1`,
  )) as unknown as { id: string }[];
  // A cursor half-way through the name sort and the activity sort: deep pages.
  const deep: Record<string, { cursor: string; before: string }> = {};
  for (const sort of ["name", "activity"]) {
    let cursor: string | undefined;
    let before = "";
    for (let i = 0; i < Math.floor(ASSETS / 100); i++) {
      const p = await listAssetsPage(db, { projectId, query: assetListQuery.parse({ sort, cursor }) });
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
      before = p.prevCursor ?? before;
    }
    deep[sort] = { cursor: cursor!, before };
  }
  const cases: [string, () => Promise<number>][] = [
    ["default (last activity, newest first)", page({})],
    ["sort: name", page({ sort: "name" })],
    ["sort: latest version", page({ sort: "version" })],
    ["sort: name, descending", page({ sort: "name", order: "desc" })],
    ["search: prefix 'SQ120_'", page({ q: "SQ120_" })],
    ["search: substring 'SH0420'", page({ q: "SH0420" })],
    ["search: shot 'SQ120_SH0420'", page({ q: "SQ120_SH0420" })],
    ["search: short 'co' (no trigram)", page({ q: "co" })],
    ["search: no match 'ZZZ999'", page({ q: "ZZZ999" })],
    ["filter: in review", page({ reviewState: "IN_REVIEW" })],
    ["filter: approved", page({ reviewState: "APPROVED" })],
    ["filter: changes requested", page({ reviewState: "CHANGES_REQUESTED" })],
    ["filter: rejected", page({ reviewState: "REJECTED" })],
    ["filter: failed (processing ERROR)", page({ processingState: "ERROR" })],
    ["filter: uploader", page({ uploader: uploader!.id })],
    ["filter: has open comments", page({ hasOpenComments: "true" })],
    ["filter: no open comments", page({ hasOpenComments: "false" })],
    ["filter: last activity in one week", page({ from: isoDay(-21), to: isoDay(-14) })],
    ["filter: rejected + open comments + uploader", page({ reviewState: "REJECTED", hasOpenComments: "true", uploader: uploader!.id })],
    ["deep page: name, half-way, forward", page({ sort: "name", cursor: deep.name!.cursor })],
    ["deep page: name, half-way, back", page({ sort: "name", before: deep.name!.before })],
    ["deep page: activity, half-way, forward", page({ cursor: deep.activity!.cursor })],
    ["header counts (countLatestVersionStates)", async () => Object.keys(await countLatestVersionStates(db, projectId)).length],
  ];
  const timings: Timing[] = [];
  for (const [label, run] of cases) timings.push(await time(label, RUNS, run));
  return timings;
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function measurePages(input: {
  databaseUrl: string;
  auditKey: string;
  projectId: string;
  password: string;
  app: Db;
  cleanups: BenchCleanups;
}): Promise<Timing[]> {
  const { baseUrl } = await startProductionServer({
    databaseUrl: input.databaseUrl,
    auditKey: input.auditKey,
    isBuildSkipped: IS_BUILD_SKIPPED,
    log,
    cleanups: input.cleanups,
  });
  const supervisor = SCALE_PEOPLE.find((p) => p.role === "supervisor")!;
  const cookie = await signIn(baseUrl, scalePersonEmail(supervisor.name), input.password);
  const deepCursor = await (async () => {
    let cursor: string | undefined;
    for (let i = 0; i < Math.floor(ASSETS / 100); i++) {
      const p = await listAssetsPage(input.app, { projectId: input.projectId, query: assetListQuery.parse({ sort: "name", cursor }) });
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    return cursor!;
  })();
  const base = `/projects/${input.projectId}`;
  const targets: [string, string][] = [
    ["/livez (floor: same server, no session, no database)", "/livez"],
    ["list view, default", base],
    ["grid view, default", `${base}?view=grid`],
    ["list, changes requested", `${base}?reviewState=CHANGES_REQUESTED`],
    ["grid, search 'SH0420'", `${base}?q=SH0420&view=grid`],
    ["list, name sort, half-way page", `${base}?sort=name&cursor=${encodeURIComponent(deepCursor)}`],
  ];
  const timings: Timing[] = [];
  for (const [label, url] of targets) {
    let bytes = 0;
    const timing = await time(label, PAGE_RUNS, async () => {
      const res = await fetch(baseUrl + url, { headers: { cookie }, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
      bytes = body.length;
      return 0;
    });
    timings.push({ ...timing, rows: Math.round(bytes / 1024) });
  }
  return timings;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
