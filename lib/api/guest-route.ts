import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { getEnv } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { guestSecretOf } from "@/lib/review-links/guest-cookie";
import { requireGuestSession, type GuestSession } from "@/lib/review-links/guest-session";
import { errorResponse } from "./error-response";
import { uuidParam } from "./params";
import { parseJsonObject } from "./route";
import { API_BODY_MAX_BYTES, readBodyTextWithLimit } from "./read-body";
import { assertJsonContentType, assertNoBodyWithoutContentType, assertSameOrigin, isMutation } from "./request-guards";

type ParamsCtx = { params: Promise<Record<string, string | string[]>> };

/** What a guest route needs from the outside world: the app's database, or a test's. */
export type GuestRouteDeps = { db: Db; publicUrl?: string };

export type GuestRouteHandler = ((req: Request, ctx: ParamsCtx) => Promise<Response>) & {
  withDeps: (deps: GuestRouteDeps) => (req: Request, ctx: ParamsCtx) => Promise<Response>;
};

/** Every guest session route sits under `/api/guest/links/[linkId]`. */
export const guestLinkParams = z.object({ linkId: uuidParam });

/**
 * The edge of the guest API (`/api/guest/links/:linkId/…`, docs/review-links.md): the twin of
 * `apiRoute` for review links' guests, who have no account. The caller is the guest session the
 * `axiom_guest` cookie names — never a next-auth session, which this edge does not read, so a
 * member's cookie opens nothing here and a guest's opens nothing elsewhere. On every request:
 * the session is looked up, its link checked live (revoked 404, expired 410) and matched with the
 * link in the path (another link's session: 401). Mutations are same-origin JSON as everywhere.
 * What the session may see (the version is inside the share, comments allowed…) is the domain
 * function's to check.
 */
export function guestRoute<P extends z.ZodType = typeof guestLinkParams, B extends z.ZodType = z.ZodUndefined>(
  config: { params?: P; body?: B },
  handler: (input: { req: Request; db: Db; session: GuestSession; params: z.infer<P>; body: z.infer<B> }) => Promise<Response>,
): GuestRouteHandler {
  const withDeps = (deps: GuestRouteDeps | (() => GuestRouteDeps)) => async (req: Request, ctx: ParamsCtx): Promise<Response> => {
    try {
      const { db, publicUrl } = typeof deps === "function" ? deps() : deps;
      let bodyText = "";
      if (isMutation(req)) {
        assertSameOrigin(req, { publicUrl });
        assertJsonContentType(req);
        bodyText = await readBodyTextWithLimit(req, API_BODY_MAX_BYTES);
        assertNoBodyWithoutContentType(req, bodyText);
      }
      const schema = (config.params ?? guestLinkParams) as z.ZodType;
      const parsed = schema.safeParse(await ctx.params);
      if (!parsed.success) throw notFound();
      const params = parsed.data as z.infer<P> & { linkId: string };
      const session = await requireGuestSession(db, guestSecretOf(req));
      if (session.link.id !== params.linkId.toLowerCase()) throw new AppError("unauthenticated", "Open the review link again.");
      const body = (config.body ? config.body.parse(parseJsonObject(bodyText)) : undefined) as z.infer<B>;
      return await handler({ req, db, session, params, body });
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(
    withDeps(() => ({ db: getDb(), publicUrl: getEnv().NEXTAUTH_URL })),
    { withDeps },
  );
}

/**
 * The edge of the guest API's doors, called before there is a session (`/api/guest/tokens/:token`,
 * `/api/guest/unlock`, `/api/guest/sessions`): the same guards as `publicJsonPost`, for GET too, with
 * the token as the credential. Each protects itself (the link check, the passphrase's rate limit).
 */
export function guestDoorRoute<P extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
  config: { params?: P; body?: B },
  handler: (input: { req: Request; db: Db; params: z.infer<P>; body: z.infer<B>; publicUrl: string | undefined }) => Promise<Response>,
): GuestRouteHandler {
  const withDeps = (deps: GuestRouteDeps | (() => GuestRouteDeps)) => async (req: Request, ctx: ParamsCtx): Promise<Response> => {
    try {
      const { db, publicUrl } = typeof deps === "function" ? deps() : deps;
      let bodyText = "";
      if (isMutation(req)) {
        assertSameOrigin(req, { publicUrl });
        assertJsonContentType(req);
        bodyText = await readBodyTextWithLimit(req, API_BODY_MAX_BYTES);
        assertNoBodyWithoutContentType(req, bodyText);
      }
      let params = undefined as z.infer<P>;
      if (config.params) {
        const parsed = config.params.safeParse(await ctx.params);
        if (!parsed.success) throw notFound();
        params = parsed.data as z.infer<P>;
      }
      const body = (config.body ? config.body.parse(parseJsonObject(bodyText)) : undefined) as z.infer<B>;
      return await handler({ req, db, params, body, publicUrl });
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(
    withDeps(() => ({ db: getDb(), publicUrl: getEnv().NEXTAUTH_URL })),
    { withDeps },
  );
}
