/**
 * The value lists of AXIOM's PostgreSQL enums, as plain constants: `db/schema.ts` builds the
 * `pgEnum`s from them, and code that runs in the browser (the API client's zod schemas) imports
 * them from here without pulling the Drizzle tables into its bundle. Adding a value here is half
 * of the change: the other half is a migration (`npm run db:generate`).
 */

export const MEMBER_ROLES = ["producer", "supervisor", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const PROCESSING_STATES = ["AWAITING_UPLOAD", "PENDING", "PROCESSING", "READY", "ERROR", "ABANDONED"] as const;
export type ProcessingState = (typeof PROCESSING_STATES)[number];

export const REVIEW_STATES = ["IN_REVIEW", "APPROVED", "REJECTED", "CHANGES_REQUESTED"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** What a supervisor decides; each is also the review state it leads to. */
export const REVIEW_DECISIONS = ["APPROVED", "REJECTED", "CHANGES_REQUESTED"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const PROCESSING_ERROR_CODES = [
  "corrupt_input",
  "unsupported_codec",
  "no_media_streams",
  "limit_exceeded",
  "checksum_mismatch",
  "qc_failed",
  "pipeline_failed",
  "storage_unavailable",
  "timeout",
  "internal",
  // An admin stopped it (the processing queue on /admin): not a fault of the file; Retry runs it again.
  "cancelled",
] as const;
export type ProcessingErrorCode = (typeof PROCESSING_ERROR_CODES)[number];

export const RENDITION_KINDS = ["proxy_mp4", "hls", "poster", "sprite", "thumbnails_vtt", "waveform"] as const;
export type RenditionKind = (typeof RENDITION_KINDS)[number];

/** Why someone is notified (docs/notifications.md): one per rule of the notifications consumer. */
export const NOTIFICATION_KINDS = [
  "version_ready",
  "version_failed",
  "comment",
  "reply",
  "mention",
  "decision",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** users.email_notifications: e-mail each inbox row as it comes, the unread ones in an hourly or daily digest, or none. */
export const EMAIL_NOTIFICATION_PREFERENCES = ["immediate", "hourly", "daily", "off"] as const;
/** The digest preferences: the period a `send-notification-digests` run covers. */
export const DIGEST_PERIODS = ["hourly", "daily"] as const;
export type DigestPeriod = (typeof DIGEST_PERIODS)[number];
export type EmailNotificationPreference = (typeof EMAIL_NOTIFICATION_PREFERENCES)[number];
