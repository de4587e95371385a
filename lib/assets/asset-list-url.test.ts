import { describe, expect, it } from "vitest";
import { assetBrowseHref, clearedFiltersChange, hasAssetFilters, parseAssetBrowseParams } from "./asset-list-url";

const P = "6f1c1d9e-8a43-4c55-9d0e-2f4b3c5a7e10";

function stateOf(params: Record<string, string>) {
  const parsed = parseAssetBrowseParams(params);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.state;
}

describe("the project page's view in its URL", () => {
  it("reads blank form fields as unset and fills the defaults", () => {
    const state = stateOf({ q: "  ", reviewState: "", view: "grid" });
    expect(state).toEqual({ sort: "activity", limit: 50, view: "grid" });
  });

  it("says which value is wrong instead of guessing", () => {
    expect(parseAssetBrowseParams({ reviewState: "MAYBE" })).toMatchObject({ ok: false, message: expect.stringContaining("reviewState") });
    expect(parseAssetBrowseParams({ from: "last tuesday" })).toMatchObject({ ok: false });
  });

  it("writes only what differs from the defaults, in a stable order", () => {
    expect(assetBrowseHref(P, stateOf({}))).toBe(`/projects/${P}`);
    expect(assetBrowseHref(P, stateOf({ view: "grid", q: "SH0420", sort: "name" }))).toBe(`/projects/${P}?q=SH0420&sort=name&view=grid`);
  });

  it("starts again at the first page when a filter or the sort changes, and keeps the page when the layout does", () => {
    const paged = stateOf({ q: "SQ010", cursor: "abc" });
    expect(assetBrowseHref(P, paged, { reviewState: "REJECTED" })).toBe(`/projects/${P}?q=SQ010&reviewState=REJECTED`);
    expect(assetBrowseHref(P, paged, { sort: "version" })).toBe(`/projects/${P}?q=SQ010&sort=version`);
    expect(assetBrowseHref(P, paged, { view: "grid" })).toBe(`/projects/${P}?q=SQ010&view=grid&cursor=abc`);
  });

  it("drops the explicit order when the sort changes (each sort has its own natural direction)", () => {
    expect(assetBrowseHref(P, stateOf({ sort: "name", order: "desc" }), { sort: "activity" })).toBe(`/projects/${P}`);
  });

  it("clears every filter at once and knows when there are some", () => {
    const state = stateOf({ q: "x", hasOpenComments: "true", sort: "name", view: "grid" });
    expect(hasAssetFilters(state)).toBe(true);
    expect(assetBrowseHref(P, state, clearedFiltersChange())).toBe(`/projects/${P}?sort=name&view=grid`);
    expect(hasAssetFilters(stateOf({ sort: "name" }))).toBe(false);
  });
});
