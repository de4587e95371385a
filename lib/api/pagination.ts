import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Cursor pagination for /api/v1 lists (docs/api.md, "Lists"): `?limit=` (1–100, default 50) and
 * `?cursor=` from the previous page's `nextCursor`; every list answers `{ items, nextCursor }`,
 * `nextCursor` null on the last page. The cursor is opaque to clients: base64url JSON of the last
 * item's sort key, so a page starts strictly after the item the previous one ended on, and rows
 * added or removed meanwhile neither repeat nor skip the rest (unlike an offset).
 */

export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 50;

export const pageQuery = z.object({
  cursor: z.string().max(512).optional().meta({ description: "`nextCursor` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT).meta({ description: "Items per page (1–100, default 50)." }),
});
export type PageQuery = z.output<typeof pageQuery>;

/** `{ items, nextCursor }` of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last one." }),
  });
}
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A sort key: the values the list is ordered by, the last one unique (usually the id). */
export type SortKey = readonly (string | number)[];
const sortKeySchema = z.array(z.union([z.string(), z.number()])).min(1).max(4);

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The sort key in a cursor; 422 `validation_failed` on `cursor` for anything this server did not make. */
export function decodeCursor(cursor: string): SortKey {
  try {
    return sortKeySchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("validation_failed", "cursor: not a cursor this API returned", { field: "cursor" });
  }
}

/** Compares sort keys element by element (numbers as numbers, strings by code point): the order lists use. */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * A page of a list in memory, in ascending `keyOf` order (sorted here, so that the order is the
 * cursor's, whatever a database collation said; lists bounded by nature: a
 * user's tokens and projects, a version's comments and decisions, a project's assets, which its
 * page already loads whole). Lists that grow without bound page in SQL with the same cursor.
 */
export function pageOf<T>(list: readonly T[], page: PageQuery, keyOf: (item: T) => SortKey): Page<T> {
  const sorted = [...list].sort((a, b) => compareSortKeys(keyOf(a), keyOf(b)));
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
  const rest = after === null ? sorted : sorted.filter((item) => compareSortKeys(keyOf(item), after) > 0);
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rest.length > page.limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
