import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";
import { AppError, notFound, toAppError } from "@/lib/errors";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

type ActionConfig<I extends z.ZodType> = {
  permission: Permission;
  input: I;
  project?: (input: { db: Db; input: z.infer<I> }) => Promise<string | null>;
};

/**
 * The thin edge for server actions, twin of `apiRoute`: parse the input with zod, authorise,
 * run, and return a result the form can show (server actions cannot carry HTTP statuses).
 */
export function serverAction<I extends z.ZodType, T>(
  config: ActionConfig<I>,
  handler: (ctx: { db: Db; user: SessionUser; input: z.infer<I>; access: ProjectAccess | null }) => Promise<T>,
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const user = await getSessionUser();
      if (!user) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
      const db = getDb();
      const input = config.input.parse(raw);
      let access: ProjectAccess | null = null;
      if (config.project) {
        const projectId = await config.project({ db, input });
        if (!projectId) throw notFound();
        access = await authorizeProjectOrThrow(db, user, projectId, config.permission);
      } else if (!user.isAdmin) {
        throw new AppError("forbidden", "Only admins can do this.");
      }
      return { ok: true, data: await handler({ db, user, input, access }) };
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status >= 500) console.error(appError.cause ?? appError);
      return { ok: false, error: { code: appError.code, message: appError.message } };
    }
  };
}
