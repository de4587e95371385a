import { guestRoute, guestLinkParams } from "@/lib/api/guest-route";
import { uuidParam } from "@/lib/api/params";
import { getGuestVersion } from "@/lib/review-links/guest-share";

/** A shared version's player facts and guest media URLs; 404 for a version outside the share. */
export const GET = guestRoute({ params: guestLinkParams.extend({ versionId: uuidParam }) }, async ({ db, session, params }) =>
  Response.json(await getGuestVersion(db, session, params.versionId.toLowerCase()), { headers: { "Cache-Control": "no-store" } }),
);
