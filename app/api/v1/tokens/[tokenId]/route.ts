import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { revokeApiToken } from "@/lib/tokens/revoke-api-token";

/** Revokes one of the caller's own tokens (another user's answers 404, like an unknown one). */
export const DELETE = apiRoute(v1RouteConfig(V1.revokeToken), async ({ db, actor, params }) => {
  const token = await revokeApiToken(db, { actor, tokenId: params.tokenId });
  return Response.json({ token });
});
