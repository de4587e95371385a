import { and, count, desc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { assets, notifications, projects, users, versions } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { reviewRoomPath } from "@/lib/review/room-path";
import type { NotificationsAnswer } from "./notification-view.types";

/** How many entries the inbox shows (newest first). */
export const INBOX_PAGE_SIZE = 50;

/** The caller's unread count (the header's badge). */
export async function countUnreadNotifications(db: DbOrTx, params: { actor: Actor }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, params.actor.id), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** The caller's own inbox, newest first: never anyone else's rows. */
export async function listNotifications(db: DbOrTx, params: { actor: Actor }): Promise<NotificationsAnswer> {
  const actorUser = alias(users, "actor_user");
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      projectId: notifications.projectId,
      assetId: notifications.assetId,
      versionId: notifications.versionId,
      frame: notifications.frame,
      summary: notifications.summary,
      occurredAt: notifications.occurredAt,
      readAt: notifications.readAt,
      actorName: actorUser.name,
      projectName: projects.name,
      assetName: assets.name,
      versionNumber: versions.number,
    })
    .from(notifications)
    .innerJoin(projects, eq(projects.id, notifications.projectId))
    .leftJoin(assets, eq(assets.id, notifications.assetId))
    .leftJoin(versions, eq(versions.id, notifications.versionId))
    .leftJoin(actorUser, eq(actorUser.id, notifications.actorId))
    .where(eq(notifications.userId, params.actor.id))
    .orderBy(desc(notifications.occurredAt), desc(notifications.id))
    .limit(INBOX_PAGE_SIZE);
  return {
    unreadCount: await countUnreadNotifications(db, params),
    notifications: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      actorName: r.actorName,
      projectName: r.projectName,
      assetName: r.assetName,
      versionNumber: r.versionNumber,
      summary: r.summary,
      href:
        r.assetId && r.versionId
          ? reviewRoomPath(r.projectId, r.assetId, r.versionId, {
              frame: r.frame,
              tab: r.kind === "decision" ? "decisions" : undefined,
            })
          : `/projects/${r.projectId}`,
      occurredAt: r.occurredAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
  };
}
