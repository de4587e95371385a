import { z } from "zod";

/**
 * Client side of the review API (docs/review-api.md). The schemas are deliberately lenient about
 * optional extras (unknown keys are dropped, absent optional facts become null) so the room keeps
 * working while the server grows fields, but strict about what the player depends on: frame rate,
 * frame count and integer frame numbers.
 */

const nullableString = z.string().nullish().transform((v) => v ?? null);
const nullableNumber = z.number().nullish().transform((v) => v ?? null);

export const processingStateSchema = z.enum([
  "AWAITING_UPLOAD",
  "PENDING",
  "PROCESSING",
  "READY",
  "ERROR",
  "ABANDONED",
]);
export type ProcessingState = z.infer<typeof processingStateSchema>;

export const decisionSchema = z.enum(["APPROVED", "REJECTED", "CHANGES_REQUESTED"]);
export type Decision = z.infer<typeof decisionSchema>;

const reviewStateSchema = z.enum(["IN_REVIEW", "APPROVED", "REJECTED", "CHANGES_REQUESTED"]);
export type ReviewState = z.infer<typeof reviewStateSchema>;

const userRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string().nullish() });
export type UserRef = z.infer<typeof userRefSchema>;

const frameRateSchema = z.object({ num: z.number().int().positive(), den: z.number().int().positive() });

export const versionSummarySchema = z.object({
  id: z.string(),
  number: z.number().int().nullable(),
  processingState: processingStateSchema,
  reviewState: reviewStateSchema.nullish().transform((v) => v ?? null),
  createdAt: nullableString,
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

export const reviewVersionSchema = versionSummarySchema.extend({
  originalFileName: nullableString,
  frameRate: frameRateSchema.nullish().transform((v) => v ?? null),
  frameCount: nullableNumber,
  durationSeconds: nullableNumber,
  width: nullableNumber,
  height: nullableNumber,
  startTimecode: nullableString,
  dropFrame: z.boolean().nullish().transform((v) => v ?? false),
  progress: nullableNumber,
  errorCode: nullableString,
  errorMessage: nullableString,
  errorLogTail: nullableString,
  colorTransfer: nullableString,
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).default([]),
});
export type ReviewVersion = z.infer<typeof reviewVersionSchema>;

const decisionRowSchema = z.object({
  id: z.string(),
  decision: decisionSchema,
  note: nullableString,
  createdAt: z.string(),
  decidedBy: userRefSchema.nullish().transform((v) => v ?? null),
});
export type DecisionRow = z.infer<typeof decisionRowSchema>;

export const reviewDataSchema = z.object({
  version: reviewVersionSchema,
  asset: z.object({ id: z.string(), name: z.string(), projectId: z.string().nullish() }),
  versions: z.array(versionSummarySchema),
  renditions: z
    .object({
      hlsUrl: nullableString,
      proxyUrl: nullableString,
      posterUrl: nullableString,
      spriteVttUrl: nullableString,
      waveformUrl: nullableString,
    })
    .nullish()
    .transform(
      (v) => v ?? { hlsUrl: null, proxyUrl: null, posterUrl: null, spriteVttUrl: null, waveformUrl: null },
    ),
  decisions: z.array(decisionRowSchema),
  permissions: z.object({
    canDecide: z.boolean(),
    canComment: z.boolean(),
    canRetry: z.boolean(),
    canResolve: z.boolean().optional(),
    decideReason: nullableString,
  }),
  viewer: z.object({ id: z.string(), name: z.string(), isAdmin: z.boolean().optional().default(false) }),
});
export type ReviewData = z.infer<typeof reviewDataSchema>;

export const commentSchema = z.object({
  id: z.string(),
  versionId: z.string().optional(),
  parentId: nullableString,
  frameIn: z.number().int(),
  frameOut: z.number().int().nullish().transform((v) => v ?? null),
  body: z.string(),
  author: userRefSchema,
  createdAt: z.string(),
  editedAt: nullableString,
  resolvedAt: nullableString,
  resolvedBy: userRefSchema.nullish().transform((v) => v ?? null),
  /** Soft-deleted: keeps its place in the thread with an empty body. */
  deleted: z.boolean().optional().default(false),
});
export type ReviewComment = z.infer<typeof commentSchema>;

const commentsResponseSchema = z.object({ comments: z.array(commentSchema), serverTime: z.string() });
export type CommentsPage = z.infer<typeof commentsResponseSchema>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function requestJson(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, {
    ...init,
    headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) },
    cache: "no-store",
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const parsed = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).safeParse(json);
    throw new ApiError(
      res.status,
      parsed.success ? parsed.data.error.code : "http_error",
      parsed.success ? parsed.data.error.message : `Request failed (${res.status}).`,
    );
  }
  return json;
}

export const reviewKeys = {
  review: (versionId: string) => ["review", versionId] as const,
  comments: (versionId: string) => ["comments", versionId] as const,
};

export async function fetchReview(versionId: string): Promise<ReviewData> {
  return reviewDataSchema.parse(await requestJson(`/api/versions/${versionId}/review`));
}

/** With `since` (the previous answer's serverTime) only comments created or changed since then. */
export async function fetchComments(versionId: string, since: string | null): Promise<CommentsPage> {
  const query = since ? `?since=${encodeURIComponent(since)}` : "";
  return commentsResponseSchema.parse(await requestJson(`/api/versions/${versionId}/comments${query}`));
}

export type NewComment = { frameIn: number; frameOut?: number; body: string; parentId?: string };

export async function postComment(versionId: string, input: NewComment): Promise<void> {
  await requestJson(`/api/versions/${versionId}/comments`, { method: "POST", body: JSON.stringify(input) });
}

export async function editComment(commentId: string, body: string): Promise<void> {
  await requestJson(`/api/comments/${commentId}`, { method: "PATCH", body: JSON.stringify({ body }) });
}

export async function deleteComment(commentId: string): Promise<void> {
  await requestJson(`/api/comments/${commentId}`, { method: "DELETE" });
}

export async function setCommentResolved(commentId: string, resolved: boolean): Promise<void> {
  await requestJson(`/api/comments/${commentId}/resolve`, { method: "POST", body: JSON.stringify({ resolved }) });
}

export async function postDecision(versionId: string, decision: Decision, note?: string): Promise<void> {
  await requestJson(`/api/versions/${versionId}/decisions`, {
    method: "POST",
    body: JSON.stringify(note ? { decision, note } : { decision }),
  });
}

export async function retryVersion(versionId: string): Promise<void> {
  await requestJson(`/api/versions/${versionId}/retry`, { method: "POST" });
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : "Something went wrong.";
}
