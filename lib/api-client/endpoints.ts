import { z } from "zod";
import type { ReviewDecision } from "@/db/enums";
import { auditTrailPageSchema, type AuditTrailPage } from "@/lib/audit/audit-trail.types";
import {
  commentAnswerSchema,
  commentsPageSchema,
  type CommentsPage,
  type CommentView,
} from "@/lib/comments/comment-view.types";
import { ATTACHMENT_MAX_BYTES, attachmentUploadAnswerSchema } from "@/lib/comments/comment-attachment.types";
import type { createCommentInput } from "@/lib/comments/create-comment";
import type { editCommentInput } from "@/lib/comments/edit-comment";
import type { createGuestCommentInput } from "@/lib/review-links/guest-comments";
import { decidedVersionSchema, type DecidedVersion } from "@/lib/decisions/decision-view.types";
import { mentionableMembersAnswerSchema, type MentionableMember } from "@/lib/mentions/mentionable-members.types";
import {
  notificationsAnswerSchema,
  unreadCountAnswerSchema,
  type NotificationsAnswer,
  type UnreadCountAnswer,
} from "@/lib/notifications/notification-view.types";
import { notificationSettingsSchema, type NotificationSettings } from "@/lib/notifications/notification-settings.types";
import { notesPdfExportAnswerSchema, type NotesPdfExport } from "@/lib/exports/notes-pdf-export.types";
import { retriedVersionAnswerSchema, type RetriedVersionAnswer } from "@/lib/processing/retry-version.types";
import { versionUrgencyAnswerSchema, type VersionUrgencyAnswer } from "@/lib/processing/version-urgency.types";
import {
  playlistSummarySchema,
  playlistViewSchema,
  projectPlaylistsSchema,
  type PlaylistSummary,
  type PlaylistView,
  type ProjectPlaylists,
} from "@/lib/playlists/playlist-view.types";
import { reviewRoomSchema, type ReviewRoom } from "@/lib/review/review-room.types";
import {
  createdReviewLinkSchema,
  guestCommentAnswerSchema,
  guestCommentsSchema,
  guestLinkIntroSchema,
  guestShareSchema,
  guestVersionSchema,
  reviewLinkListSchema,
  reviewLinkSummarySchema,
  type CreatedReviewLink,
  type GuestComment,
  type GuestShare,
  type GuestVersion,
  type ReviewLinkSummary,
} from "@/lib/review-links/review-link.types";
import type { CreateUploadBody } from "@/lib/uploads/create-upload";
import {
  completedUploadAnswerSchema,
  createdUploadSchema,
  presignedPartsSchema,
  presignedUploadUrlSchema,
  uploadedPartsSchema,
  type CompletedUploadAnswer,
  type CreatedUpload,
  type PresignedParts,
  type PresignedUploadUrl,
  type UploadedParts,
} from "@/lib/uploads/upload-answers.types";
import { versionStatusAnswerSchema, type VersionStatus } from "@/lib/versions/version-status.types";
import { apiTokenView, createdApiTokenView, type ApiTokenView, type createApiTokenInput } from "@/lib/tokens/schemas";
import { ApiError } from "./api-error";
import { requestJson } from "./request-json";

/**
 * Every endpoint of AXIOM's JSON API the browser calls, one typed function each
 * (docs/review-api.md, docs/ingest.md). Answers are parsed with the schemas the server's code is
 * typed with (`lib/<domain>/*.types.ts`); request bodies are typed from the server's own body
 * schemas (type-only imports: nothing of the server reaches the bundle). The upload functions are
 * named after the domain function behind their endpoint (`createUpload` calls the route that runs
 * lib/uploads/create-upload.ts); the review room's keep the names its components know.
 */

// ---------------------------------------------------------------------------------------
// Review room

export function fetchReview(versionId: string): Promise<ReviewRoom> {
  return requestJson(`/api/versions/${versionId}/review`, reviewRoomSchema);
}

/** With `since` (the previous answer's serverTime) only comments created or changed since then. */
export function fetchComments(versionId: string, since: string | null): Promise<CommentsPage> {
  // Encoded: a "+01:00" offset would otherwise arrive as a space.
  const query = since ? `?since=${encodeURIComponent(since)}` : "";
  return requestJson(`/api/versions/${versionId}/comments${query}`, commentsPageSchema);
}

/** A page of the version's audit trail in words, newest first; `before`: the previous page's `olderBefore` (docs/audit.md). */
export function fetchVersionAuditTrail(versionId: string, options: { before?: number } = {}): Promise<AuditTrailPage> {
  const query = options.before === undefined ? "" : `?before=${options.before}`;
  return requestJson(`/api/versions/${versionId}/audit-events${query}`, auditTrailPageSchema);
}

/** The project's members the composer offers after `@`. */
export async function fetchMentionableMembers(projectId: string): Promise<MentionableMember[]> {
  return (await requestJson(`/api/projects/${projectId}/members`, mentionableMembersAnswerSchema)).members;
}

/** A comment at a frame or range, or a reply (`parentId`: replies take their thread's frames). */
export type NewComment = z.input<typeof createCommentInput>;

export async function postComment(versionId: string, input: NewComment): Promise<CommentView> {
  const answer = await requestJson(`/api/versions/${versionId}/comments`, commentAnswerSchema, {
    method: "POST",
    body: input,
  });
  return answer.comment;
}

/**
 * Uploads a frame grab (PNG) to attach to the comment being written: asks the server for an upload
 * slot of exactly its size, PUTs the bytes straight to the bucket, and returns the id the comment
 * names as `attachmentId`. The server checks the stored file when the comment is sent.
 */
export async function uploadCommentAttachment(versionId: string, png: Blob, signal?: AbortSignal): Promise<string> {
  if (png.size > ATTACHMENT_MAX_BYTES) {
    throw new ApiError(413, "payload_too_large", `The frame grab is ${png.size} bytes; at most ${ATTACHMENT_MAX_BYTES} can be attached.`);
  }
  const { attachment } = await requestJson(`/api/versions/${versionId}/comment-attachments`, attachmentUploadAnswerSchema, {
    method: "POST",
    body: { size: png.size },
    signal,
  });
  let put: Response;
  try {
    put = await fetch(attachment.uploadUrl, { method: "PUT", headers: attachment.headers, body: png, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, "network_error", "The frame grab could not be uploaded: the storage did not answer.");
  }
  if (!put.ok) throw new ApiError(put.status, "upload_failed", `The frame grab could not be uploaded (storage answered ${put.status}).`);
  return attachment.id;
}

/** Changes a comment's text and/or drawing (`drawing: null` removes it); absent fields stay as they are. */
export type CommentChanges = z.input<typeof editCommentInput>;

export async function editComment(commentId: string, changes: CommentChanges): Promise<CommentView> {
  const answer = await requestJson(`/api/comments/${commentId}`, commentAnswerSchema, {
    method: "PATCH",
    body: changes,
  });
  return answer.comment;
}

export async function deleteComment(commentId: string): Promise<CommentView> {
  const answer = await requestJson(`/api/comments/${commentId}`, commentAnswerSchema, { method: "DELETE" });
  return answer.comment;
}

export async function setCommentResolved(commentId: string, resolved: boolean): Promise<CommentView> {
  const answer = await requestJson(`/api/comments/${commentId}/resolve`, commentAnswerSchema, {
    method: "POST",
    body: { resolved },
  });
  return answer.comment;
}

export function postDecision(versionId: string, decision: ReviewDecision, note?: string): Promise<DecidedVersion> {
  return requestJson(`/api/versions/${versionId}/decisions`, decidedVersionSchema, {
    method: "POST",
    body: note ? { decision, note } : { decision },
  });
}

export function retryVersion(versionId: string): Promise<RetriedVersionAnswer> {
  return requestJson(`/api/versions/${versionId}/retry`, retriedVersionAnswerSchema, { method: "POST" });
}

/** Marks a version urgent in the processing queue (or not). */
export function setVersionUrgency(versionId: string, isUrgent: boolean): Promise<VersionUrgencyAnswer> {
  return requestJson(`/api/versions/${versionId}/urgency`, versionUrgencyAnswerSchema, { method: "POST", body: { isUrgent } });
}

/** Asks for the PDF of the version's notes as they are now: `ready`, or `rendering` on a worker. */
export async function requestNotesPdf(versionId: string): Promise<NotesPdfExport> {
  return (await requestJson(`/api/versions/${versionId}/notes-pdf`, notesPdfExportAnswerSchema, { method: "POST" }))
    .export;
}

/** Where an asked-for notes PDF stands. */
export async function fetchNotesPdfExport(versionId: string, exportId: string): Promise<NotesPdfExport> {
  return (await requestJson(`/api/versions/${versionId}/notes-pdf/${exportId}`, notesPdfExportAnswerSchema)).export;
}

// ---------------------------------------------------------------------------------------
// Versions and the upload protocol (docs/ingest.md)

export async function fetchVersionStatus(versionId: string): Promise<VersionStatus> {
  return (await requestJson(`/api/versions/${versionId}`, versionStatusAnswerSchema)).version;
}

/** Creates the version (AWAITING_UPLOAD) and says how to send its bytes. */
export function createUpload(projectId: string, body: CreateUploadBody, signal?: AbortSignal): Promise<CreatedUpload> {
  return requestJson(`/api/projects/${projectId}/uploads`, createdUploadSchema, { method: "POST", body, signal });
}

/** A fresh presigned PUT URL for an open single-PUT upload (expired URL, retry, resume). */
export function presignUploadUrl(versionId: string, signal?: AbortSignal): Promise<PresignedUploadUrl> {
  return requestJson(`/api/versions/${versionId}/upload-url`, presignedUploadUrlSchema, {
    method: "POST",
    body: {},
    signal,
  });
}

/** The parts the object store already holds of a multipart upload (to resume it). */
export function listUploadedParts(versionId: string, signal?: AbortSignal): Promise<UploadedParts> {
  return requestJson(`/api/versions/${versionId}/parts`, uploadedPartsSchema, { signal });
}

/** Presigned URLs for a batch of parts (at most `maxPartsPerRequest`). */
export function presignUploadParts(
  versionId: string,
  partNumbers: number[],
  signal?: AbortSignal,
): Promise<PresignedParts> {
  return requestJson(`/api/versions/${versionId}/parts`, presignedPartsSchema, {
    method: "POST",
    body: { partNumbers },
    signal,
  });
}

/** Completes the upload and queues processing; the same answer on repeat. */
export function completeUpload(
  versionId: string,
  sha256: string,
  signal?: AbortSignal,
): Promise<CompletedUploadAnswer> {
  return requestJson(`/api/versions/${versionId}/complete`, completedUploadAnswerSchema, {
    method: "POST",
    body: { sha256 },
    signal,
  });
}

/** Cancels the upload (ABANDONED) and frees its parts in storage. */
export async function abortUpload(versionId: string): Promise<VersionStatus> {
  return (
    await requestJson(`/api/versions/${versionId}/abort`, versionStatusAnswerSchema, { method: "POST", body: {} })
  ).version;
}

// ---------------------------------------------------------------------------------------
// Notifications (the header's inbox, docs/notifications.md)

export function fetchNotifications(): Promise<NotificationsAnswer> {
  return requestJson("/api/notifications", notificationsAnswerSchema);
}

export function fetchNotificationSettings(): Promise<NotificationSettings> {
  return requestJson("/api/notifications/settings", notificationSettingsSchema);
}

export function saveNotificationSettings(input: NotificationSettings): Promise<NotificationSettings> {
  return requestJson("/api/notifications/settings", notificationSettingsSchema, { method: "PATCH", body: input });
}

export function markNotificationsRead(input: { ids: string[] } | { all: true }): Promise<UnreadCountAnswer> {
  return requestJson("/api/notifications/read", unreadCountAnswerSchema, { method: "POST", body: input });
}

// ---------------------------------------------------------------------------------------
// API tokens (the settings page; docs/api.md)

const revokedApiTokenAnswer = z.strictObject({ token: apiTokenView });
export type CreatedApiToken = z.infer<typeof createdApiTokenView>;
export type NewApiToken = z.input<typeof createApiTokenInput>;

/** `POST /api/v1/tokens` with the session: the secret is in this answer only. */
export function createApiToken(input: NewApiToken): Promise<CreatedApiToken> {
  return requestJson("/api/v1/tokens", createdApiTokenView, { method: "POST", body: input });
}

export async function revokeApiToken(tokenId: string): Promise<ApiTokenView> {
  return (await requestJson(`/api/v1/tokens/${tokenId}`, revokedApiTokenAnswer, { method: "DELETE" })).token;
}

// ---------------------------------------------------------------------------------------
// Account e-mails (docs/security.md, "Account e-mails"): public, no session.

export function requestPasswordReset(input: { email: string }): Promise<{ message: string }> {
  return requestJson("/api/password/forgot", z.object({ message: z.string() }), { method: "POST", body: input });
}

export function setPasswordFromLink(input: { token: string; password: string }): Promise<{ email: string }> {
  return requestJson("/api/password/set", z.object({ email: z.string() }), { method: "POST", body: input });
}

export async function changeOwnPassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  await requestJson("/api/account/password", z.null(), { method: "POST", body: input });
}

// ---------------------------------------------------------------------------------------
// Playlists (docs/playlists.md)

export function fetchProjectPlaylists(projectId: string): Promise<ProjectPlaylists> {
  return requestJson(`/api/projects/${projectId}/playlists`, projectPlaylistsSchema);
}

export async function createPlaylist(projectId: string, name: string): Promise<PlaylistSummary> {
  const answer = await requestJson(`/api/projects/${projectId}/playlists`, playlistAnswerSchema, {
    method: "POST",
    body: { name },
  });
  return answer.playlist;
}

export function fetchPlaylist(playlistId: string): Promise<PlaylistView> {
  return requestJson(`/api/playlists/${playlistId}`, playlistViewSchema);
}

export async function renamePlaylist(playlistId: string, name: string): Promise<PlaylistSummary> {
  const answer = await requestJson(`/api/playlists/${playlistId}`, playlistAnswerSchema, {
    method: "PATCH",
    body: { name },
  });
  return answer.playlist;
}

export async function deletePlaylist(playlistId: string): Promise<void> {
  await requestJson(`/api/playlists/${playlistId}`, z.unknown(), { method: "DELETE" });
}

/** Adds a version at the end (or at the 0-based `position`). */
export function addPlaylistItem(playlistId: string, versionId: string, position?: number): Promise<PlaylistView> {
  return requestJson(`/api/playlists/${playlistId}/items`, playlistViewSchema, {
    method: "POST",
    body: { versionId, position },
  });
}

/** Moves an item to the 0-based `position` (drag and drop, the up/down buttons). */
export function movePlaylistItem(playlistId: string, itemId: string, position: number): Promise<PlaylistView> {
  return requestJson(`/api/playlists/${playlistId}/items/${itemId}`, playlistViewSchema, {
    method: "PATCH",
    body: { position },
  });
}

export function removePlaylistItem(playlistId: string, itemId: string): Promise<PlaylistView> {
  return requestJson(`/api/playlists/${playlistId}/items/${itemId}`, playlistViewSchema, { method: "DELETE" });
}

const playlistAnswerSchema = z.strictObject({ playlist: playlistSummarySchema });

/** Downloads are plain links (a 302 to a presigned URL, or the streamed zip): these are their addresses. */
export const downloadPaths = {
  proxy: (versionId: string) => `/api/versions/${versionId}/download/proxy`,
  master: (versionId: string) => `/api/versions/${versionId}/download/master`,
  playlistProxies: (playlistId: string) => `/api/playlists/${playlistId}/proxies.zip`,
};

// Review links (docs/review-links.md): the producer's side

export type NewReviewLink = {
  name: string;
  versionId?: string;
  playlistId?: string;
  expiresAt: string;
  passphrase?: string;
  allowComments: boolean;
  allowDownload: boolean;
  watermark: boolean;
};

export async function fetchReviewLinks(projectId: string): Promise<ReviewLinkSummary[]> {
  return (await requestJson(`/api/projects/${projectId}/review-links`, reviewLinkListSchema)).links;
}

export function createReviewLink(projectId: string, link: NewReviewLink): Promise<CreatedReviewLink> {
  return requestJson(`/api/projects/${projectId}/review-links`, createdReviewLinkSchema, { method: "POST", body: link });
}

export async function revokeReviewLink(linkId: string): Promise<ReviewLinkSummary> {
  return (await requestJson(`/api/review-links/${linkId}`, z.strictObject({ link: reviewLinkSummarySchema }), { method: "DELETE" })).link;
}

// Review links: the guest's side (the guest session cookie is scoped to /api/guest/links/<linkId>)

const guestLinkIntroAnswerSchema = guestLinkIntroSchema.extend({ linkId: z.string() });
export type GuestLinkIntroAnswer = z.infer<typeof guestLinkIntroAnswerSchema>;

export function fetchGuestLinkIntro(token: string): Promise<GuestLinkIntroAnswer> {
  return requestJson(`/api/guest/tokens/${encodeURIComponent(token)}`, guestLinkIntroAnswerSchema);
}

export async function unlockGuestLink(token: string, passphrase: string): Promise<void> {
  await requestJson("/api/guest/unlock", z.null(), { method: "POST", body: { token, passphrase } });
}

export async function startGuestSession(input: { token: string; passphrase?: string; name: string; email?: string }): Promise<void> {
  await requestJson("/api/guest/sessions", z.strictObject({ linkId: z.string() }), { method: "POST", body: input });
}

export function fetchGuestShare(linkId: string): Promise<GuestShare> {
  return requestJson(`/api/guest/links/${linkId}/share`, guestShareSchema);
}

export function fetchGuestVersion(linkId: string, versionId: string): Promise<GuestVersion> {
  return requestJson(`/api/guest/links/${linkId}/versions/${versionId}`, guestVersionSchema);
}

export async function fetchGuestComments(linkId: string, versionId: string): Promise<GuestComment[]> {
  return (await requestJson(`/api/guest/links/${linkId}/versions/${versionId}/comments`, guestCommentsSchema)).comments;
}

export async function postGuestComment(
  linkId: string,
  versionId: string,
  comment: z.input<typeof createGuestCommentInput>,
): Promise<GuestComment> {
  return (await requestJson(`/api/guest/links/${linkId}/versions/${versionId}/comments`, guestCommentAnswerSchema, { method: "POST", body: comment })).comment;
}

/** The guest's proxy download: a plain navigation (the route answers a 302 to the store). */
export function guestProxyDownloadPath(linkId: string, versionId: string): string {
  return `/api/guest/links/${linkId}/versions/${versionId}/download/proxy`;
}
