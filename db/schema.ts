import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import {
  EMAIL_NOTIFICATION_PREFERENCES,
  MEMBER_ROLES,
  NOTIFICATION_KINDS,
  PROCESSING_ERROR_CODES,
  PROCESSING_STATES,
  RENDITION_KINDS,
  REVIEW_DECISIONS,
  REVIEW_STATES,
} from "./enums";

// The enums' value lists live in ./enums (the browser imports them); their types are re-exported
// here for the server code that has always imported them with the tables.
export type {
  MemberRole,
  ProcessingErrorCode,
  ProcessingState,
  RenditionKind,
  ReviewDecision,
  ReviewState,
} from "./enums";

/**
 * The whole AXIOM data model (docs/architecture.md). Integrity that matters lives in the
 * database: foreign keys and unique keys here, state-machine and append-only triggers in
 * `db/migrations/0001_integrity.sql`. TypeScript checks are a convenience on top.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------------------
// Users, projects, membership

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Stored lower-cased (see lib/users); the unique index is the source of truth.
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isAdmin: boolean("is_admin").notNull().default(false),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // How inbox rows reach the user by e-mail: each as it comes, in an hourly or daily digest, or
    // not at all (docs/notifications.md, "E-mail").
    emailNotifications: text("email_notifications", { enum: EMAIL_NOTIFICATION_PREFERENCES }).notNull().default("immediate"),
    createdAt: createdAt(),
  },
  (t) => [
    check("users_email_notifications", sql`${t.emailNotifications} in ('immediate', 'hourly', 'daily', 'off')`),
    uniqueIndex("users_email_key").on(t.email),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);
export type User = typeof users.$inferSelect;

export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    // Short production code, e.g. "DEMO" or "NGT_S01": unique, used in lists.
    code: text("code").notNull(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("projects_code_key").on(t.code)],
);
export type Project = typeof projects.$inferSelect;

export const memberRole = pgEnum("member_role", MEMBER_ROLES);

export const projectMembers = pgTable(
  "project_members",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    role: memberRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("project_members_user_idx").on(t.userId)],
);
export type ProjectMember = typeof projectMembers.$inferSelect;

// Sign-in attempts, for the rate limit (shared by every web process through the database).
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_attempts_email_time_idx").on(t.email, t.attemptedAt)],
);

// ---------------------------------------------------------------------------------------
// Assets and versions

export const processingState = pgEnum("processing_state", PROCESSING_STATES);
export const reviewState = pgEnum("review_state", REVIEW_STATES);

export const assets = pgTable(
  "assets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
    // What the project page sorts and filters by, kept by triggers (migration 0021) so that a page
    // of a 10,000-asset project is one index walk over this table, not "the latest version of every
    // asset" joined and filtered each time (docs/browsing.md). The highest-numbered uploaded version
    // (null / 0: none yet), copies of its states, uploader and open comment threads…
    latestVersionId: uuid("latest_version_id").references((): AnyPgColumn => versions.id, { onDelete: "restrict" }),
    latestVersionNumber: integer("latest_version_number").notNull().default(0),
    latestProcessingState: processingState("latest_processing_state"),
    latestReviewState: reviewState("latest_review_state"),
    latestUploadedBy: uuid("latest_uploaded_by").references(() => users.id, { onDelete: "restrict" }),
    latestOpenThreads: integer("latest_open_threads").notNull().default(0),
    // …and the last upload, decision or comment on any of its versions (the asset's creation before that).
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("assets_project_name_key").on(t.projectId, t.name),
    // Keyset pages in each sort of the project page; the id breaks ties. The name search's trigram
    // index (assets_name_trgm_idx) is hand-written in migration 0021: it needs the pg_trgm extension.
    index("assets_project_activity_idx").on(t.projectId, t.lastActivityAt, t.id),
    index("assets_project_latest_number_idx").on(t.projectId, t.latestVersionNumber, t.id),
    index("assets_project_name_id_idx").on(t.projectId, t.name, t.id),
    // Rare standings (rejected, failed) are found through these rather than by walking every asset.
    index("assets_project_review_idx").on(t.projectId, t.latestReviewState),
    index("assets_project_processing_idx").on(t.projectId, t.latestProcessingState),
  ],
);
export type Asset = typeof assets.$inferSelect;

export const errorCode = pgEnum("processing_error_code", PROCESSING_ERROR_CODES);

export const versions = pgTable(
  "versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id, { onDelete: "restrict" }),
    // Assigned when the upload completes, so abandoned uploads leave no gaps.
    number: integer("number"),
    originalFileName: text("original_file_name").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    contentType: text("content_type").notNull(),
    sha256Declared: text("sha256_declared"),
    sha256Computed: text("sha256_computed"),
    // The master (lib/storage/keys.ts masterKey): what the worker, downloads and players read.
    storageKey: text("storage_key").notNull(),
    // Where the bytes are uploaded (keys.ts stagingKey): the only key presigned URLs name.
    // Completion copies it to storage_key. Null: a row from before migration 0008, uploaded to
    // storage_key directly.
    stagingKey: text("staging_key"),
    // S3 multipart upload id (of staging_key) while AWAITING_UPLOAD (null for single PUT uploads).
    multipartUploadId: text("multipart_upload_id"),
    // The part size chosen when the upload started; null: a single PUT (or a row from before
    // migration 0003). Kept so a change of UPLOAD_PART_BYTES cannot break uploads in flight.
    uploadPartBytes: bigint("upload_part_bytes", { mode: "number" }),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),

    processingState: processingState("processing_state").notNull().default("AWAITING_UPLOAD"),
    reviewState: reviewState("review_state"),
    attempts: integer("attempts").notNull().default(0),
    progress: doublePrecision("progress"), // 0..100 while PROCESSING
    errorCode: errorCode("error_code"),
    errorMessage: text("error_message"),
    errorLogTail: text("error_log_tail"),
    // What a READY version should say about how it was made (lib/media ProcessingWarning[]: HDR
    // tone-mapped, deinterlaced, poster missing…). Written with READY; [] until then.
    processingWarnings: jsonb("processing_warnings").$type<{ code: string; message: string }[]>().notNull().default([]),
    // Jumps the processing queue (docs/processing.md, "Queue order"): set by a producer at upload or
    // later, or by an admin's bump. The rank of its queued job is computed in PostgreSQL.
    isUrgent: boolean("is_urgent").notNull().default(false),
    // Crash safety: the worker that holds the version and its last sign of life.
    workerId: text("worker_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    // When an attempt first published the live preview (derived/<id>/preview/master.m3u8: EVENT playlists
    // over the segments uploaded while FFmpeg encodes; docs/processing.md, "Watch while it encodes").
    // Shown only while PROCESSING; a later attempt's preview overwrites the same keys.
    previewPublishedAt: timestamp("preview_published_at", { withTimezone: true }),

    // Probe facts (ffprobe JSON kept whole in `probe`, the useful parts typed).
    probe: jsonb("probe"),
    container: text("container"),
    videoCodec: text("video_codec"),
    audioCodec: text("audio_codec"),
    width: integer("width"),
    height: integer("height"),
    rotation: integer("rotation"), // display rotation in degrees (0, 90, 180, 270)
    pixelFormat: text("pixel_format"),
    colorPrimaries: text("color_primaries"),
    colorTransfer: text("color_transfer"),
    colorSpace: text("color_space"),
    frameRateNum: integer("frame_rate_num"),
    frameRateDen: integer("frame_rate_den"),
    isVariableFrameRate: boolean("is_variable_frame_rate"),
    frameCount: integer("frame_count"),
    durationSeconds: doublePrecision("duration_seconds"),
    startTimecode: text("start_timecode"),
    dropFrame: boolean("drop_frame"),
    audioChannels: integer("audio_channels"),
    audioChannelLayout: text("audio_channel_layout"),
    audioSampleRate: integer("audio_sample_rate"),

    createdAt: createdAt(),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }),
    processingStartedAt: timestamp("processing_started_at", { withTimezone: true }),
    readyAt: timestamp("ready_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("versions_asset_number_key").on(t.assetId, t.number),
    uniqueIndex("versions_storage_key_key").on(t.storageKey),
    uniqueIndex("versions_staging_key_key").on(t.stagingKey),
    check("versions_staging_key_not_master", sql`${t.stagingKey} <> ${t.storageKey}`),
    index("versions_state_idx").on(t.processingState),
    check("versions_size_positive", sql`${t.sizeBytes} > 0`),
    // S3's minimum part size (5 MiB): a smaller one could never be completed.
    check("versions_upload_part_bytes_min", sql`${t.uploadPartBytes} >= 5242880`),
    check("versions_sha256_declared_hex", sql`${t.sha256Declared} ~ '^[0-9a-f]{64}$'`),
    check("versions_sha256_computed_hex", sql`${t.sha256Computed} ~ '^[0-9a-f]{64}$'`),
    check("versions_progress_range", sql`${t.progress} between 0 and 100`),
    check("versions_frame_rate_positive", sql`${t.frameRateNum} > 0 and ${t.frameRateDen} > 0`),
    check(
      "versions_number_iff_uploaded",
      sql`(${t.number} is null) = (${t.processingState} in ('AWAITING_UPLOAD', 'ABANDONED'))`,
    ),
  ],
);
export type Version = typeof versions.$inferSelect;

export const renditionKind = pgEnum("rendition_kind", RENDITION_KINDS);

export const renditions = pgTable(
  "renditions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "restrict" }),
    kind: renditionKind("kind").notNull(),
    // For HLS: the master playlist; segments and variant playlists live beside it.
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    width: integer("width"),
    height: integer("height"),
    bitrate: integer("bitrate"), // bits per second
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    // Kind-specific facts, e.g. the HLS ladder's rungs or the sprite's tile grid.
    details: jsonb("details"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("renditions_storage_key_key").on(t.storageKey),
    uniqueIndex("renditions_version_kind_key").on(t.versionId, t.kind),
  ],
);
export type Rendition = typeof renditions.$inferSelect;

// ---------------------------------------------------------------------------------------
// Review

export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "restrict" }),
    // Exactly one of author_id (a member) and guest_id (a review link's guest, docs/review-links.md).
    authorId: uuid("author_id").references(() => users.id, { onDelete: "restrict" }),
    guestId: uuid("guest_id").references((): AnyPgColumn => reviewLinkGuests.id, { onDelete: "restrict" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => comments.id, { onDelete: "restrict" }),
    // Integer frame numbers of the source timeline, never float seconds: a float drifts, and a frame is the unit reviewers point at.
    frameIn: integer("frame_in").notNull(),
    frameOut: integer("frame_out"),
    body: text("body").notNull(),
    // Vector drawing on the comment's frame (lib/comments/drawing.ts validates it, docs/drawing.md);
    // null when there is none. Only a thread's first comment, which is placed on the frame, has one.
    // Vector JSON validated by lib/comments/drawing.ts at write and read (db/ knows no lib/ types).
    drawing: jsonb("drawing").$type<unknown>(),
    // The users @mentioned in the body (its `@[Name](user-id)` tokens, lib/mentions), derived by the
    // server at every write and checked to be project members then; the notifications read it.
    mentions: uuid("mentions").array().notNull().default(sql`'{}'::uuid[]`),
    // A frame grab attached to the comment (lib/comments/comment-attachment.ts): the object key of a
    // PNG the browser uploaded through a presigned PUT under the version's derived prefix, checked
    // (size, type, PNG signature) before the comment was accepted. Null when there is none.
    attachmentKey: text("attachment_key"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "restrict" }),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("comments_version_idx").on(t.versionId, t.frameIn),
    index("comments_parent_idx").on(t.parentId),
    // Open threads of a version: the project page's counts and its "has open comments" filter.
    index("comments_open_threads_idx")
      .on(t.versionId)
      .where(sql`${t.parentId} is null and ${t.resolvedAt} is null and ${t.deletedAt} is null`),
    check("comments_frame_in_nonneg", sql`${t.frameIn} >= 0`),
    check("comments_one_author", sql`num_nonnulls(${t.authorId}, ${t.guestId}) = 1`),
    index("comments_guest_idx").on(t.guestId),
    check("comments_range_ordered", sql`${t.frameOut} is null or ${t.frameOut} >= ${t.frameIn}`),
    check("comments_body_length", sql`char_length(${t.body}) between 1 and 5000`),
    // The shape of a drawing is lib's to check; the database keeps out what no version of it sends:
    // non-objects, megabytes (lib allows 40 kB compact; jsonb's text adds a space after , and :),
    // and drawings on replies.
    check(
      "comments_drawing_shape",
      sql`${t.drawing} is null or (jsonb_typeof(${t.drawing}) = 'object' and octet_length(${t.drawing}::text) <= 65536)`,
    ),
    check("comments_drawing_on_thread", sql`${t.drawing} is null or ${t.parentId} is null`),
    // Only keys the server chooses: the comment's own version's attachments/<uuid>.png.
    check(
      "comments_attachment_key_shape",
      sql`${t.attachmentKey} is null or ${t.attachmentKey} ~ ('^derived/' || ${t.versionId}::text || '/attachments/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.png$')`,
    ),
  ],
);
export type Comment = typeof comments.$inferSelect;

export const reviewDecision = pgEnum("review_decision", REVIEW_DECISIONS);

/** Every review decision, newest last; `versions.review_state` holds the current one. */
export const reviewDecisions = pgTable(
  "review_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "restrict" }),
    decidedBy: uuid("decided_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    decision: reviewDecision("decision").notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    index("review_decisions_version_idx").on(t.versionId, t.createdAt),
    check("review_decisions_note_length", sql`char_length(${t.note}) <= 5000`),
  ],
);
export type ReviewDecisionRow = typeof reviewDecisions.$inferSelect;

// ---------------------------------------------------------------------------------------
// Audit trail: append-only, hash-chained, in commit order (a transaction-scoped advisory lock).
// hash_version 2 (lib/audit/record-audit-event.ts): the app computes `hash` as an HMAC-SHA-256
// with AUDIT_HMAC_KEY, a key the database never sees, and the trigger checks `seq` and
// `prev_hash`. hash_version 1 (rows from before the key, or written without one): the trigger
// fills all three with an unkeyed SHA-256. `npm run audit:verify` recomputes both in JS.

export const auditEvents = pgTable(
  "audit_events",
  {
    // seq, prev_hash and hash: set by the trigger; the defaults only keep them out of inserts.
    seq: bigint("seq", { mode: "number" }).primaryKey().default(0),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "restrict" }), // null: the system
    action: text("action").notNull(), // e.g. "version.ready", "project.member_added"
    entityType: text("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "restrict" }),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    prevHash: text("prev_hash").notNull().default(""),
    hash: text("hash").notNull().default(""),
    // 1: unkeyed SHA-256 computed by the trigger; 2: HMAC-SHA-256 computed by the app (docs/security.md).
    hashVersion: smallint("hash_version").notNull().default(1),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId, t.seq),
    index("audit_events_project_idx").on(t.projectId, t.seq),
  ],
);
export type AuditEvent = typeof auditEvents.$inferSelect;

// ---------------------------------------------------------------------------------------
// Events: the transactional outbox (docs/events.md). One row per domain event, written in the
// transaction of the change it announces (lib/events/append-event.ts). Unlike the audit trail
// (the tamper-evident record) this is the delivery feed: live updates (SSE), and the consumers a
// relay fans it out to, each with its own cursor. Pruned after EVENTS_RETENTION_DAYS.

export const events = pgTable(
  "events",
  {
    // The cursor: assigned by the trigger of migration 0010 under a transaction-scoped advisory
    // lock, so seq order is commit order and a reader that saw seq n has seen every seq below it.
    // The default only keeps it out of inserts.
    seq: bigint("seq", { mode: "number" }).primaryKey().default(0),
    // The event's identity for consumers (idempotency keys, webhook ids): never reused.
    id: uuid("id").notNull().defaultRandom(),
    type: text("type").notNull(), // lib/events/event-types.ts
    // No foreign keys, on purpose: checking one takes a KEY SHARE lock on the row it names, and an
    // insert here must never wait for a row lock while it holds the outbox's lock (another
    // transaction holding that row FOR UPDATE may be waiting for the outbox: a deadlock). The
    // writer sets these ids in the transaction of the change itself, and no subject is ever deleted.
    projectId: uuid("project_id").notNull(),
    // Subject ids. asset_id is filled by the trigger from version_id.
    assetId: uuid("asset_id"),
    versionId: uuid("version_id"),
    commentId: uuid("comment_id"),
    actorId: uuid("actor_id"), // null: the system
    payload: jsonb("payload").notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("events_id_key").on(t.id),
    index("events_project_idx").on(t.projectId, t.seq),
    index("events_version_idx").on(t.versionId, t.seq),
    index("events_occurred_at_idx").on(t.occurredAt),
    check("events_payload_object", sql`jsonb_typeof(${t.payload}) = 'object'`),
  ],
);
export type EventRow = typeof events.$inferSelect;

/** One row per consumer of the relay: the last seq it has been handed (lib/events/deliver-events.ts). */
export const eventConsumers = pgTable("event_consumers", {
  name: text("name").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type EventConsumerRow = typeof eventConsumers.$inferSelect;

// ---------------------------------------------------------------------------------------
// Webhooks (docs/webhooks.md): endpoints an admin registers per project, and one delivery per
// endpoint and event, each with its attempts (the delivery log). The relay's `webhooks` consumer
// writes deliveries; the `deliver-webhook` job POSTs them.

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    url: text("url").notNull(),
    // Event types (lib/events/event-types.ts) this endpoint gets.
    eventTypes: text("event_types").array().notNull(),
    // The signing secret `whsec_…`, AES-256-GCM encrypted with WEBHOOK_SECRETS_KEY (lib/webhooks/secret-box.ts).
    secretCiphertext: text("secret_ciphertext").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_endpoints_project_idx").on(t.projectId)],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    // events.id (no foreign key: events are pruned, the log stays as long as its endpoint).
    eventId: uuid("event_id").notNull(),
    eventType: text("event_type").notNull(),
    // The exact JSON body signed and sent (docs/webhooks.md, "Payload").
    body: text("body").notNull(),
    // pending (attempts left), succeeded, failed (retries exhausted).
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // At-least-once relay: the second hand-over of an event inserts nothing.
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export const webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    // The HTTP status, null when no response came (refused address, timeout, connection error).
    responseStatus: integer("response_status"),
    latencyMs: integer("latency_ms").notNull(),
    // The first 1 KB of the response body, or the error when there was no response.
    responseExcerpt: text("response_excerpt").notNull().default(""),
    isSuccess: boolean("is_success").notNull(),
    // Asked for by an admin (redeliver), not the retry schedule.
    isManual: boolean("is_manual").notNull().default(false),
  },
  (t) => [index("webhook_delivery_attempts_delivery_idx").on(t.deliveryId, t.startedAt)],
);
export type WebhookDeliveryAttempt = typeof webhookDeliveryAttempts.$inferSelect;

export const notificationKind = pgEnum("notification_kind", NOTIFICATION_KINDS);

/**
 * One person's inbox (docs/notifications.md), written by the notifications consumer from the
 * outbox: at most one row per (user, event) — the consumer is delivered at least once, and the
 * unique key makes a redelivery a no-op. Subject ids as in `events`; `frame` is where the link lands.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    eventId: uuid("event_id").notNull(),
    kind: notificationKind("kind").notNull(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    assetId: uuid("asset_id").references(() => assets.id, { onDelete: "restrict" }),
    versionId: uuid("version_id").references(() => versions.id, { onDelete: "restrict" }),
    commentId: uuid("comment_id").references(() => comments.id, { onDelete: "restrict" }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "restrict" }),
    frame: integer("frame"),
    // A line of text as the inbox shows it (the comment's first words, the decision), ≤ 300 chars.
    summary: text("summary").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    // The e-mail that told the user (immediate or digest), set in the transaction that queued it:
    // a row is e-mailed at most once (docs/notifications.md, "Digests").
    emailId: uuid("email_id").references(() => outgoingEmails.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_user_event_key").on(t.userId, t.eventId),
    // What a digest collects: unread rows no e-mail has told yet.
    index("notifications_undigested_idx").on(t.userId, t.createdAt).where(sql`${t.emailId} is null and ${t.readAt} is null`),
    index("notifications_user_idx").on(t.userId, t.occurredAt),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    check("notifications_summary_length", sql`char_length(${t.summary}) <= 300`),
  ],
);
export type Notification = typeof notifications.$inferSelect;

// ---------------------------------------------------------------------------------------
// API tokens (docs/api.md): a user's named credentials for /api/v1. Only a SHA-256 of the
// secret is stored (the secret is ≥ 256 random bits, so a fast hash is enough: there is nothing
// to brute-force); `prefix` is its first characters, shown in lists so a user can tell tokens
// apart. Revoked tokens stay (revoked_at) for the audit trail's sake; nothing deletes one.

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    // Hex SHA-256 of the whole token `axm_…` (lib/tokens/api-token-secret.ts).
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    // Written at most once a minute per token (lib/tokens/authenticate-api-token.ts).
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId, t.createdAt)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

export const OUTGOING_EMAIL_STATUSES = ["queued", "sent", "failed", "kept"] as const;
export type OutgoingEmailStatus = (typeof OUTGOING_EMAIL_STATUSES)[number];

/**
 * Every e-mail AXIOM sends (docs/notifications.md, "E-mail"), written in the transaction of what
 * caused it, then sent by the `send-email` job: `sent`, `failed` after its last attempt, or `kept`
 * when no SMTP_URL is configured — never lost, admins see kept and failed ones on /admin.
 */
export const outgoingEmails = pgTable(
  "outgoing_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    // What it is ("notification", "invitation", "password_reset"): for the admin list and tests.
    kind: text("kind").notNull(),
    status: text("status", { enum: OUTGOING_EMAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("outgoing_emails_created_idx").on(t.createdAt),
    check("outgoing_emails_status", sql`${t.status} in ('queued', 'sent', 'failed', 'kept')`),
  ],
);
export type OutgoingEmail = typeof outgoingEmails.$inferSelect;

export const PASSWORD_TOKEN_PURPOSES = ["invitation", "reset"] as const;
export type PasswordTokenPurpose = (typeof PASSWORD_TOKEN_PURPOSES)[number];

/**
 * Set-password links (docs/security.md, "Account e-mails"): an invitation (72 h) or a reset (1 h).
 * Only the token's SHA-256 is stored; using one sets `used_at` once (UPDATE … WHERE used_at IS NULL).
 */
export const passwordTokens = pgTable(
  "password_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    tokenHash: text("token_hash").notNull(),
    purpose: text("purpose", { enum: PASSWORD_TOKEN_PURPOSES }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("password_tokens_hash_key").on(t.tokenHash),
    index("password_tokens_user_idx").on(t.userId),
    check("password_tokens_purpose", sql`${t.purpose} in ('invitation', 'reset')`),
  ],
);

// Playlists (docs/playlists.md): an ordered list of versions of one project, for reviewing a run
// of shots in one sitting. A playlist holds references only: decisions and comments stay on the
// versions. The order is `position` 0..n-1, renumbered in one transaction under the playlist's
// row lock; the unique (playlist, position) constraint is DEFERRABLE (hand-written in the
// migration) so the renumbering may pass through duplicates before COMMIT. A trigger of the same
// migration keeps every item's version inside the playlist's project.

export const playlists = pgTable(
  "playlists",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("playlists_project_idx").on(t.projectId, t.createdAt),
    check("playlists_name_length", sql`char_length(${t.name}) between 1 and 200`),
  ],
);
export type Playlist = typeof playlists.$inferSelect;

export const playlistItems = pgTable(
  "playlist_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    playlistId: uuid("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    versionId: uuid("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
    addedBy: uuid("added_by").references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    // A shot appears once per playlist: "add" twice is a conflict, not a duplicate row.
    uniqueIndex("playlist_items_playlist_version_key").on(t.playlistId, t.versionId),
    index("playlist_items_version_idx").on(t.versionId),
    check("playlist_items_position_nonneg", sql`${t.position} >= 0`),
  ],
);
export type PlaylistItem = typeof playlistItems.$inferSelect;

// Review links (docs/review-links.md): one version or one playlist shared with people outside the
// studio. The link's secret is ≥ 256 random bits; only its SHA-256 is stored (`token_hash`), so a
// copy of the database opens no link. A passphrase, when set, is an argon2id hash. Links are never
// deleted: revoking stamps `revoked_at`, and the audit trail names links by id.

export const reviewLinks = pgTable(
  "review_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    // What is shared: exactly one of a version and a playlist (check below).
    versionId: uuid("version_id").references(() => versions.id, { onDelete: "restrict" }),
    playlistId: uuid("playlist_id").references(() => playlists.id, { onDelete: "restrict" }),
    // Hex SHA-256 of the token in the link's URL (lib/review-links/review-link-token.ts).
    tokenHash: text("token_hash").notNull(),
    passphraseHash: text("passphrase_hash"),
    allowComments: boolean("allow_comments").notNull(),
    allowDownload: boolean("allow_download").notNull(),
    watermark: boolean("watermark").notNull().default(true),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "restrict" }),
  },
  (t) => [
    uniqueIndex("review_links_token_hash_key").on(t.tokenHash),
    index("review_links_project_idx").on(t.projectId, t.createdAt),
    index("review_links_playlist_idx").on(t.playlistId),
    check("review_links_one_target", sql`num_nonnulls(${t.versionId}, ${t.playlistId}) = 1`),
    check("review_links_name_length", sql`char_length(${t.name}) between 1 and 200`),
  ],
);
export type ReviewLink = typeof reviewLinks.$inferSelect;

/**
 * A guest of a review link: the name (and e-mail) they gave, and the SHA-256 of their session
 * cookie's secret. One row per session; comments by a guest point here (`comments.guest_id`).
 */
export const reviewLinkGuests = pgTable(
  "review_link_guests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reviewLinkId: uuid("review_link_id")
      .notNull()
      .references(() => reviewLinks.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    email: text("email"),
    sessionHash: text("session_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("review_link_guests_session_hash_key").on(t.sessionHash),
    index("review_link_guests_link_idx").on(t.reviewLinkId),
    check("review_link_guests_name_length", sql`char_length(${t.name}) between 1 and 100`),
  ],
);
export type ReviewLinkGuest = typeof reviewLinkGuests.$inferSelect;

/** Passphrase attempts on review links, for the rate limit (per link, and per link and client network). */
export const reviewLinkAttempts = pgTable(
  "review_link_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reviewLinkId: uuid("review_link_id")
      .notNull()
      .references(() => reviewLinks.id, { onDelete: "restrict" }),
    clientKey: text("client_key").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("review_link_attempts_link_time_idx").on(t.reviewLinkId, t.attemptedAt)],
);
