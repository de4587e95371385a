import Link from "next/link";
import type { ReviewState } from "@/db/schema";
import { describeReviewStanding, formatDecisionTime, REVIEW_STATE_CLASS, REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";
import type { DecisionSummary } from "@/lib/decisions/summarize-decisions";

/**
 * A version's review state for lists (project page, asset page): the badge, who decided and when,
 * and a link to the full history in the room's Decisions tab. Renders on the server and the client.
 */
export function ReviewStanding(props: { reviewState: ReviewState | null; summary: DecisionSummary | null; historyHref: string }) {
  const { reviewState, summary } = props;
  if (reviewState === null) return <span className="text-ink-400">—</span>;
  const latest = reviewState === "IN_REVIEW" ? null : (summary?.latest ?? null);
  const count = summary?.count ?? 0;
  return (
    <span
      className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5"
      data-testid="review-standing"
      data-state={reviewState}
      title={describeReviewStanding({ reviewState, latest }) ?? undefined}
    >
      <span className={`rounded border px-1.5 py-0.5 text-xs font-medium ${REVIEW_STATE_CLASS[reviewState]}`}>{REVIEW_STATE_LABEL[reviewState]}</span>
      {latest && (
        <span className="text-xs text-ink-300" data-testid="review-decided-by">
          {latest.decidedBy.name} · <span className="tabular-nums">{formatDecisionTime(latest.createdAt)}</span>
        </span>
      )}
      {count > 0 && (
        <Link href={props.historyHref} className="text-xs text-accent-400 hover:underline" data-testid="decision-history-link">
          {count === 1 ? "1 decision" : `${count} decisions`}
        </Link>
      )}
    </span>
  );
}
