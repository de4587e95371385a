import { z } from "zod";
import { guestRoute, guestLinkParams } from "@/lib/api/guest-route";
import { uuidParam } from "@/lib/api/params";
import { getEnv } from "@/lib/env";
import { getGuestMediaFile } from "@/lib/review-links/guest-media";
import { getStorage } from "@/lib/storage";

/**
 * A derived file of a shared version for its guest: playlists and VTTs as text, segments and
 * images as a 302 to a presigned URL of at most REVIEW_LINK_MEDIA_URL_SECONDS (≤ 60 s). The link is
 * checked on every request and nothing may be cached longer than the URL lives, so a revoked link
 * stops an open page within a minute (docs/review-links.md).
 */
export const GET = guestRoute(
  { params: guestLinkParams.extend({ versionId: uuidParam, path: z.array(z.string()).min(1) }) },
  async ({ db, session, params }) => {
    const urlSeconds = getEnv().REVIEW_LINK_MEDIA_URL_SECONDS;
    const file = await getGuestMediaFile(db, getStorage(), { session, versionId: params.versionId.toLowerCase(), path: params.path, urlSeconds });
    if (file.kind === "text") {
      return new Response(file.body, {
        headers: { "Content-Type": file.contentType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
      });
    }
    return new Response(null, {
      status: 302,
      headers: { Location: file.url, "Cache-Control": `private, max-age=${Math.floor(file.expiresInSeconds / 2)}` },
    });
  },
);
