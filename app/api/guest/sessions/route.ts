import { guestDoorRoute } from "@/lib/api/guest-route";
import { clientNetworkOf } from "@/lib/auth/client-ip";
import { getEnv } from "@/lib/env";
import { guestSessionCookie } from "@/lib/review-links/guest-cookie";
import { startGuestSession, startGuestSessionInput } from "@/lib/review-links/guest-session";

/** Opens a guest session (name, optional e-mail, the passphrase when the link has one) and sets its cookie. */
export const POST = guestDoorRoute({ body: startGuestSessionInput }, async ({ req, db, body, publicUrl }) => {
  const clientKey = clientNetworkOf(req.headers, getEnv().AXIOM_TRUSTED_PROXY_HOPS);
  const { secret, session } = await startGuestSession(db, { input: body, clientKey });
  const isSecure = new URL(publicUrl ?? req.url).protocol === "https:";
  const cookie = guestSessionCookie({ linkId: session.link.id, secret, expiresAt: session.link.expiresAt, isSecure });
  return Response.json({ linkId: session.link.id }, { status: 201, headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
});
