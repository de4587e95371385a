import "server-only";
import { notFound } from "next/navigation";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";
import { AppError } from "@/lib/errors";
import { uuidParam } from "./params";

/**
 * The one guard pages put around the ids in their URL: what `load` finds for them, or Next's 404
 * page when an id is not a UUID, when `load` finds nothing (null or false), or when it throws
 * `not_found` or `forbidden` — all alike on purpose, as the API answers a non-member: whether an
 * object exists must not show. Any other error is a real failure and propagates.
 */
export async function loadForPageOrNotFound<Ids extends Record<string, string>, T>(
  ids: Ids,
  load: (ids: Ids) => Promise<T | null | false>,
): Promise<T> {
  if (!Object.values(ids).every(isUuid)) notFound();
  let found: T | null | false;
  try {
    found = await load(ids);
  } catch (err) {
    if (err instanceof AppError && (err.code === "not_found" || err.code === "forbidden")) notFound();
    throw err;
  }
  if (found === null || found === false) notFound();
  return found;
}

/** For pages: the caller's access to the project (a non-member, like an unknown id, gets the 404 page). */
export async function getProjectAccessForPage(
  db: Db,
  user: SessionUser,
  projectId: string,
  permission: Permission = "project.view",
): Promise<ProjectAccess> {
  return loadForPageOrNotFound({ projectId }, (ids) => authorizeProjectOrThrow(db, user, ids.projectId, permission));
}

/** Whether a query-string value is an id (`?compare=<versionId>`): anything else is ignored. */
export function isUuid(value: unknown): value is string {
  return uuidParam.safeParse(value).success;
}
