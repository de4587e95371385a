import Link from "next/link";
import { assetBrowseHref, type AssetBrowseState } from "@/lib/assets/asset-list-url";

/** Previous / next page links (keyset cursors in the URL, so a page can be shared and reloaded). */
export function AssetPager(props: { projectId: string; state: AssetBrowseState; prevCursor: string | null; nextCursor: string | null }) {
  const { projectId, state, prevCursor, nextCursor } = props;
  if (prevCursor === null && nextCursor === null) return null;
  const disabled = "btn pointer-events-none opacity-50";
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between">
      {prevCursor ? (
        <Link className="btn" rel="prev" data-testid="page-prev" href={assetBrowseHref(projectId, state, { before: prevCursor, cursor: undefined })}>
          ← Previous
        </Link>
      ) : (
        <span className={disabled} aria-disabled="true">
          ← Previous
        </span>
      )}
      {nextCursor ? (
        <Link className="btn" rel="next" data-testid="page-next" href={assetBrowseHref(projectId, state, { cursor: nextCursor, before: undefined })}>
          Next →
        </Link>
      ) : (
        <span className={disabled} aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
