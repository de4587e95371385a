import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, comments, versions } from "../db/schema";
import { encodeCursor } from "../lib/api/pagination";
import { assetListQuery, type AssetListItem } from "../lib/assets/asset-list.types";
import { countLatestVersionStates, listAssetsPage } from "../lib/assets/list-assets-page";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { toAppError } from "../lib/errors";
import { seedScale } from "../scripts/seed-scale";
import { createAsset, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The project page's one query (lib/assets/list-assets-page.ts) against an oracle: the same
 * project's assets computed from the raw tables (latest version by number, open threads counted,
 * activity from every upload, decision and comment), which also checks the triggers that keep the
 * assets' copies (migration 0021). Every filter, sort and order is read page by page forward and
 * back, and must give exactly the oracle's rows in the oracle's order: no duplicate, none missing.
 */

type OracleRow = {
  id: string;
  name: string;
  latest_number: number | null;
  processing_state: string | null;
  review_state: string | null;
  uploaded_by: string | null;
  open_threads: number;
  activity_micros: string;
  activity_day: string;
};

describe("asset browsing query", () => {
  let t: TestDatabase;
  let projectId: string;
  let oracle: OracleRow[];
  let uploaderId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const seeded = await seedScale(t.db, { assets: 70, versions: 180, project: "BRWS" });
    projectId = seeded.projectId;
    // An asset with no uploaded version yet, and one whose name holds LIKE's wildcards.
    const [someone] = await t.db.select({ id: versions.uploadedBy }).from(versions).limit(1);
    uploaderId = someone!.id;
    await createAsset(t.db, { projectId, name: "SQ999_SH0010_comp" });
    const odd = await createAsset(t.db, { projectId, name: "odd%name_x" });
    await createVersion(t.db, { assetId: odd.id, uploadedBy: uploaderId, state: "PROCESSING" });
    oracle = (await t.db.execute(sql`
      select a.id, a.name, l.number as latest_number, l.processing_state::text, l.review_state::text, l.uploaded_by,
             (select count(*)::int from comments c where c.version_id = l.id and c.parent_id is null
                and c.resolved_at is null and c.deleted_at is null) as open_threads,
             (extract(epoch from act.at) * 1000000)::bigint::text as activity_micros,
             to_char(act.at at time zone 'UTC', 'YYYY-MM-DD') as activity_day
      from assets a
      left join lateral (select * from versions v where v.asset_id = a.id and v.number is not null order by v.number desc limit 1) l on true
      cross join lateral (select greatest(a.created_at,
          (select max(v.uploaded_at) from versions v where v.asset_id = a.id),
          (select max(d.created_at) from review_decisions d join versions v on v.id = d.version_id where v.asset_id = a.id),
          (select max(c.created_at) from comments c join versions v on v.id = c.version_id where v.asset_id = a.id)) as at) act
      where a.project_id = ${projectId}`)) as unknown as OracleRow[];
  });
  afterAll(() => t?.drop());

  /** Every page of `raw`, forward from the first, then backward from the last; both must agree. */
  async function readAll(raw: Record<string, string>, limit = 7): Promise<AssetListItem[]> {
    const forward: AssetListItem[] = [];
    let cursor: string | undefined;
    let lastPrev: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await listAssetsPage(t.db, { projectId, query: assetListQuery.parse({ ...raw, limit, cursor }) });
      if (cursor === undefined) expect(page.prevCursor).toBeNull();
      forward.push(...page.items);
      lastPrev = page.prevCursor;
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    // Back from the last page with `before`, to the first.
    const backward: AssetListItem[][] = [];
    let before = lastPrev;
    while (before !== null) {
      const page = await listAssetsPage(t.db, { projectId, query: assetListQuery.parse({ ...raw, limit, before }) });
      expect(page.items).toHaveLength(limit);
      expect(page.nextCursor).not.toBeNull();
      backward.unshift(page.items);
      before = page.prevCursor;
    }
    const lastPageSize = forward.length % limit || limit;
    const rebuilt = [...backward.flat(), ...forward.slice(forward.length - (forward.length === 0 ? 0 : lastPageSize))];
    expect(rebuilt.map((a) => a.id)).toEqual(forward.map((a) => a.id));
    expect(new Set(forward.map((a) => a.id)).size).toBe(forward.length);
    return forward;
  }

  async function expectOracle(raw: Record<string, string>, keep: (r: OracleRow) => boolean) {
    const query = assetListQuery.parse(raw);
    const order = query.order ?? { activity: "desc", name: "asc", version: "desc" }[query.sort];
    const expected = oracle.filter(keep);
    // The order itself comes from PostgreSQL (its collation sorts names), over the oracle's rows.
    const ids = expected.map((r) => r.id);
    const sortColumn = { activity: sql`a.last_activity_at`, name: sql`a.name`, version: sql`a.latest_version_number` }[query.sort];
    const ordered =
      ids.length === 0
        ? []
        : ((await t.db.execute(sql`
            select a.id from assets a where a.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
            order by ${sortColumn} ${order === "asc" ? sql`asc` : sql`desc`}, a.id ${order === "asc" ? sql`asc` : sql`desc`}`)) as unknown as { id: string }[]);
    const got = await readAll(raw);
    expect(got.map((a) => a.id)).toEqual(ordered.map((r) => r.id));
    return got;
  }

  it("keeps the assets' copies of their latest version exactly as the raw tables say", async () => {
    const rows = await t.db.select().from(assets).where(eq(assets.projectId, projectId));
    for (const r of oracle) {
      const a = rows.find((x) => x.id === r.id)!;
      expect({
        number: a.latestVersionNumber,
        processing: a.latestProcessingState,
        review: a.latestReviewState,
        by: a.latestUploadedBy,
        open: a.latestOpenThreads,
      }).toEqual({ number: r.latest_number ?? 0, processing: r.processing_state, review: r.review_state, by: r.uploaded_by, open: r.open_threads });
    }
  });

  it("lists every asset once in each sort and order, forward and back", async () => {
    for (const sort of ["activity", "name", "version"]) {
      for (const order of ["asc", "desc"]) await expectOracle({ sort, order }, () => true);
      await expectOracle({ sort }, () => true);
    }
  });

  it("filters by each review state and processing state, on the latest version", async () => {
    for (const reviewState of ["IN_REVIEW", "APPROVED", "CHANGES_REQUESTED", "REJECTED"]) {
      const got = await expectOracle({ reviewState }, (r) => r.review_state === reviewState);
      expect(got.length).toBeGreaterThan(0);
    }
    for (const processingState of ["READY", "ERROR", "PROCESSING"]) {
      await expectOracle({ processingState, sort: "name" }, (r) => r.processing_state === processingState);
    }
  });

  it("filters by uploader, open comments and activity dates", async () => {
    await expectOracle({ uploader: uploaderId }, (r) => r.uploaded_by === uploaderId);
    const open = await expectOracle({ hasOpenComments: "true" }, (r) => r.open_threads > 0);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((a) => (a.latestVersion?.openCommentCount ?? 0) > 0)).toBe(true);
    await expectOracle({ hasOpenComments: "false", sort: "version" }, (r) => r.open_threads === 0);
    const days = [...new Set(oracle.map((r) => r.activity_day))].sort();
    const from = days[Math.floor(days.length / 3)]!;
    const to = days[Math.floor((2 * days.length) / 3)]!;
    await expectOracle({ from, to }, (r) => r.activity_day >= from && r.activity_day <= to);
    await expectOracle({ from: to, to: to }, (r) => r.activity_day === to);
  });

  it("searches names by prefix and substring, case-insensitively, with % and _ taken literally", async () => {
    await expectOracle({ q: "sq010_" }, (r) => r.name.toLowerCase().includes("sq010_"));
    await expectOracle({ q: "SH0020", sort: "name" }, (r) => r.name.includes("SH0020"));
    await expectOracle({ q: "_comp" }, (r) => r.name.endsWith("_comp"));
    const literal = await readAll({ q: "%" });
    expect(literal.map((a) => a.name)).toEqual(["odd%name_x"]);
    expect(literal[0]!.latestVersion).toMatchObject({ number: 1, processingState: "PROCESSING", reviewState: null });
  });

  it("combines filters", async () => {
    await expectOracle(
      { reviewState: "CHANGES_REQUESTED", hasOpenComments: "true", q: "SQ010", sort: "name", order: "desc" },
      (r) => r.review_state === "CHANGES_REQUESTED" && r.open_threads > 0 && r.name.includes("SQ010"),
    );
  });

  it("counts latest versions by standing, as the filters list them", async () => {
    const counts = await countLatestVersionStates(t.db, projectId);
    expect(counts).toEqual({
      IN_REVIEW: oracle.filter((r) => r.review_state === "IN_REVIEW").length,
      APPROVED: oracle.filter((r) => r.review_state === "APPROVED").length,
      CHANGES_REQUESTED: oracle.filter((r) => r.review_state === "CHANGES_REQUESTED").length,
      REJECTED: oracle.filter((r) => r.review_state === "REJECTED").length,
      failed: oracle.filter((r) => r.processing_state === "ERROR").length,
    });
  });

  it("refuses a cursor made for another sort or order, and one it did not make", async () => {
    const first = await listAssetsPage(t.db, { projectId, query: assetListQuery.parse({ sort: "name", limit: 5 }) });
    for (const raw of [{ sort: "activity" }, { sort: "name", order: "desc" }]) {
      const err = await listAssetsPage(t.db, { projectId, query: assetListQuery.parse({ ...raw, cursor: first.nextCursor! }) }).catch(toAppError);
      expect(err).toMatchObject({ code: "validation_failed" });
    }
    const forged = await listAssetsPage(t.db, { projectId, query: assetListQuery.parse({ cursor: "not-a-cursor" }) }).catch(toAppError);
    expect(forged).toMatchObject({ code: "validation_failed" });
    // Well-formed but not a value of its sort: refused before it reaches SQL (no 500 from a bad cast).
    const id = first.items[0]!.id;
    for (const [sort, order, value] of [["activity", "desc", "yesterday"], ["version", "desc", "7"], ["version", "desc", 1.5]] as const) {
      const err = await listAssetsPage(t.db, { projectId, query: assetListQuery.parse({ sort, cursor: encodeCursor([sort, order, value, id]) }) }).catch(toAppError);
      expect(err).toMatchObject({ code: "validation_failed" });
    }
  });

  it("follows a new upload, a decision and a resolved thread into the filters", async () => {
    const [asset] = await t.db.select().from(assets).where(eq(assets.name, "SQ999_SH0010_comp"));
    const byName = { q: "SQ999_SH0010" };
    expect((await readAll(byName))[0]!.latestVersion).toBeNull();
    const v = await createVersion(t.db, { assetId: asset!.id, uploadedBy: uploaderId, reviewState: "CHANGES_REQUESTED" });
    const [item] = await readAll({ ...byName, reviewState: "CHANGES_REQUESTED" });
    expect(item?.latestVersion).toMatchObject({ id: v.id, number: 1, openCommentCount: 0 });
    const [thread] = await t.db.insert(comments).values({ versionId: v.id, authorId: uploaderId, frameIn: 3, body: "Edge halo" }).returning();
    expect((await readAll({ ...byName, hasOpenComments: "true" }))[0]?.latestVersion?.openCommentCount).toBe(1);
    await t.db.update(comments).set({ resolvedAt: new Date(), resolvedBy: uploaderId }).where(eq(comments.id, thread!.id));
    expect(await readAll({ ...byName, hasOpenComments: "true" })).toEqual([]);
    // The asset's activity moved to the comment: it now leads the default (newest first) sort.
    const newest = await listAssetsPage(t.db, { projectId, query: assetListQuery.parse({ limit: 1 }) });
    expect(newest.items[0]?.id).toBe(asset!.id);
    const v2 = await createVersion(t.db, { assetId: asset!.id, uploadedBy: uploaderId, state: "ERROR" });
    expect((await readAll({ ...byName, processingState: "ERROR" }))[0]?.latestVersion).toMatchObject({ id: v2.id, number: 2 });
  });

  it("seeds through the database's rules: the audit chain verifies", async () => {
    const chain = await verifyAuditChain(t.db);
    expect(chain.ok).toBe(true);
    const [{ n } = { n: 0 }] = (await t.db.execute(
      sql`select count(*)::int as n from audit_events where data->>'source' = 'seed:scale' and action = 'version.review_decided'`,
    )) as unknown as { n: number }[];
    const [{ d } = { d: 0 }] = (await t.db.execute(
      sql`select count(*)::int as d from review_decisions rd join versions v on v.id = rd.version_id join assets a on a.id = v.asset_id where a.project_id = ${projectId}`,
    )) as unknown as { d: number }[];
    expect(n).toBeGreaterThan(0);
    expect(d).toBeGreaterThanOrEqual(n);
  });
});
