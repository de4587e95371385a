import { z } from "zod";
import { assetListQuery, type AssetListFilters, type AssetListQuery } from "./asset-list.types";

/**
 * The project page's view in its URL (docs/browsing.md): the list query (`assetListQuery`, the same
 * schema `/api/v1` parses) plus the layout. Pure, so the server page and the client filter bar
 * build and read the same addresses.
 */

export const ASSET_VIEWS = ["list", "grid"] as const;
export type AssetView = (typeof ASSET_VIEWS)[number];

export const assetBrowseParams = assetListQuery.extend({ view: z.enum(ASSET_VIEWS).default("list") });
export type AssetBrowseState = z.output<typeof assetBrowseParams>;

/** What the URL may say, in its order; anything else is dropped from the addresses we build. */
const PARAM_ORDER = ["q", "processingState", "reviewState", "uploader", "from", "to", "hasOpenComments", "sort", "order", "view", "cursor", "before", "limit"] as const;
type ParamName = (typeof PARAM_ORDER)[number];
const FILTER_NAMES = ["q", "processingState", "reviewState", "uploader", "from", "to", "hasOpenComments"] as const satisfies readonly (keyof AssetListFilters)[];
const DEFAULTS: Partial<Record<ParamName, string>> = { sort: "activity", view: "list", limit: "50" };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The view a URL names. Empty values (a submitted form's blank fields) mean "not set"; repeated
 * ones keep the first. `ok: false` when a value is not one the page offers (a hand-edited or
 * outdated link): the page says so instead of guessing.
 */
export function parseAssetBrowseParams(searchParams: SearchParams): { ok: true; state: AssetBrowseState } | { ok: false; message: string } {
  const flat: Record<string, string> = {};
  for (const name of PARAM_ORDER) {
    const raw = searchParams[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value.trim() !== "") flat[name] = value;
  }
  const parsed = assetBrowseParams.safeParse(flat);
  if (parsed.success) return { ok: true, state: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.path.join(".") || "address"}: ${issue?.message ?? "not valid"}` };
}

export type AssetBrowseChange = Partial<{ [K in ParamName]: string | undefined }>;

/**
 * The address of `state` with `change` applied. Changing a filter, the sort or the order starts
 * again at the first page (a cursor belongs to one view); the layout and the page size keep it.
 */
export function assetBrowseHref(projectId: string, state: AssetBrowseState, change: AssetBrowseChange = {}): string {
  const current: Record<ParamName, string | undefined> = {
    q: state.q,
    processingState: state.processingState,
    reviewState: state.reviewState,
    uploader: state.uploader,
    from: state.from,
    to: state.to,
    hasOpenComments: state.hasOpenComments,
    sort: state.sort,
    order: state.order,
    view: state.view,
    cursor: state.cursor,
    before: state.before,
    limit: String(state.limit),
  };
  const changesView = Object.keys(change).some((k) => (FILTER_NAMES as readonly string[]).includes(k) || k === "sort" || k === "order");
  const next = { ...current, ...(changesView ? { cursor: undefined, before: undefined } : {}), ...change };
  if (change.sort !== undefined && change.order === undefined) next.order = undefined;
  const params = new URLSearchParams();
  for (const name of PARAM_ORDER) {
    const value = next[name];
    if (value !== undefined && value !== "" && value !== DEFAULTS[name]) params.set(name, value);
  }
  const search = params.toString();
  return `/projects/${projectId}${search ? `?${search}` : ""}`;
}

/** Whether any filter is set (the empty state then offers to clear them). */
export function hasAssetFilters(query: AssetListQuery): boolean {
  return FILTER_NAMES.some((name) => query[name] !== undefined);
}

/** The same view without any filter, sort kept. */
export function clearedFiltersChange(): AssetBrowseChange {
  return Object.fromEntries(FILTER_NAMES.map((n) => [n, undefined]));
}
