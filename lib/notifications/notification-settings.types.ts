import { z } from "zod";
import { EMAIL_NOTIFICATION_PREFERENCES } from "@/db/enums";

/** The caller's notification settings (GET and PATCH /api/notifications/settings); the browser imports this. */
export const notificationSettingsSchema = z.strictObject({ email: z.enum(EMAIL_NOTIFICATION_PREFERENCES) });
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;
