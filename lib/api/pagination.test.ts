import { describe, expect, it } from "vitest";
import { compareSortKeys, decodeCursor, encodeCursor, pageOf, pageQuery } from "./pagination";

const items = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}`, n: i }));
const keyOf = (item: { id: string; n: number }) => [item.n, item.id] as const;

describe("cursor pagination", () => {
  it("walks a list page by page with no repeat and no gap", () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = pageOf(items, pageQuery.parse({ limit: "3", cursor }), keyOf);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(items.map((i) => i.id));
    expect(pages).toBe(3);
  });

  it("says null on the last page, also when it is exactly full", () => {
    expect(pageOf(items.slice(0, 3), pageQuery.parse({ limit: 3 }), keyOf).nextCursor).toBeNull();
  });

  it("starts after the cursor's item even when that item is gone", () => {
    const first = pageOf(items, pageQuery.parse({ limit: 2 }), keyOf);
    const withoutLast = items.filter((i) => i.id !== "id-1");
    expect(pageOf(withoutLast, pageQuery.parse({ limit: 2, cursor: first.nextCursor }), keyOf).items.map((i) => i.id)).toEqual([
      "id-2",
      "id-3",
    ]);
  });

  it("refuses limits outside 1..100 and cursors it did not make", () => {
    expect(pageQuery.safeParse({ limit: "101" }).success).toBe(false);
    expect(pageQuery.safeParse({ limit: "0" }).success).toBe(false);
    expect(pageQuery.parse({}).limit).toBe(50);
    expect(() => decodeCursor("not-a-cursor")).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from("{}").toString("base64url"))).toThrow(/cursor/);
    expect(decodeCursor(encodeCursor(["2026-01-01", "x"]))).toEqual(["2026-01-01", "x"]);
  });

  it("orders numbers as numbers and strings by code point", () => {
    expect(compareSortKeys([10], [9])).toBeGreaterThan(0);
    expect(compareSortKeys(["b"], ["a", "z"])).toBeGreaterThan(0);
    expect(compareSortKeys(["a", "1"], ["a", "1"])).toBe(0);
  });
});
