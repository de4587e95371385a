import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import type { ProcessingState, ReviewState } from "@/db/enums";
import { assets, users, versions } from "@/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import {
  DEFAULT_SORT_ORDER,
  type AssetListItem,
  type AssetListPage,
  type AssetListQuery,
  type AssetSort,
  type ReviewStateCounts,
} from "./asset-list.types";

const latest = alias(versions, "latest");
const uploader = alias(users, "uploader");

/**
 * Each sort's column, and how its value travels in a cursor. Activity is compared in whole
 * microseconds (PostgreSQL's precision): a JS Date keeps milliseconds only, and a cursor rounded
 * to them would repeat or skip rows stamped within the same millisecond.
 */
const SORT_COLUMNS: Record<
  AssetSort,
  { column: SQL; cursorValue: SQL; isCursorValue: (v: unknown) => boolean; fromCursor: (v: string | number) => SQL }
> = {
  activity: {
    column: sql`${assets.lastActivityAt}`,
    isCursorValue: (v) => typeof v === "string" && /^-?\d{1,19}$/.test(v),
    cursorValue: sql`(extract(epoch from ${assets.lastActivityAt}) * 1000000)::bigint::text`,
    fromCursor: (v) => sql`(timestamptz 'epoch' + ${String(v)}::bigint * interval '1 microsecond')`,
  },
  name: {
    column: sql`${assets.name}`,
    cursorValue: sql`${assets.name}`,
    isCursorValue: (v) => typeof v === "string",
    fromCursor: (v) => sql`${String(v)}::text`,
  },
  version: {
    column: sql`${assets.latestVersionNumber}`,
    isCursorValue: (v) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 2 ** 31 - 1,
    cursorValue: sql`${assets.latestVersionNumber}::text`,
    fromCursor: (v) => sql`${String(v)}::int`,
  },
};

/** `%` and `_` in a search are the characters themselves, not LIKE's wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The name search. Three characters and more: ILIKE, which the trigram index (assets_name_trgm_idx)
 * answers. Shorter: no trigram to look up, and PostgreSQL guesses such a pattern matches almost
 * nothing, so it would scan and sort the whole project; written as strpos() it is estimated like
 * any condition (a third of the rows), and the page is read along the sort's index until it is full.
 */
function nameContains(text: string): SQL {
  if (text.length >= 3) return sql`${assets.name} ilike ${containsPattern(text)}`;
  return sql`strpos(lower(${assets.name}), lower(${text})) > 0`;
}

/** The day after a `YYYY-MM-DD`, as an exclusive upper bound. */
function dayAfter(day: string): Date {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/** Every filter reads the asset row alone (its copies of the latest version): no join before the limit. */
function filterConditions(projectId: string, query: AssetListQuery): (SQL | undefined)[] {
  return [
    eq(assets.projectId, projectId),
    query.q === undefined ? undefined : nameContains(query.q),
    query.processingState === undefined ? undefined : eq(assets.latestProcessingState, query.processingState),
    query.reviewState === undefined ? undefined : eq(assets.latestReviewState, query.reviewState),
    query.uploader === undefined ? undefined : eq(assets.latestUploadedBy, query.uploader),
    query.from === undefined ? undefined : gte(assets.lastActivityAt, new Date(`${query.from}T00:00:00.000Z`)),
    query.to === undefined ? undefined : lt(assets.lastActivityAt, dayAfter(query.to)),
    query.hasOpenComments === undefined
      ? undefined
      : query.hasOpenComments === "true"
        ? gt(assets.latestOpenThreads, 0)
        : eq(assets.latestOpenThreads, 0),
  ];
}

/**
 * A project's assets, filtered, sorted and one keyset page at a time (docs/browsing.md): the one
 * query behind the project page and `GET /api/v1/projects/:id/assets`. `cursor` continues after a
 * page's last item, `before` goes back from a page's first; a cursor names its sort and order, and
 * one made for another view is refused (422) rather than answering a page of something else.
 * Callers have already checked that the viewer may see the project.
 */
export async function listAssetsPage(db: DbOrTx, input: { projectId: string; query: AssetListQuery }): Promise<AssetListPage> {
  const { query } = input;
  const order = query.order ?? DEFAULT_SORT_ORDER[query.sort];
  const sortColumn = SORT_COLUMNS[query.sort];
  const isBackward = query.cursor === undefined && query.before !== undefined;
  const cursorText = query.cursor ?? query.before;
  // Walking back, the list is read in reverse from the cursor and the page turned round after.
  const readsAscending = (order === "asc") !== isBackward;

  let keyset: SQL | undefined;
  if (cursorText !== undefined) {
    const [sort, cursorOrder, value, id] = decodeCursor(cursorText);
    if (sort !== query.sort || cursorOrder !== order || !sortColumn.isCursorValue(value) || typeof id !== "string" || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new AppError("validation_failed", "cursor: made for another sort or order of this list", { field: "cursor" });
    }
    keyset = sql`(${sortColumn.column}, ${assets.id}) ${readsAscending ? sql`>` : sql`<`} (${sortColumn.fromCursor(value as string | number)}, ${id}::uuid)`;
  }

  const direction = readsAscending ? asc : desc;
  const rows = await db
    .select({
      id: assets.id,
      name: assets.name,
      createdAt: assets.createdAt,
      versionCount: assets.latestVersionNumber,
      lastActivityAt: assets.lastActivityAt,
      sortValue: sql<string>`${sortColumn.cursorValue}`,
      latestId: latest.id,
      latestNumber: latest.number,
      processingState: latest.processingState,
      reviewState: latest.reviewState,
      progress: latest.progress,
      durationSeconds: latest.durationSeconds,
      uploadedAt: latest.uploadedAt,
      uploaderId: uploader.id,
      uploaderName: uploader.name,
      openCommentCount: assets.latestOpenThreads,
    })
    .from(assets)
    .leftJoin(latest, eq(latest.id, assets.latestVersionId))
    .leftJoin(uploader, eq(uploader.id, latest.uploadedBy))
    .where(and(...filterConditions(input.projectId, query), keyset))
    .orderBy(direction(sortColumn.column), direction(assets.id))
    .limit(query.limit + 1);

  const hasMore = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  if (isBackward) pageRows.reverse();
  const keyOf = (r: (typeof rows)[number]) =>
    encodeCursor([query.sort, order, query.sort === "version" ? Number(r.sortValue) : r.sortValue, r.id]);
  const first = pageRows[0];
  const last = pageRows.at(-1);
  // Forward, a previous page exists when we came from a cursor; backward, a next one always does.
  return {
    items: pageRows.map(toAssetListItem),
    nextCursor: last && (isBackward || hasMore) ? keyOf(last) : null,
    prevCursor: first && (isBackward ? hasMore : cursorText !== undefined) ? keyOf(first) : null,
  };
}

type AssetRow = {
  id: string;
  name: string;
  createdAt: Date;
  versionCount: number;
  lastActivityAt: Date;
  latestId: string | null;
  latestNumber: number | null;
  processingState: ProcessingState | null;
  reviewState: ReviewState | null;
  progress: number | null;
  durationSeconds: number | null;
  uploadedAt: Date | null;
  uploaderId: string | null;
  uploaderName: string | null;
  openCommentCount: number;
};

function toAssetListItem(r: AssetRow): AssetListItem {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    versionCount: r.versionCount,
    lastActivityAt: r.lastActivityAt.toISOString(),
    latestVersion:
      r.latestId && r.latestNumber !== null && r.processingState && r.uploaderId && r.uploaderName !== null
        ? {
            id: r.latestId,
            number: r.latestNumber,
            processingState: r.processingState,
            reviewState: r.reviewState,
            progress: r.progress,
            durationSeconds: r.durationSeconds,
            uploadedAt: r.uploadedAt?.toISOString() ?? null,
            uploadedBy: { id: r.uploaderId, name: r.uploaderName },
            openCommentCount: r.openCommentCount,
          }
        : null,
  };
}

/**
 * The project header's counts: its assets' latest versions by review standing, and those whose
 * processing failed. Latest versions, like the list's filters, so each count is what its filter lists.
 */
export async function countLatestVersionStates(db: DbOrTx, projectId: string): Promise<ReviewStateCounts> {
  const [row] = await db
    .select({
      IN_REVIEW: sql<number>`count(*) filter (where ${assets.latestReviewState} = 'IN_REVIEW')::int`,
      APPROVED: sql<number>`count(*) filter (where ${assets.latestReviewState} = 'APPROVED')::int`,
      CHANGES_REQUESTED: sql<number>`count(*) filter (where ${assets.latestReviewState} = 'CHANGES_REQUESTED')::int`,
      REJECTED: sql<number>`count(*) filter (where ${assets.latestReviewState} = 'REJECTED')::int`,
      failed: sql<number>`count(*) filter (where ${assets.latestProcessingState} = 'ERROR')::int`,
    })
    .from(assets)
    .where(eq(assets.projectId, projectId));
  return row ?? { IN_REVIEW: 0, APPROVED: 0, CHANGES_REQUESTED: 0, REJECTED: 0, failed: 0 };
}
