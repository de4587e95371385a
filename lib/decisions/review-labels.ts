import type { ReviewDecision, ReviewState } from "@/db/schema";
import { formatDate } from "@/lib/format-date";

/**
 * Human words for review states and decisions, shared by the review room (client) and the
 * project and asset pages (server). Plain data so both sides can import it.
 */
export const REVIEW_STATE_LABEL: Record<ReviewState, string> = {
  IN_REVIEW: "In review",
  APPROVED: "Approved",
  CHANGES_REQUESTED: "Changes requested",
  REJECTED: "Rejected",
};

/** The verb on the button that makes each decision. */
export const DECISION_ACTION_LABEL: Record<ReviewDecision, string> = {
  APPROVED: "Approve",
  CHANGES_REQUESTED: "Request changes",
  REJECTED: "Reject",
};

/** Badge colours per state (Tailwind classes; contrast checked by the axe run in e2e/review.spec.ts). */
export const REVIEW_STATE_CLASS: Record<ReviewState, string> = {
  IN_REVIEW: "border-ink-600 bg-ink-800 text-ink-100",
  APPROVED: "border-emerald-700 bg-emerald-950 text-emerald-200",
  CHANGES_REQUESTED: "border-amber-700 bg-amber-950 text-amber-200",
  REJECTED: "border-red-800 bg-red-950 text-red-200",
};

/** "YYYY-MM-DD HH:MM UTC": the same text on the server and in every browser. */
export function formatDecisionTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${formatDate(d)} UTC`;
}

/**
 * One line saying where a version stands: "Approved by Sam, 2026-11-28 10:04 UTC". Null review
 * state (not READY yet) says nothing; a state without a decision is simply "In review".
 */
export function describeReviewStanding(params: {
  reviewState: ReviewState | null;
  latest: { decidedBy: { name: string }; createdAt: string } | null;
}): string | null {
  if (params.reviewState === null) return null;
  const label = REVIEW_STATE_LABEL[params.reviewState];
  if (params.reviewState === "IN_REVIEW" || !params.latest) return label;
  return `${label} by ${params.latest.decidedBy.name}, ${formatDecisionTime(params.latest.createdAt)}`;
}
