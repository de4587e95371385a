import { guestDoorRoute } from "@/lib/api/guest-route";
import { clientNetworkOf } from "@/lib/auth/client-ip";
import { getEnv } from "@/lib/env";
import { unlockReviewLink, unlockReviewLinkInput } from "@/lib/review-links/guest-session";

/** Checks a link's passphrase: 204, 401 wrong, 429 past the limit (docs/review-links.md). */
export const POST = guestDoorRoute({ body: unlockReviewLinkInput }, async ({ req, db, body }) => {
  const clientKey = clientNetworkOf(req.headers, getEnv().AXIOM_TRUSTED_PROXY_HOPS);
  await unlockReviewLink(db, { token: body.token, passphrase: body.passphrase, clientKey });
  return new Response(null, { status: 204 });
});
