import { guestRoute, guestLinkParams } from "@/lib/api/guest-route";
import { uuidParam } from "@/lib/api/params";
import { presignGuestProxyDownload } from "@/lib/review-links/guest-download";
import { getStorage } from "@/lib/storage";

/** A 302 to a presigned GET of the shared version's proxy (never the master), when the link allows downloads; audited. */
export const GET = guestRoute({ params: guestLinkParams.extend({ versionId: uuidParam }) }, async ({ db, session, params }) => {
  const { url } = await presignGuestProxyDownload(db, getStorage(), { session, versionId: params.versionId.toLowerCase() });
  return new Response(null, { status: 302, headers: { Location: url, "Cache-Control": "no-store" } });
});
