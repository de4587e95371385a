import { guestRoute } from "@/lib/api/guest-route";
import { getGuestShare } from "@/lib/review-links/guest-share";

/** The share as its guest sees it: the link's name and options, who they are, the shots in order. */
export const GET = guestRoute({}, async ({ db, session }) =>
  Response.json(await getGuestShare(db, session), { headers: { "Cache-Control": "no-store" } }),
);
