import { apiRoute } from "@/lib/api/route";
import { markNotificationsRead, markNotificationsReadInput } from "@/lib/notifications/mark-notifications-read";

/** Marks some (`{ids}`) or all (`{all: true}`) of the caller's entries read; answers the unread count. */
export const POST = apiRoute({ permission: "notifications.own", body: markNotificationsReadInput }, async ({ db, actor, body }) => {
  const answer = await markNotificationsRead(db, { actor, input: body });
  return Response.json(answer);
});
