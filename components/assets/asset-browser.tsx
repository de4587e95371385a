import { getDb } from "@/db";
import type { AssetListPage } from "@/lib/assets/asset-list.types";
import { assetBrowseHref, clearedFiltersChange, hasAssetFilters, type AssetBrowseState } from "@/lib/assets/asset-list-url";
import { listAssetsPage } from "@/lib/assets/list-assets-page";
import { listVersionPreviews } from "@/lib/assets/list-version-previews";
import { summarizeDecisions } from "@/lib/decisions/summarize-decisions";
import { AppError } from "@/lib/errors";
import { AssetListProblem, NoAssetsYet, NoMatchingAssets } from "./asset-browse-states";
import { AssetGrid } from "./asset-grid";
import { AssetPager } from "./asset-pager";
import type { AssetRowData } from "./asset-row.types";
import { AssetTable } from "./asset-table";

/**
 * One page of the project's assets in the URL's view (list or grid). Async, so the page streams
 * its header first and shows the skeleton (AssetListSkeleton, the Suspense fallback) meanwhile.
 * The caller has checked that the viewer may see the project.
 */
export async function AssetBrowser(props: { projectId: string; state: AssetBrowseState; canUpload: boolean }) {
  const { projectId, state } = props;
  const db = getDb();
  let page: AssetListPage;
  try {
    page = await listAssetsPage(db, { projectId, query: state });
  } catch (err) {
    if (err instanceof AppError && err.code === "validation_failed") {
      return (
        <AssetListProblem
          title="This page link has expired"
          detail="It points into another sort of the list. Start again from its first page."
          actionHref={assetBrowseHref(projectId, state, { cursor: undefined, before: undefined })}
          actionLabel="First page"
        />
      );
    }
    console.error("[project page] the asset list could not be loaded", err);
    return (
      <AssetListProblem
        title="The asset list could not be loaded"
        detail="The server could not answer just now. Your view is kept in the address: try again in a moment."
        actionHref={assetBrowseHref(projectId, state)}
        actionLabel="Try again"
      />
    );
  }
  if (page.items.length === 0) {
    if (hasAssetFilters(state)) return <NoMatchingAssets clearHref={assetBrowseHref(projectId, state, clearedFiltersChange())} />;
    if (state.cursor === undefined && state.before === undefined) return <NoAssetsYet canUpload={props.canUpload} />;
  }
  const latestIds = page.items.flatMap((a) => (a.latestVersion ? [a.latestVersion.id] : []));
  const [decisions, previews] = await Promise.all([
    summarizeDecisions(db, latestIds),
    state.view === "grid" ? listVersionPreviews(db, latestIds) : Promise.resolve(null),
  ]);
  const rows: AssetRowData[] = page.items.map((item) => ({
    item,
    decision: item.latestVersion ? (decisions.get(item.latestVersion.id) ?? null) : null,
    preview: item.latestVersion ? (previews?.get(item.latestVersion.id) ?? null) : null,
  }));
  return (
    <>
      {state.view === "grid" ? <AssetGrid projectId={projectId} rows={rows} /> : <AssetTable projectId={projectId} rows={rows} />}
      <AssetPager projectId={projectId} state={state} prevCursor={page.prevCursor} nextCursor={page.nextCursor} />
    </>
  );
}
