import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { requireApiUser, type SessionUser } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";
import { AppError, notFound } from "@/lib/errors";
import { errorResponse } from "./error-response";

type ParamsCtx = { params: Promise<Record<string, string | string[]>> };

type RouteInput<P extends z.ZodType, B extends z.ZodType> = {
  req: Request;
  db: Db;
  user: SessionUser;
  params: z.infer<P>;
  body: z.infer<B>;
};

type RouteConfig<P extends z.ZodType, B extends z.ZodType> = {
  /** The permission this route needs. Checked against the project `project()` resolves to. */
  permission: Permission;
  params?: P;
  body?: B;
  /**
   * The project that owns the object the request is about (null: the object does not exist,
   * answered 404). Admin-only permissions without a project leave this out.
   */
  project?: (input: { db: Db; params: z.infer<P>; body: z.infer<B> }) => Promise<string | null>;
};

/**
 * The thin edge for JSON route handlers: authenticate, parse params and body with zod,
 * authorise against the one permission table, call the handler, map every error to
 * `{ error: { code, message } }` with its status.
 */
export function apiRoute<P extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
  config: RouteConfig<P, B>,
  handler: (input: RouteInput<P, B> & { access: ProjectAccess | null }) => Promise<Response>,
) {
  return async (req: Request, ctx: ParamsCtx): Promise<Response> => {
    try {
      const user = await requireApiUser();
      const db = getDb();
      const rawParams = await ctx.params;
      const params = (config.params ? parseParams(config.params, rawParams) : undefined) as z.infer<P>;
      const body = (config.body ? config.body.parse(await readJson(req)) : undefined) as z.infer<B>;
      let access: ProjectAccess | null = null;
      if (config.project) {
        const projectId = await config.project({ db, params, body });
        // Worded as authorizeProjectOrThrow words a non-member: an id's existence must not show.
        if (!projectId) throw notFound("Project not found");
        access = await authorizeProjectOrThrow(db, user, projectId, config.permission);
      } else if (!user.isAdmin) {
        throw new AppError("forbidden", "Only admins can do this.");
      }
      return await handler({ req, db, user, params, body, access });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

function parseParams<P extends z.ZodType>(schema: P, raw: unknown): z.infer<P> {
  const result = schema.safeParse(raw);
  // A malformed id names nothing that exists: 404, like an unknown one.
  if (!result.success) throw notFound();
  return result.data;
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation_failed", "Request body is not valid JSON");
  }
}

export const uuidParam = z.string().uuid();
