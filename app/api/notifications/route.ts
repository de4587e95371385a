import { apiRoute } from "@/lib/api/route";
import { listNotifications } from "@/lib/notifications/list-notifications";

/** The caller's inbox (newest 50) with the unread count. */
export const GET = apiRoute({ permission: "notifications.own" }, async ({ db, actor }) => {
  const answer = await listNotifications(db, { actor });
  return Response.json(answer, { headers: { "Cache-Control": "no-store" } });
});
