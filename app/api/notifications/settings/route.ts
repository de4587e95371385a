import { apiRoute } from "@/lib/api/route";
import { getNotificationSettings, setNotificationSettings } from "@/lib/notifications/notification-settings";
import { notificationSettingsSchema } from "@/lib/notifications/notification-settings.types";

/** The caller's own notification settings: `{email: "immediate" | "off"}`. */
export const GET = apiRoute({ permission: "notifications.own" }, async ({ db, actor }) => {
  return Response.json(await getNotificationSettings(db, { actor }), { headers: { "Cache-Control": "no-store" } });
});

export const PATCH = apiRoute({ permission: "notifications.own", body: notificationSettingsSchema }, async ({ db, actor, body }) => {
  return Response.json(await setNotificationSettings(db, { actor, input: body }));
});
