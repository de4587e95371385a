import { pageOf } from "@/lib/api/pagination";
import { apiRoute } from "@/lib/api/route";
import { V1, v1RouteConfig } from "@/lib/api/v1/operations";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";

/** The caller's own tokens, newest first (docs/api.md). */
export const GET = apiRoute(v1RouteConfig(V1.listTokens), async ({ db, actor, filters }) => {
  const tokens = await listApiTokens(db, { actor });
  const page = pageOf(tokens, filters, (t) => [-Date.parse(t.createdAt), t.id]);
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});

/** A new token for the signed-in user: the secret is in this answer only. */
export const POST = apiRoute(v1RouteConfig(V1.createToken), async ({ db, actor, body }) => {
  const created = await createApiToken(db, { actor, ...body });
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
