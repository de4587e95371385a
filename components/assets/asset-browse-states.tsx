import Link from "next/link";

/**
 * The list's designed states besides "here are your assets": nothing uploaded yet, nothing
 * matching, an address that names no view, a failure to load, and loading itself.
 */

export function NoAssetsYet(props: { canUpload: boolean }) {
  return (
    <div className="rounded border border-dashed border-ink-700 p-10 text-center" data-testid="assets-empty">
      <p className="font-medium text-ink-100">No assets yet</p>
      <p className="mt-1 text-sm text-ink-300">
        {props.canUpload
          ? "Drop masters into the upload panel above: each file becomes an asset (or a new version of the one with its name)."
          : "Producers upload masters here; they will appear as soon as they are processed."}
      </p>
    </div>
  );
}

export function NoMatchingAssets(props: { clearHref: string }) {
  return (
    <div className="rounded border border-dashed border-ink-700 p-10 text-center" data-testid="assets-no-match">
      <p className="font-medium text-ink-100">No assets match this view</p>
      <p className="mt-1 text-sm text-ink-300">Loosen a filter, or start again from every asset.</p>
      <Link href={props.clearHref} className="btn mt-4">
        Clear filters
      </Link>
    </div>
  );
}

export function AssetListProblem(props: { title: string; detail: string; actionHref: string; actionLabel: string }) {
  return (
    <div role="alert" className="rounded border border-red-900 bg-red-950/40 p-6" data-testid="assets-error">
      <p className="font-medium text-red-200">{props.title}</p>
      <p className="mt-1 text-sm text-ink-300">{props.detail}</p>
      <Link href={props.actionHref} className="btn mt-4">
        {props.actionLabel}
      </Link>
    </div>
  );
}

/** The loading state: the grid's or the list's shape, so nothing jumps when the page arrives. */
export function AssetListSkeleton(props: { view: "list" | "grid" }) {
  const tiles = Array.from({ length: 12 }, (_, i) => i);
  return (
    <div aria-busy="true" data-testid="assets-loading">
      <span className="sr-only" role="status">
        Loading assets…
      </span>
      {props.view === "grid" ? (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(14rem,1fr))] gap-3" aria-hidden="true">
          {tiles.map((i) => (
            <li key={i} className="overflow-hidden rounded border border-ink-800 bg-ink-900">
              <div className="aspect-video animate-pulse bg-ink-850" />
              <div className="space-y-2 p-2">
                <div className="h-3 w-2/3 animate-pulse rounded bg-ink-800" />
                <div className="h-3 w-1/3 animate-pulse rounded bg-ink-800" />
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <div className="space-y-2" aria-hidden="true">
          {tiles.map((i) => (
            <div key={i} className="h-8 animate-pulse rounded bg-ink-900" />
          ))}
        </div>
      )}
    </div>
  );
}
