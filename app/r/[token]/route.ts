import { getDb } from "@/db";
import { AppError } from "@/lib/errors";
import { findLiveReviewLinkOrThrow } from "@/lib/review-links/find-live-review-link";
import { linkEndedPage } from "@/lib/review-links/link-ended-page";

/**
 * A review link as shared (`/r/<token>`, docs/review-links.md): 404 when unknown or revoked, 410
 * when expired — in the status line — else a 303 to the guest page. Outside the signed-in
 * layout: no session is read. The token is the credential; its checks are the guest doors'.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  try {
    await findLiveReviewLinkOrThrow(getDb(), token);
  } catch (err) {
    if (err instanceof AppError && (err.code === "not_found" || err.code === "gone")) return linkEndedPage(err.code === "gone" ? 410 : 404);
    throw err;
  }
  return new Response(null, { status: 303, headers: { Location: `/r/${encodeURIComponent(token)}/watch`, "Cache-Control": "no-store" } });
}
