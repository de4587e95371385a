import { z } from "zod";
import { guestDoorRoute } from "@/lib/api/guest-route";
import { findLiveReviewLinkOrThrow } from "@/lib/review-links/find-live-review-link";

/**
 * What the guest page shows before a session: the link's id (its guest API's path), its name and
 * whether it asks a passphrase. 404 unknown or revoked, 410 expired. The token is the credential.
 */
export const GET = guestDoorRoute({ params: z.object({ token: z.string().max(100) }) }, async ({ db, params }) => {
  const link = await findLiveReviewLinkOrThrow(db, params.token);
  return Response.json(
    { linkId: link.id, name: link.name, requiresPassphrase: link.passphraseHash !== null },
    { headers: { "Cache-Control": "no-store" } },
  );
});
