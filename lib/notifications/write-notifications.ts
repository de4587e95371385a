import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alias } from "drizzle-orm/pg-core";
import { assets, comments, notifications, projectMembers, projects, users, versions } from "@/db/schema";
import type { NotificationKind } from "@/db/enums";
import type { EventRecord } from "@/lib/events/event-record";
import { notificationEmail } from "@/lib/email/notification-email";
import { queueEmail } from "@/lib/email/queue-email";
import { mentionsAsPlainText } from "@/lib/mentions/mention-tokens";

const SUMMARY_MAX = 300;

type NotificationDraft = {
  kind: NotificationKind;
  recipients: string[];
  frame: number | null;
  summary: string;
};

const DECISION_WORDS = {
  APPROVED: "approved",
  REJECTED: "rejected",
  CHANGES_REQUESTED: "asked for changes on",
} as const;

/**
 * Turns outbox events into inbox rows (docs/notifications.md, "Who is told what"):
 *
 * - `version.ready` / `version.processing_failed`: the version's uploader;
 * - `comment.added` / `comment.replied`: the version's uploader, everyone who had commented on it
 *   and everyone mentioned in its comments until then — except the people this comment mentions
 *   (`comment.mentioned` tells them, once);
 * - `comment.mentioned`: the people it names;
 * - `decision.made`: the version's uploader.
 *
 * Never the actor (your own actions are not news), and only people who may see the project now:
 * members and admins, not disabled. Idempotent by (user, event): a redelivered batch adds nothing.
 *
 * Each new row is also queued as an e-mail (lib/email/queue-email.ts) to its user when their
 * preference is `immediate`, in the same transaction, and marked with it (`email_id`): a replayed
 * batch writes no row, so no e-mail. Digest preferences leave the row for the digest job
 * (./send-notification-digests.ts).
 * `appUrl` makes the e-mail's link absolute (NEXTAUTH_URL). Returns the number of rows written.
 */
export async function writeNotifications(
  db: DbOrTx,
  events: readonly EventRecord[],
  options: { appUrl: string },
): Promise<number> {
  let written = 0;
  for (const event of events) {
    const draft = await draftFor(db, event);
    if (!draft) continue;
    const candidates = [...new Set(draft.recipients)].filter((id) => id !== event.actorId);
    if (candidates.length === 0) continue;
    const allowed = await db
      .select({ id: users.id })
      .from(users)
      .leftJoin(projectMembers, and(eq(projectMembers.userId, users.id), eq(projectMembers.projectId, event.projectId)))
      .where(
        and(
          inArray(users.id, candidates),
          isNull(users.disabledAt),
          or(eq(users.isAdmin, true), sql`${projectMembers.userId} is not null`),
        ),
      );
    if (allowed.length === 0) continue;
    const rows = await db
      .insert(notifications)
      .values(
        allowed.map(({ id }) => ({
          userId: id,
          eventId: event.id,
          kind: draft.kind,
          projectId: event.projectId,
          assetId: event.assetId,
          versionId: event.versionId,
          commentId: event.commentId,
          actorId: event.actorId,
          frame: draft.frame,
          summary: draft.summary.slice(0, SUMMARY_MAX),
          occurredAt: new Date(event.occurredAt),
        })),
      )
      .onConflictDoNothing()
      .returning({ userId: notifications.userId });
    written += rows.length;
    if (rows.length > 0) {
      await queueNotificationEmails(db, event, draft, rows.map((r) => r.userId), options.appUrl);
    }
  }
  return written;
}

const actors = alias(users, "actors");

async function queueNotificationEmails(
  db: DbOrTx,
  event: EventRecord,
  draft: NotificationDraft,
  userIds: string[],
  appUrl: string,
): Promise<void> {
  const recipients = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(inArray(users.id, userIds), eq(users.emailNotifications, "immediate")));
  if (recipients.length === 0) return;
  const [context] = await db
    .select({ projectName: projects.name, assetName: assets.name, actorName: actors.name })
    .from(projects)
    .leftJoin(assets, event.assetId ? eq(assets.id, event.assetId) : sql`false`)
    .leftJoin(actors, event.actorId ? eq(actors.id, event.actorId) : sql`false`)
    .where(eq(projects.id, event.projectId));
  for (const recipient of recipients) {
    const emailId = await queueEmail(
      db,
      notificationEmail({
        to: recipient.email,
        recipientName: recipient.name,
        kind: draft.kind,
        summary: draft.summary.slice(0, SUMMARY_MAX),
        actorName: context?.actorName ?? null,
        projectId: event.projectId,
        projectName: context?.projectName ?? "AXIOM",
        assetId: event.assetId,
        assetName: context?.assetName ?? null,
        versionId: event.versionId,
        frame: draft.frame,
        appUrl,
      }),
    );
    // Told: a digest (should the preference change) never sends this row again.
    await db
      .update(notifications)
      .set({ emailId })
      .where(and(eq(notifications.userId, recipient.id), eq(notifications.eventId, event.id)));
  }
}

async function uploaderOf(
  db: DbOrTx,
  versionId: string | null,
): Promise<{ uploadedBy: string | null; number: number | null } | null> {
  if (!versionId) return null;
  const [row] = await db
    .select({ uploadedBy: versions.uploadedBy, number: versions.number })
    .from(versions)
    .where(eq(versions.id, versionId));
  return row ?? null;
}

async function draftFor(db: DbOrTx, event: EventRecord): Promise<NotificationDraft | null> {
  switch (event.type) {
    case "version.ready":
    case "version.processing_failed": {
      const version = await uploaderOf(db, event.versionId);
      if (!version?.uploadedBy) return null;
      const label = version.number !== null ? `v${version.number}` : "Your version";
      return event.type === "version.ready"
        ? {
            kind: "version_ready",
            recipients: [version.uploadedBy],
            frame: null,
            summary: `${label} is ready for review`,
          }
        : {
            kind: "version_failed",
            recipients: [version.uploadedBy],
            frame: null,
            summary: `${label} failed to process (${event.payload.code}): ${event.payload.message}`,
          };
    }
    case "decision.made": {
      const version = await uploaderOf(db, event.versionId);
      if (!version?.uploadedBy) return null;
      const note = event.payload.note ? `: ${event.payload.note}` : "";
      const summary = `${DECISION_WORDS[event.payload.decision]} v${version.number ?? "?"}${note}`;
      return { kind: "decision", recipients: [version.uploadedBy], frame: null, summary };
    }
    case "comment.added":
    case "comment.replied": {
      if (!event.versionId || !event.commentId) return null;
      const version = await uploaderOf(db, event.versionId);
      const [comment] = await db
        .select({ mentions: comments.mentions })
        .from(comments)
        .where(eq(comments.id, event.commentId));
      // Those who had taken part before this comment: authors and people mentioned.
      const earlier = await db
        .select({ authorId: comments.authorId, mentions: comments.mentions })
        .from(comments)
        .where(and(eq(comments.versionId, event.versionId), lte(comments.createdAt, new Date(event.occurredAt))));
      const mentionedHere = new Set(comment?.mentions ?? []);
      const recipients = [version?.uploadedBy ?? null, ...earlier.flatMap((c) => [c.authorId, ...c.mentions])].filter(
        (id): id is string => id !== null && !mentionedHere.has(id),
      );
      const kind = event.type === "comment.added" ? "comment" : "reply";
      return { kind, recipients, frame: event.payload.frameIn, summary: mentionsAsPlainText(event.payload.body) };
    }
    case "comment.mentioned": {
      if (!event.commentId) return null;
      const [comment] = await db.select({ body: comments.body }).from(comments).where(eq(comments.id, event.commentId));
      return {
        kind: "mention",
        recipients: event.payload.userIds,
        frame: event.payload.frameIn,
        summary: comment ? mentionsAsPlainText(comment.body) : "",
      };
    }
    default:
      return null;
  }
}
