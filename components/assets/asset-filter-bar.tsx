"use client";

import { LayoutGrid, List } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ASSET_SORTS, type AssetSort } from "@/lib/assets/asset-list.types";
import { assetBrowseHref, clearedFiltersChange, hasAssetFilters, type AssetBrowseChange, type AssetBrowseState } from "@/lib/assets/asset-list-url";
import { REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";

const field = "flex flex-col gap-1 text-xs text-ink-300";
const control = "rounded border border-ink-600 bg-ink-950 px-2 py-1.5 text-sm text-ink-100";

const SORT_LABEL: Record<AssetSort, string> = { activity: "Last activity", name: "Name", version: "Latest version" };
const PROCESSING_LABEL = { READY: "Ready", PROCESSING: "Processing", PENDING: "Queued", ERROR: "Failed" } as const;

/**
 * Search, filters, sort and the list/grid toggle. A GET form, so it works before the page's script
 * has loaded; once it has, submitting builds the same address without blank fields and navigates
 * to it (every part of the view lives in the URL: shareable, and a reload keeps it).
 */
export function AssetFilterBar(props: { projectId: string; state: AssetBrowseState; uploaders: { id: string; name: string }[] }) {
  const { projectId, state } = props;
  const router = useRouter();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const change: AssetBrowseChange = {};
    for (const name of ["q", "processingState", "reviewState", "uploader", "from", "to", "hasOpenComments", "sort", "order"] as const) {
      const value = form.get(name);
      change[name] = typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
    }
    router.push(assetBrowseHref(projectId, state, change));
  }

  return (
    <div className="mb-4 space-y-2">
      {/* key: a navigation elsewhere (a count link, Back) resets the fields to the new URL's view. */}
      <form key={JSON.stringify(state)} method="get" action={`/projects/${projectId}`} onSubmit={onSubmit} role="search" aria-label="Find assets" className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="view" value={state.view} />
        <label className={`${field} min-w-[14rem] flex-1`}>
          Name
          <input type="search" name="q" defaultValue={state.q ?? ""} placeholder="SQ010_SH0420, comp…" className={control} data-testid="asset-search" />
        </label>
        <FilterSelect label="Processing" name="processingState" value={state.processingState} anyLabel="Any" options={Object.entries(PROCESSING_LABEL)} />
        <FilterSelect label="Review" name="reviewState" value={state.reviewState} anyLabel="Any" options={Object.entries(REVIEW_STATE_LABEL)} testId="filter-review" />
        <FilterSelect label="Uploaded by" name="uploader" value={state.uploader} anyLabel="Anyone" options={props.uploaders.map((u) => [u.id, u.name])} />
        <label className={field}>
          Active from
          <input type="date" name="from" defaultValue={state.from ?? ""} className={control} />
        </label>
        <label className={field}>
          to
          <input type="date" name="to" defaultValue={state.to ?? ""} className={control} />
        </label>
        <FilterSelect
          label="Open comments"
          name="hasOpenComments"
          value={state.hasOpenComments}
          anyLabel="Either"
          options={[["true", "Has open comments"], ["false", "None open"]]}
        />
        <FilterSelect label="Sort by" name="sort" value={state.sort} options={ASSET_SORTS.map((s) => [s, SORT_LABEL[s]])} testId="asset-sort" />
        <FilterSelect label="Order" name="order" value={state.order} anyLabel="Default" options={[["asc", "Ascending"], ["desc", "Descending"]]} />
        <button type="submit" className="btn" data-testid="asset-filter-apply">
          Apply
        </button>
        {hasAssetFilters(state) && (
          <Link href={assetBrowseHref(projectId, state, clearedFiltersChange())} className="btn" data-testid="asset-filter-clear">
            Clear filters
          </Link>
        )}
      </form>
      <div className="flex justify-end" role="group" aria-label="Layout">
        <ViewLink href={assetBrowseHref(projectId, state, { view: "list" })} isActive={state.view === "list"} label="List" icon={<List aria-hidden="true" className="h-4 w-4" />} />
        <ViewLink href={assetBrowseHref(projectId, state, { view: "grid" })} isActive={state.view === "grid"} label="Grid" icon={<LayoutGrid aria-hidden="true" className="h-4 w-4" />} />
      </div>
    </div>
  );
}

function ViewLink(props: { href: string; isActive: boolean; label: string; icon: React.ReactNode }) {
  return (
    <Link
      href={props.href}
      aria-current={props.isActive ? "page" : undefined}
      data-testid={`view-${props.label.toLowerCase()}`}
      className={`inline-flex items-center gap-1 border border-ink-600 px-2 py-1 text-xs first:rounded-l last:rounded-r ${props.isActive ? "bg-ink-700 text-ink-100" : "bg-ink-900 text-ink-300 hover:bg-ink-800"}`}
    >
      {props.icon}
      {props.label}
    </Link>
  );
}

/** One labelled choice of the form; `anyLabel` is the blank option that leaves the filter off. */
function FilterSelect(props: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly (readonly [value: string, label: string])[];
  anyLabel?: string;
  testId?: string;
}) {
  return (
    <label className={field}>
      {props.label}
      <select name={props.name} defaultValue={props.value ?? ""} className={control} data-testid={props.testId}>
        {props.anyLabel !== undefined && <option value="">{props.anyLabel}</option>}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
