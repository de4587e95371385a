import { REVIEW_STATES, type ProcessingState, type ReviewState } from "@/db/enums";
import { REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";
import type { AuditChange } from "./audit-trail.types";

/**
 * Audit events in words: a title per action type, a short detail and the fields it changed
 * (from → to), read from the event's `data` as each writer records it (lib/<domain>/*.ts, the
 * `recordAuditEvent` calls). Pure: the screens and their tests call it the same way. An action
 * not listed here (an old one, or one added without a line here) shows as its raw type.
 */

type Data = Record<string, unknown>;
type Described = { detail?: string | null; changes?: AuditChange[] };
type ActionDescription = { title: string; describe?: (data: Data) => Described };

const PROCESSING_LABEL: Record<ProcessingState, string> = {
  AWAITING_UPLOAD: "Awaiting upload",
  PENDING: "Pending",
  PROCESSING: "Processing",
  READY: "Ready",
  ERROR: "Failed",
  ABANDONED: "Abandoned",
};

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const reviewLabel = (value: unknown): string | null =>
  (REVIEW_STATES as readonly unknown[]).includes(value) ? REVIEW_STATE_LABEL[value as ReviewState] : text(value);
const processing = (from: ProcessingState | null, to: ProcessingState): AuditChange => ({
  label: "Processing",
  from: from && PROCESSING_LABEL[from],
  to: PROCESSING_LABEL[to],
});
const change = (label: string, from: unknown, to: unknown): AuditChange[] => {
  const after = text(to) ?? (num(to) === null ? null : String(to));
  if (after === null) return [];
  return [{ label, from: text(from) ?? (num(from) === null ? null : String(from)), to: after }];
};
const quoted = (value: unknown) => (text(value) ? `“${text(value)}”` : null);
const truncated = (value: unknown, max = 140) => {
  const s = text(value);
  return s && s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** Bytes in binary units with one decimal (1.5 GiB), for upload sizes. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const ACTIONS: Record<string, ActionDescription> = {
  // Versions: upload, processing, review
  "version.upload_started": {
    title: "Upload started",
    describe: (d) => ({
      detail:
        [text(d.fileName), num(d.size) === null ? null : formatBytes(num(d.size)!)].filter(Boolean).join(", ") || null,
      changes: [processing(null, "AWAITING_UPLOAD")],
    }),
  },
  "version.uploaded": {
    title: "Upload completed",
    describe: (d) => ({
      detail: num(d.size) === null ? null : formatBytes(num(d.size)!),
      changes: [processing("AWAITING_UPLOAD", "PENDING")],
    }),
  },
  "version.upload_aborted": {
    title: "Upload cancelled",
    describe: (d) => ({ detail: text(d.fileName), changes: [processing("AWAITING_UPLOAD", "ABANDONED")] }),
  },
  "version.upload_abandoned": {
    title: "Upload abandoned (never completed)",
    describe: (d) => ({ detail: text(d.fileName), changes: [processing("AWAITING_UPLOAD", "ABANDONED")] }),
  },
  "version.processing_started": {
    title: "Processing started",
    describe: (d) => ({
      detail: num(d.attempt) ? `attempt ${d.attempt}` : null,
      changes: [processing("PENDING", "PROCESSING")],
    }),
  },
  "version.processing_taken_over": {
    title: "Processing taken over from a stopped worker",
    describe: (d) => ({
      detail: num(d.attempt) ? `attempt ${d.attempt}` : null,
      changes: [processing("PENDING", "PROCESSING")],
    }),
  },
  "version.ready": {
    title: "Processing finished",
    describe: (d) => ({
      detail: Array.isArray(d.renditions) ? `${d.renditions.length} renditions` : null,
      changes: [
        processing("PROCESSING", "READY"),
        { label: "Review state", from: null, to: REVIEW_STATE_LABEL.IN_REVIEW },
      ],
    }),
  },
  "version.processing_failed": {
    title: "Processing failed",
    describe: (d) => ({
      detail: [text(d.code), truncated(d.message, 100)].filter(Boolean).join(": ") || null,
      changes: [processing("PROCESSING", "ERROR")],
    }),
  },
  "version.processing_handed_back": {
    title: "Processing handed back for another try",
    describe: (d) => ({ detail: text(d.code) ?? text(d.reason), changes: [processing("PROCESSING", "PENDING")] }),
  },
  "version.processing_reclaimed": {
    title: "Processing reclaimed from a silent worker",
    describe: () => ({ changes: [processing("PROCESSING", "PENDING")] }),
  },
  "version.retry_requested": {
    title: "Retry requested",
    describe: (d) => ({ detail: text(d.previousErrorCode), changes: [processing("ERROR", "PENDING")] }),
  },
  "version.review_decided": {
    title: "Review decision",
    describe: (d) => ({
      detail: truncated(d.note),
      changes: [
        { label: "Review state", from: reviewLabel(d.previousReviewState), to: reviewLabel(d.decision) ?? "?" },
      ],
    }),
  },
  "version.processing_cancelled": {
    title: "Processing cancelled",
    describe: (d) => ({
      changes:
        d.previousState === "PENDING" || d.previousState === "PROCESSING" ? [processing(d.previousState, "ERROR")] : [],
    }),
  },
  "version.urgency_changed": {
    title: "Queue priority changed",
    describe: (d) => ({
      changes:
        typeof d.isUrgent === "boolean"
          ? [{ label: "Priority", from: d.isUrgent ? "Normal" : "Urgent", to: d.isUrgent ? "Urgent" : "Normal" }]
          : [],
    }),
  },
  "version.proxy_downloaded": { title: "Proxy downloaded", describe: (d) => ({ detail: text(d.fileName) }) },
  "version.master_downloaded": { title: "Master downloaded", describe: (d) => ({ detail: text(d.fileName) }) },
  // The asset's name is the entry's subject already.
  "asset.created": { title: "Asset created" },

  // Comments
  "comment.created": {
    title: "Comment added",
    describe: (d) => ({ detail: d.parentId ? "a reply" : num(d.frameIn) === null ? null : `at frame ${d.frameIn}` }),
  },
  "comment.edited": {
    title: "Comment edited",
    describe: (d) => ({ detail: quoted(truncated(d.previousBody)) && `was ${quoted(truncated(d.previousBody))}` }),
  },
  "comment.deleted": { title: "Comment deleted", describe: (d) => ({ detail: quoted(truncated(d.body)) }) },
  "comment.resolved": {
    title: "Comment resolved",
    describe: () => ({ changes: [{ label: "Comment", from: "Open", to: "Resolved" }] }),
  },
  "comment.unresolved": {
    title: "Comment reopened",
    describe: () => ({ changes: [{ label: "Comment", from: "Resolved", to: "Open" }] }),
  },

  // Playlists
  "playlist.created": { title: "Playlist created", describe: (d) => ({ detail: text(d.name) }) },
  "playlist.renamed": {
    title: "Playlist renamed",
    describe: (d) => ({ changes: change("Name", d.previousName, d.name) }),
  },
  "playlist.deleted": { title: "Playlist deleted", describe: (d) => ({ detail: text(d.name) }) },
  "playlist.item_added": {
    title: "Added to a playlist",
    describe: (d) => ({ detail: num(d.position) === null ? null : `at position ${num(d.position)! + 1}` }),
  },
  "playlist.item_moved": {
    title: "Moved in a playlist",
    describe: (d) => ({
      changes:
        num(d.from) === null || num(d.to) === null
          ? []
          : [{ label: "Position", from: String(num(d.from)! + 1), to: String(num(d.to)! + 1) }],
    }),
  },
  "playlist.item_removed": { title: "Removed from a playlist" },
  "playlist.proxies_downloaded": {
    title: "Playlist proxies downloaded (zip)",
    describe: (d) => ({ detail: Array.isArray(d.versionIds) ? `${d.versionIds.length} proxies` : null }),
  },

  // Review links for guests (docs/review-links.md)
  "review_link.created": { title: "Review link created", describe: (d) => ({ detail: text(d.name) }) },
  "review_link.revoked": { title: "Review link revoked", describe: (d) => ({ detail: text(d.name) }) },
  "review_link.opened": {
    title: "Review link opened by a guest",
    describe: (d) => ({ detail: [text(d.guestName), text(d.guestEmail)].filter(Boolean).join(" · ") || null }),
  },

  // Projects and their members
  "project.created": {
    title: "Project created",
    describe: (d) => ({ detail: [text(d.name), text(d.code)].filter(Boolean).join(" · ") || null }),
  },
  "project.renamed": { title: "Project renamed", describe: (d) => ({ changes: change("Name", d.from, d.to) }) },
  "project.archived": {
    title: "Project archived",
    describe: () => ({ changes: [{ label: "Project", from: "Active", to: "Archived" }] }),
  },
  "project.unarchived": {
    title: "Project restored",
    describe: () => ({ changes: [{ label: "Project", from: "Archived", to: "Active" }] }),
  },
  // Members: the e-mail is the entry's subject already.
  "project.member_added": {
    title: "Member added",
    describe: (d) => ({ changes: change("Role", null, d.role) }),
  },
  "project.member_removed": {
    title: "Member removed",
    describe: (d) => ({ changes: change("Role", d.role, "none") }),
  },
  "project.member_role_changed": {
    title: "Member's role changed",
    describe: (d) => ({ changes: change("Role", d.from, d.to) }),
  },
  "project.webhook_created": { title: "Webhook added", describe: (d) => ({ detail: text(d.url) }) },
  "project.webhook_deleted": { title: "Webhook removed", describe: (d) => ({ detail: text(d.url) }) },

  // Accounts (the admins' trail: events of no project)
  "user.created": { title: "User created", describe: (d) => ({ detail: text(d.email) }) },
  "user.invited": { title: "Invitation sent", describe: (d) => ({ detail: text(d.email) }) },
  "user.disabled": {
    title: "User disabled",
    describe: (d) => ({ detail: text(d.email), changes: [{ label: "Account", from: "Enabled", to: "Disabled" }] }),
  },
  "user.enabled": {
    title: "User enabled",
    describe: (d) => ({ detail: text(d.email), changes: [{ label: "Account", from: "Disabled", to: "Enabled" }] }),
  },
  "user.signed_in": { title: "Signed in", describe: (d) => ({ detail: text(d.network) && `from ${text(d.network)}` }) },
  "user.sign_in_failed": {
    title: "Sign-in failed",
    describe: (d) => ({ detail: text(d.network) && `from ${text(d.network)}` }),
  },
  "user.sign_in_locked": {
    title: "Sign-in locked out",
    describe: (d) => ({ detail: text(d.scope) && `limit per ${text(d.scope)}` }),
  },
  "sign_in.failed": {
    title: "Sign-in failed (no such account)",
    describe: (d) => ({ detail: text(d.network) && `from ${text(d.network)}` }),
  },
  "sign_in.locked": {
    title: "Sign-in locked out (no such account)",
    describe: (d) => ({ detail: text(d.scope) && `limit per ${text(d.scope)}` }),
  },
  "user.password_changed": { title: "Password changed" },
  "user.password_set": {
    title: "Password set",
    describe: (d) => ({ detail: text(d.via) && `via ${text(d.via)?.replaceAll("_", " ")} link` }),
  },
  "user.password_reset_requested": { title: "Password reset requested" },
  "api_token.created": {
    title: "API token created",
    describe: (d) => ({ detail: [text(d.name), text(d.prefix)].filter(Boolean).join(" · ") || null }),
  },
  "api_token.revoked": {
    title: "API token revoked",
    describe: (d) => ({ detail: [text(d.name), text(d.prefix)].filter(Boolean).join(" · ") || null }),
  },
};

/** Every action type with a description, by title: the options of the screens' action filter. */
export const AUDIT_ACTION_OPTIONS: readonly { action: string; title: string }[] = Object.entries(ACTIONS)
  .map(([action, d]) => ({ action, title: d.title }))
  .sort((a, b) => a.title.localeCompare(b.title));

export function describeAuditEvent(event: { action: string; data: Data }): {
  title: string;
  detail: string | null;
  changes: AuditChange[];
} {
  const description = ACTIONS[event.action];
  if (!description) return { title: event.action, detail: null, changes: [] };
  const described = description.describe?.(event.data) ?? {};
  return { title: description.title, detail: described.detail ?? null, changes: described.changes ?? [] };
}
