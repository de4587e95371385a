import "server-only";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { actorOf, type Actor, type Permission } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";
import { AppError, notFound, publicErrorOf, toAppError } from "@/lib/errors";
import { defaultRouteDeps, resolveDeps, type RouteDeps } from "./route";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

type ActionConfig<I extends z.ZodType> = {
  permission: Permission;
  input: I;
  project?: (input: { db: Db; input: z.infer<I> }) => Promise<string | null>;
};

export type ServerActionHandler<T> = ((raw: unknown) => Promise<ActionResult<T>>) & {
  /** The same action against another database and session source (integration tests). */
  withDeps: (deps: RouteDeps) => (raw: unknown) => Promise<ActionResult<T>>;
};

/**
 * The thin edge for server actions, twin of `apiRoute`: authenticate, parse the input with zod,
 * authorise, run, and return a result the form can show (server actions cannot carry HTTP
 * statuses). Admin-only actions (no `project`) refuse non-admins before looking at the input.
 */
export function serverAction<I extends z.ZodType, T>(
  config: ActionConfig<I>,
  handler: (ctx: { db: Db; actor: Actor; input: z.infer<I>; access: ProjectAccess | null }) => Promise<T>,
): ServerActionHandler<T> {
  const withDeps = (deps: RouteDeps | (() => RouteDeps)) => async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const { db, readSession } = resolveDeps(deps);
      const user = await getSessionUser(readSession, db);
      if (!user) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
      const actor = actorOf(user);
      if (!config.project && !actor.isAdmin) throw new AppError("forbidden", "Only admins can do this.");
      // A project action needs the input to know its project; a malformed one names none.
      const input = config.input.parse(raw);
      let access: ProjectAccess | null = null;
      if (config.project) {
        const projectId = await config.project({ db, input });
        if (!projectId) throw notFound();
        access = await authorizeProjectOrThrow(db, actor, projectId, config.permission);
      }
      return { ok: true, data: await handler({ db, actor, input, access }) };
    } catch (err) {
      const appError = toAppError(err);
      // As errorResponse: a 5xx's detail is logged, the form gets a fixed sentence.
      if (appError.status >= 500) console.error(appError.cause ?? appError);
      return { ok: false, error: publicErrorOf(appError) };
    }
  };
  return Object.assign(withDeps(defaultRouteDeps), { withDeps });
}
