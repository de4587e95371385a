import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { getEnv } from "@/lib/env";
import { errorResponse } from "./error-response";
import { parseJsonObject } from "./route";
import { API_BODY_MAX_BYTES, readBodyTextWithLimit } from "./read-body";
import { assertJsonContentType, assertNoBodyWithoutContentType, assertSameOrigin } from "./request-guards";

/**
 * The edge of the few JSON routes anyone may call without a session (forgot password, set a
 * password from a link: docs/security.md, "Account e-mails"). The same guards as `apiRoute`
 * (same origin, JSON, size) and the same error shape; no session, so no permission: each is a
 * public row of tests/authorization-matrix.int.test.ts and protects itself (rate limit, token).
 */
export function publicJsonPost<B extends z.ZodType>(
  body: B,
  handler: (input: { req: Request; db: Db; body: z.infer<B> }) => Promise<Response>,
): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      assertSameOrigin(req, { publicUrl: getEnv().NEXTAUTH_URL });
      assertJsonContentType(req);
      const text = await readBodyTextWithLimit(req, API_BODY_MAX_BYTES);
      assertNoBodyWithoutContentType(req, text);
      const parsed = body.parse(parseJsonObject(text));
      return await handler({ req, db: getDb(), body: parsed });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
