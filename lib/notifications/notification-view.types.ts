import { z } from "zod";
import { NOTIFICATION_KINDS } from "@/db/enums";

/** One inbox entry as the header's inbox shows it (GET /api/notifications). */
export const notificationViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** Who caused it (null: the system, e.g. processing). */
  actorName: z.string().nullable(),
  projectName: z.string(),
  assetName: z.string().nullable(),
  versionNumber: z.int().nullable(),
  summary: z.string(),
  /** The room at the frame it is about (or the project page). */
  href: z.string(),
  occurredAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

export const notificationsAnswerSchema = z.strictObject({
  unreadCount: z.int().nonnegative(),
  notifications: z.array(notificationViewSchema),
});
export type NotificationsAnswer = z.infer<typeof notificationsAnswerSchema>;

export const unreadCountAnswerSchema = z.strictObject({ unreadCount: z.int().nonnegative() });
export type UnreadCountAnswer = z.infer<typeof unreadCountAnswerSchema>;
