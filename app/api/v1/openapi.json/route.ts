import { getOpenApiDocument } from "@/lib/api/v1/openapi";

/**
 * The OpenAPI 3.1 document of /api/v1, built from the operations' zod schemas (lib/api/v1). Public,
 * like any API's reference: it names routes and shapes, never data.
 */
export function GET(): Response {
  return Response.json(getOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
