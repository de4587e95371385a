/**
 * The review room's view of the API. The requests and the response schemas live in one place for
 * the whole browser — lib/api-client/ and the `lib/<domain>/*.types.ts` schemas the server's code
 * is typed with — and are re-exported here under the names the room's components use, with the
 * room's TanStack Query keys.
 */

export { ApiError, errorMessage } from "@/lib/api-client/api-error";
export {
  deleteComment,
  editComment,
  fetchComments,
  fetchReview,
  postComment,
  postDecision,
  retryVersion,
  setCommentResolved,
  setVersionUrgency,
  uploadCommentAttachment,
  type NewComment,
} from "@/lib/api-client/endpoints";
export type { ProcessingState, ReviewDecision as Decision, ReviewState } from "@/db/enums";
export {
  commentViewSchema as commentSchema,
  type CommentsPage,
  type CommentView as ReviewComment,
} from "@/lib/comments/comment-view.types";
export {
  reviewDecisionSchema as decisionSchema,
  type DecisionView as DecisionRow,
} from "@/lib/decisions/decision-view.types";
export {
  reviewRoomSchema as reviewDataSchema,
  reviewVersionSchema,
  versionSummarySchema,
  type ReviewRoom as ReviewData,
  type ReviewVersion,
  type VersionSummary,
} from "@/lib/review/review-room.types";
export type { UserRef } from "@/lib/users/user-ref.types";
export { processingStateSchema } from "@/lib/versions/version-status.types";

export const reviewKeys = {
  review: (versionId: string) => ["review", versionId] as const,
  comments: (versionId: string) => ["comments", versionId] as const,
};
