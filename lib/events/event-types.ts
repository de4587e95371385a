import { z } from "zod";
import { MEMBER_ROLES, PROCESSING_ERROR_CODES, REVIEW_DECISIONS, REVIEW_STATES } from "@/db/enums";
import type { Permission } from "@/lib/auth/permissions";

/**
 * Every domain event AXIOM announces (docs/events.md documents each): its subject, the permission
 * a reader needs to see it (lib/auth/permissions.ts; the live stream filters by it), and the zod
 * schema of its payload. `appendEvent` parses the payload with it, so a row of type T always holds
 * a T payload; readers parse again (a row can outlive the code that wrote it).
 *
 * Subjects: `project` events name only the project; `version` events name the version (the asset
 * follows from it); `comment` events name the comment and its version. Payloads carry what a
 * consumer needs to act without reading the database back (numbers, states, the comment's text),
 * and nothing a project member could not read anyway: no e-mail addresses, no storage keys.
 *
 * zod and db/enums.ts only (no Drizzle tables): safe in the browser bundle, like the API's
 * `*.types.ts` (docs/architecture.md, "Code layout").
 */

const uuid = z.uuid();
const frame = z.number().int().nonnegative();
const commentText = z.string().max(5000);

export const EVENT_TYPES = {
  // Versions and processing (lib/uploads, lib/processing)
  "version.uploaded": {
    subject: "version",
    visibleWith: "project.view",
    payload: z
      .object({ number: z.number().int().positive(), fileName: z.string(), sizeBytes: z.number().int().positive() })
      .strict(),
  },
  "version.processing_started": {
    subject: "version",
    visibleWith: "project.view",
    // takenOverFrom: the worker presumed dead whose attempt this one replaces (docs/processing.md).
    payload: z.object({ attempt: z.number().int().positive(), takenOverFrom: z.string().nullable() }).strict(),
  },
  "version.processing_progress": {
    subject: "version",
    visibleWith: "project.view",
    // Coalesced (lib/processing/record-heartbeat.ts): one event per 5 % step crossed, so at most 20 per attempt.
    payload: z.object({ percent: z.number().int().min(0).max(100), attempt: z.number().int().positive() }).strict(),
  },
  "version.preview_available": {
    subject: "version",
    visibleWith: "project.view",
    // The live preview of the attempt's encode is in the store (docs/processing.md, "Watch while it encodes"):
    // the room can start playing before READY. Once per attempt that gets that far.
    payload: z.object({ attempt: z.number().int().positive() }).strict(),
  },
  "version.processing_requeued": {
    subject: "version",
    visibleWith: "project.view",
    // The attempt gave the version back (PROCESSING -> PENDING): a worker shutting down, a transient
    // error, or a worker presumed dead (the sweeper). Another attempt follows by itself.
    payload: z.object({ reason: z.enum(["shutdown", "transient_error", "worker_lost"]) }).strict(),
  },
  "version.ready": {
    subject: "version",
    visibleWith: "project.view",
    payload: z
      .object({ attempt: z.number().int().positive(), renditions: z.array(z.string()), warnings: z.array(z.string()) })
      .strict(),
  },
  "version.processing_failed": {
    subject: "version",
    visibleWith: "project.view",
    payload: z
      .object({
        code: z.enum(PROCESSING_ERROR_CODES),
        message: z.string().max(500),
        // The claims so far: 0 when an admin cancelled a version before any worker took it.
        attempt: z.number().int().nonnegative(),
      })
      .strict(),
  },
  "version.retry_requested": {
    subject: "version",
    visibleWith: "project.view",
    payload: z.object({ previousErrorCode: z.enum(PROCESSING_ERROR_CODES).nullable() }).strict(),
  },
  // Review (lib/decisions)
  "decision.made": {
    subject: "version",
    visibleWith: "project.view",
    payload: z
      .object({
        decisionId: uuid,
        decision: z.enum(REVIEW_DECISIONS),
        previousReviewState: z.enum(REVIEW_STATES).nullable(),
        note: commentText.nullable(),
      })
      .strict(),
  },
  // Comments (lib/comments). frameIn/frameOut: frames of the source timeline, as stored.
  "comment.added": {
    subject: "comment",
    visibleWith: "project.view",
    payload: z
      .object({ frameIn: frame, frameOut: frame.nullable(), body: commentText, hasDrawing: z.boolean() })
      .strict(),
  },
  "comment.replied": {
    subject: "comment",
    visibleWith: "project.view",
    // A reply answers the thread's first comment (parentId) and sits on its frames.
    payload: z.object({ parentId: uuid, frameIn: frame, frameOut: frame.nullable(), body: commentText }).strict(),
  },
  "comment.mentioned": {
    subject: "comment",
    visibleWith: "project.view",
    // Written with comment.added/replied/edited when the text names people it did not name before:
    // `userIds` are only those newly mentioned (an edit that keeps a mention notifies nobody again).
    // The text itself is in the event written beside it.
    payload: z
      .object({ userIds: z.array(uuid).min(1), parentId: uuid.nullable(), frameIn: frame, frameOut: frame.nullable() })
      .strict(),
  },
  "comment.edited": {
    subject: "comment",
    visibleWith: "project.view",
    payload: z.object({ body: commentText, hasDrawing: z.boolean() }).strict(),
  },
  "comment.resolved": { subject: "comment", visibleWith: "project.view", payload: z.object({}).strict() },
  "comment.reopened": { subject: "comment", visibleWith: "project.view", payload: z.object({}).strict() },
  "comment.deleted": {
    subject: "comment",
    visibleWith: "project.view",
    payload: z.object({ parentId: uuid.nullable() }).strict(),
  },
  // Projects and membership (lib/members, lib/projects). userId: whose membership changed.
  "member.added": {
    subject: "project",
    visibleWith: "project.view",
    payload: z.object({ userId: uuid, role: z.enum(MEMBER_ROLES) }).strict(),
  },
  "member.role_changed": {
    subject: "project",
    visibleWith: "project.view",
    payload: z.object({ userId: uuid, from: z.enum(MEMBER_ROLES), to: z.enum(MEMBER_ROLES) }).strict(),
  },
  "member.removed": {
    subject: "project",
    visibleWith: "project.view",
    payload: z.object({ userId: uuid, role: z.enum(MEMBER_ROLES) }).strict(),
  },
  // Playlists (lib/playlists): project events whose payload names the playlist. Items are versions of
  // the project (itemCount: the playlist's length after the change).
  "playlist.created": {
    subject: "project",
    visibleWith: "project.view",
    payload: z.object({ playlistId: uuid, name: z.string().max(200) }).strict(),
  },
  "playlist.renamed": {
    subject: "project",
    visibleWith: "project.view",
    payload: z.object({ playlistId: uuid, name: z.string().max(200), previousName: z.string().max(200) }).strict(),
  },
  "playlist.deleted": {
    subject: "project",
    visibleWith: "project.view",
    payload: z.object({ playlistId: uuid, name: z.string().max(200) }).strict(),
  },
  "playlist.items_changed": {
    subject: "project",
    visibleWith: "project.view",
    payload: z
      .object({
        playlistId: uuid,
        change: z.enum(["added", "removed", "moved"]),
        versionId: uuid,
        position: z.number().int().nonnegative().nullable(),
        itemCount: z.number().int().nonnegative(),
      })
      .strict(),
  },
  "project.archived": { subject: "project", visibleWith: "project.view", payload: z.object({}).strict() },
  "project.unarchived": { subject: "project", visibleWith: "project.view", payload: z.object({}).strict() },
} as const satisfies Record<
  string,
  { subject: "project" | "version" | "comment"; visibleWith: Permission; payload: z.ZodType }
>;

export type EventType = keyof typeof EVENT_TYPES;
export type EventPayload<T extends EventType> = z.output<(typeof EVENT_TYPES)[T]["payload"]>;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}

/** The subject ids an event of type T names, by its subject kind. */
export type EventSubject<T extends EventType> = {
  project: Record<never, never>;
  version: { versionId: string };
  comment: { versionId: string; commentId: string };
}[(typeof EVENT_TYPES)[T]["subject"]];
