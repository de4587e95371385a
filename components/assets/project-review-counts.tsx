import Link from "next/link";
import type { ReviewStateCounts } from "@/lib/assets/asset-list.types";
import { assetBrowseHref, type AssetBrowseState } from "@/lib/assets/asset-list-url";
import { REVIEW_STATE_CLASS, REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";

/**
 * The project header's counts (latest versions by standing, and failed ones); each is a link to the
 * list filtered to exactly those, so the number and what the link shows always agree.
 */
export function ProjectReviewCounts(props: { projectId: string; counts: ReviewStateCounts; state: AssetBrowseState }) {
  const { projectId, counts, state } = props;
  const onlyThis = { ...state, q: undefined, uploader: undefined, from: undefined, to: undefined, hasOpenComments: undefined };
  const entries = [
    ...(["IN_REVIEW", "APPROVED", "CHANGES_REQUESTED", "REJECTED"] as const).map((reviewState) => ({
      key: reviewState,
      label: REVIEW_STATE_LABEL[reviewState],
      count: counts[reviewState],
      className: REVIEW_STATE_CLASS[reviewState],
      href: assetBrowseHref(projectId, onlyThis, { reviewState, processingState: undefined }),
      isActive: state.reviewState === reviewState && state.processingState === undefined,
    })),
    {
      key: "failed",
      label: "Failed",
      count: counts.failed,
      className: "border-red-800 bg-ink-900 text-red-200",
      href: assetBrowseHref(projectId, onlyThis, { processingState: "ERROR", reviewState: undefined }),
      isActive: state.processingState === "ERROR" && state.reviewState === undefined,
    },
  ];
  return (
    <nav aria-label="Versions by review standing" className="flex flex-wrap gap-2" data-testid="review-counts">
      {entries.map((e) => (
        <Link
          key={e.key}
          href={e.href}
          aria-current={e.isActive ? "true" : undefined}
          data-testid={`count-${e.key}`}
          className={`inline-flex items-baseline gap-1.5 rounded border px-2 py-1 text-xs hover:brightness-125 ${e.className} ${e.isActive ? "ring-2 ring-accent-400" : ""}`}
        >
          <span className="text-sm font-semibold tabular-nums">{e.count.toLocaleString("en-US")}</span>
          <span>{e.label}</span>
        </Link>
      ))}
    </nav>
  );
}
