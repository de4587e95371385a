import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import type { DigestPeriod } from "@/db/enums";
import { assets, notifications, projects, users } from "@/db/schema";
import { notificationDigestEmail } from "@/lib/email/digest-email";
import { queueEmail } from "@/lib/email/queue-email";

export const DIGEST_PERIOD_MS: Record<DigestPeriod, number> = { hourly: 60 * 60 * 1000, daily: 24 * 60 * 60 * 1000 };
// A digest lists at most this many rows; the rest (a flood) wait for the next run, still unread.
export const DIGEST_MAX_ITEMS = 100;

const actors = alias(users, "actors");

/**
 * One digest run (docs/notifications.md, "Digests"): every enabled user whose preference is
 * `period` gets one e-mail listing their unread inbox rows that no e-mail has told yet, oldest
 * first — or nothing, when there are none.
 *
 * The rows a run looks at are those created in the last **two** periods: runs are a period apart
 * but each starts a little late, so windows of one period would leave slivers between them; the
 * overlap is harmless because each row is marked (`email_id`) in the transaction that queues its
 * e-mail, and a marked row is never listed again. Older unread rows (from before the preference
 * was chosen) are not dug up. Each user is one transaction that locks their rows (`FOR UPDATE`):
 * a second run at the same time waits, then finds them marked — never the same row twice.
 */
export async function sendNotificationDigests(
  db: DbOrTx,
  params: { period: DigestPeriod; appUrl: string; now?: Date },
): Promise<{ emails: number; notifications: number }> {
  const since = new Date((params.now ?? new Date()).getTime() - 2 * DIGEST_PERIOD_MS[params.period]);
  const pending = and(isNull(notifications.emailId), isNull(notifications.readAt), gt(notifications.createdAt, since));
  const recipients = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(notifications, eq(notifications.userId, users.id))
    .where(and(eq(users.emailNotifications, params.period), isNull(users.disabledAt), pending));

  const totals = { emails: 0, notifications: 0 };
  for (const { id: userId } of recipients) {
    const told = await db.transaction(async (tx) => {
      const [recipient] = await tx
        .select({ email: users.email, name: users.name })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.emailNotifications, params.period), isNull(users.disabledAt)));
      if (!recipient) return 0; // changed their mind, or was disabled, since the list was read
      const rows = await tx
        .select({
          id: notifications.id,
          kind: notifications.kind,
          summary: notifications.summary,
          projectId: notifications.projectId,
          assetId: notifications.assetId,
          versionId: notifications.versionId,
          frame: notifications.frame,
          projectName: projects.name,
          assetName: assets.name,
          actorName: actors.name,
        })
        .from(notifications)
        .innerJoin(projects, eq(projects.id, notifications.projectId))
        .leftJoin(assets, eq(assets.id, notifications.assetId))
        .leftJoin(actors, eq(actors.id, notifications.actorId))
        .where(and(eq(notifications.userId, userId), pending))
        .orderBy(asc(notifications.occurredAt), asc(notifications.id))
        .limit(DIGEST_MAX_ITEMS)
        .for("update", { of: notifications });
      if (rows.length === 0) return 0;
      const emailId = await queueEmail(
        tx,
        notificationDigestEmail({
          to: recipient.email,
          recipientName: recipient.name,
          period: params.period,
          items: rows,
          appUrl: params.appUrl,
        }),
      );
      await tx
        .update(notifications)
        .set({ emailId })
        .where(and(inArray(notifications.id, rows.map((r) => r.id)), isNull(notifications.emailId)));
      return rows.length;
    });
    if (told > 0) {
      totals.emails += 1;
      totals.notifications += told;
    }
  }
  return totals;
}
