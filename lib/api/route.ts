import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { readNextAuthSession, requireApiUser, type SessionReader } from "@/lib/auth/session";
import { actorOf, isPersonalPermission, type Actor, type Permission } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";
import { getEnv } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { authenticateApiToken } from "@/lib/tokens/authenticate-api-token";
import { errorResponse } from "./error-response";
import { API_BODY_MAX_BYTES, readBodyTextWithLimit } from "./read-body";
import { assertJsonContentType, assertNoBodyWithoutContentType, assertSameOrigin, isMutation } from "./request-guards";

type ParamsCtx = { params: Promise<Record<string, string | string[]>> };

type RouteInput<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType, F extends z.ZodType = z.ZodUndefined> = {
  req: Request;
  db: Db;
  /** The signed-in caller, in the one shape every domain function takes. */
  actor: Actor;
  params: z.infer<P>;
  body: z.infer<B>;
  query: z.infer<Q>;
  /** The app's public URL (NEXTAUTH_URL), for routes that write absolute links; unset: the request's origin. */
  publicUrl: string | undefined;
  filters: z.output<F>;
};

/**
 * How a route authenticates its caller (docs/api.md, "Authentication"):
 * - `session`: the next-auth cookie (the UI's /api routes). A `Bearer` token is refused (401).
 * - `token`: `Authorization: Bearer axm_…` only (/api/v1); without one, 401 whatever the cookies.
 * - `session-or-token`: either (/api/v1's token management, which the settings page uses).
 *
 * A request that carries a bearer token is a token request: its cookies are never read, so no
 * other page's cookie can lend it rights, and it skips the same-origin check, which guards
 * cookies (a cross-site page cannot set an Authorization header without a CORS preflight, which
 * AXIOM never grants). Either way the user is reloaded per request: disabled means refused.
 */
export type AuthMode = "session" | "token" | "session-or-token";

type RouteConfig<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType, F extends z.ZodType = z.ZodUndefined> = {
  /**
   * The permission this route needs. Checked against the project `project()` resolves to; without
   * a project, a personal permission (every signed-in user) or else an admin-only one.
   */
  permission: Permission;
  /** Default `session`. */
  auth?: AuthMode;
  params?: P;
  body?: B;
  /**
   * The query string (one value per name), for routes whose object is named there rather than in
   * the path (`/api/events/stream?project=…`). Parsed like params, before authorisation, and a
   * failure answers 404 like a malformed path id: it names nothing that exists.
   */
  query?: Q;
  /**
   * The query string of a list (filters, `cursor`, `limit`): parsed after authorisation like a
   * body, so a bad value is a 422 naming the field, not the 404 of an object that does not exist.
   */
  filters?: F;
  /**
   * The project that owns the object the request is about (null: the object does not exist,
   * answered 404). Admin-only and personal permissions (the caller's own inbox) leave this out. It sees the params
   * only: the body is read after authorisation, so it cannot decide whom to authorise.
   */
  project?: (input: { db: Db; params: z.infer<P>; query: z.infer<Q> }) => Promise<string | null>;
};

/**
 * What a route needs from the outside world. The app uses the defaults; tests pass their own.
 * `publicUrl` (NEXTAUTH_URL) is one more origin mutations may come from (lib/api/request-guards.ts).
 */
export type RouteDeps = { db: Db; readSession: SessionReader; publicUrl?: string };

export type ApiRouteHandler = ((req: Request, ctx: ParamsCtx) => Promise<Response>) & {
  /** The same route against another database and session source (integration tests). */
  withDeps: (deps: RouteDeps) => (req: Request, ctx: ParamsCtx) => Promise<Response>;
};

/**
 * The thin edge for JSON route handlers: authenticate, parse params, authorise against the one
 * permission table, then parse the body with zod, call the handler, and map every error to
 * `{ error: { code, message } }` with its status.
 *
 * Authorisation comes before the body on purpose: a non-member learns "404" and a member
 * without the permission "403" whatever they send, never a 422 that shows the route would have
 * accepted a better body.
 *
 * Before the session is even looked at, a mutation must come from AXIOM's own origin (403
 * `forbidden_origin`), be JSON (415) and fit in API_BODY_MAX_BYTES (413, counted while
 * streaming): these say nothing about the route, and refusing them first keeps an anonymous
 * client from making the server buffer or authenticate anything. The bytes are read there;
 * they are parsed and validated only after authorisation.
 */
export function apiRoute<
  P extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  F extends z.ZodType = z.ZodUndefined,
>(
  config: RouteConfig<P, B, Q, F>,
  handler: (input: RouteInput<P, B, Q, F> & { access: ProjectAccess | null }) => Promise<Response>,
): ApiRouteHandler {
  const withDeps = (deps: RouteDeps | (() => RouteDeps)) => async (req: Request, ctx: ParamsCtx): Promise<Response> => {
    try {
      // Resolved per request: `next build` imports routes without a database to point at.
      const { db, readSession, publicUrl } = resolveDeps(deps);
      const auth = config.auth ?? "session";
      const bearer = bearerTokenOf(req);
      if (bearer !== null && auth === "session") {
        throw new AppError("unauthenticated", "This route takes a signed-in session, not an API token.");
      }
      if (bearer === null && auth === "token") {
        throw new AppError("unauthenticated", "Send an API token: Authorization: Bearer axm_…");
      }
      let bodyText = "";
      if (isMutation(req)) {
        if (bearer === null) assertSameOrigin(req, { publicUrl });
        assertJsonContentType(req);
        bodyText = await readBodyTextWithLimit(req, API_BODY_MAX_BYTES);
        assertNoBodyWithoutContentType(req, bodyText);
      }
      const actor = actorOf(bearer === null ? await requireApiUser(readSession, db) : await requireTokenUser(db, bearer));
      const rawParams = await ctx.params;
      const params = (config.params ? parseParams(config.params, rawParams) : undefined) as z.infer<P>;
      const query = (config.query ? parseParams(config.query, Object.fromEntries(new URL(req.url).searchParams)) : undefined) as z.infer<Q>;
      let access: ProjectAccess | null = null;
      if (config.project) {
        const projectId = await config.project({ db, params, query });
        // Worded as authorizeProjectOrThrow words a non-member: an id's existence must not show.
        if (!projectId) throw notFound("Project not found");
        access = await authorizeProjectOrThrow(db, actor, projectId, config.permission);
      } else if (!actor.isAdmin && !isPersonalPermission(config.permission)) {
        throw new AppError("forbidden", "Only admins can do this.");
      }
      const body = (config.body ? config.body.parse(parseJsonObject(bodyText)) : undefined) as z.infer<B>;
      const filters = (config.filters ? config.filters.parse(Object.fromEntries(new URL(req.url).searchParams)) : undefined) as z.output<F>;
      return await handler({ req, db, actor, params, body, query, filters, access, publicUrl });
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(withDeps(defaultRouteDeps), { withDeps });
}

/** The app's own database and next-auth session: what `apiRoute` and `serverAction` use unless a test passes others. */
export function defaultRouteDeps(): RouteDeps {
  return { db: getDb(), readSession: readNextAuthSession, publicUrl: getEnv().NEXTAUTH_URL };
}

/** The deps themselves, or those a factory gives (called per request: see `defaultRouteDeps`). */
export function resolveDeps(deps: RouteDeps | (() => RouteDeps)): RouteDeps {
  return typeof deps === "function" ? deps() : deps;
}

/**
 * The token of an `Authorization: Bearer …` header, or null when the request has none. Another
 * scheme (say `Basic` from a reverse proxy's own login) is not a token and is ignored.
 */
function bearerTokenOf(req: Request): string | null {
  const match = /^\s*Bearer(?:\s+(.*))?$/i.exec(req.headers.get("authorization") ?? "");
  // A malformed `Bearer` header is still a token request (refused as invalid), never a cookie one.
  return match ? (match[1] ?? "").trim() : null;
}

async function requireTokenUser(db: Db, token: string) {
  const user = await authenticateApiToken(db, token);
  if (!user) throw new AppError("unauthenticated", "This API token is invalid, expired or revoked.");
  return user;
}

function parseParams<P extends z.ZodType>(schema: P, raw: unknown): z.infer<P> {
  const result = schema.safeParse(raw);
  // A malformed id names nothing that exists: 404, like an unknown one.
  if (!result.success) throw notFound();
  return result.data;
}

/**
 * The request body as a JSON object (an empty body is `{}`). Every body of this API is an
 * object, so `null`, arrays and bare values are refused here with a message that says so,
 * rather than by a schema error that names no field.
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("validation_failed", "body: not valid JSON", { field: "body" });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AppError("validation_failed", "body: must be a JSON object", { field: "body" });
  }
  return value as Record<string, unknown>;
}
