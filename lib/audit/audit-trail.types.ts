import { z } from "zod";

/**
 * The audit trail's answers and query (docs/audit.md). Safe for the browser: zod only. The raw
 * event (`AuditEvent`, /api/v1) and the readable entry (the screens) come from the same query,
 * lib/audit/list-audit-events.ts.
 */

export const auditEventViewSchema = z
  .strictObject({
    seq: z.int().meta({ description: "Position in the hash chain: the order events happened in." }),
    occurredAt: z.iso.datetime(),
    actorId: z.uuid().nullable().meta({ description: "Null: the system (worker, sweeper)." }),
    action: z.string().meta({ example: "version.ready" }),
    entityType: z.string(),
    entityId: z.uuid(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEvent" });
export type AuditEventView = z.infer<typeof auditEventViewSchema>;

/** `actor=system`: events no user caused (the worker, the sweeper). */
export const SYSTEM_ACTOR = "system";

const dayParam = z.iso.date().meta({ description: "A UTC day, YYYY-MM-DD (inclusive)." });
const seqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The filters every view of the trail takes, from a query string: one action type, one actor (a
 * user id, or `system`), a range of UTC days. Empty values are no filter (an HTML form sends them).
 */
export const auditEventFilters = z.object({
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, "an action type such as version.review_decided")
    .optional()
    .meta({ description: "One action type, e.g. `version.review_decided`." }),
  actor: z
    .union([z.uuid(), z.literal(SYSTEM_ACTOR)])
    .optional()
    .meta({ description: "A user id, or `system` for events no user caused." }),
  from: dayParam.optional(),
  to: dayParam.optional(),
});
export type AuditEventFilters = z.output<typeof auditEventFilters>;

/**
 * Where a page of the screens is in the trail: `before` (older than seq, the next page down) or
 * `after` (newer than seq, the page up); neither is the newest page. Keyset, so new events never
 * shift a page.
 */
export const auditVersionTrailQuery = auditEventFilters.extend({
  before: seqParam.optional(),
  after: seqParam.optional(),
});

/**
 * The trail pages' URL: the filters, the page, and a version (the project's trail narrowed to one
 * version) or, on the admins' page, a project.
 */
export const auditTrailQuery = auditVersionTrailQuery.extend({
  version: z.uuid().optional(),
  project: z.uuid().optional(),
});
export type AuditTrailQuery = z.output<typeof auditTrailQuery>;

/** One field an event changed, e.g. review state IN_REVIEW → APPROVED (from null: it had none). */
export const auditChangeSchema = z.strictObject({ label: z.string(), from: z.string().nullable(), to: z.string() });
export type AuditChange = z.infer<typeof auditChangeSchema>;

/** What an event is about, in words, and the page that shows it (null: none to link to). */
export const auditSubjectSchema = z.strictObject({ label: z.string(), href: z.string().nullable() });
export type AuditSubject = z.infer<typeof auditSubjectSchema>;

export const auditTrailEntrySchema = z.strictObject({
  seq: z.int(),
  occurredAt: z.iso.datetime(),
  action: z.string(),
  /** "Review decision", "Upload completed"… */
  title: z.string(),
  /** A short detail beside the title ("Approved", a file name, a note), or null. */
  detail: z.string().nullable(),
  changes: z.array(auditChangeSchema),
  /** Null: no user — the system, or a guest of a review link (`guestName`). */
  actor: z.strictObject({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  /** The name a guest of a review link gave (docs/review-links.md), when a guest did it. */
  guestName: z.string().nullable(),
  subject: auditSubjectSchema.nullable(),
  /** The project's code, for the admins' trail across projects (null: an event of no project). */
  projectCode: z.string().nullable(),
});
export type AuditTrailEntry = z.infer<typeof auditTrailEntrySchema>;

/** A page of the trail, newest first, and the seqs to page from (null: nothing further that way). */
export const auditTrailPageSchema = z.strictObject({
  entries: z.array(auditTrailEntrySchema),
  /** Pass as `before` for the next (older) page. */
  olderBefore: z.int().nullable(),
  /** Pass as `after` for the previous (newer) page. */
  newerAfter: z.int().nullable(),
});
export type AuditTrailPage = z.infer<typeof auditTrailPageSchema>;
