import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeProjectOrThrow, type ProjectAccess } from "@/lib/projects/authorize-project";
import { AppError } from "@/lib/errors";

/**
 * For pages: the caller's access to the project, or Next's 404 page when the project does not
 * exist, the id is malformed or the caller is not a member (indistinguishable on purpose).
 */
export async function getProjectAccessForPage(
  db: Db,
  user: SessionUser,
  projectId: string | null,
  permission: Permission = "project.view",
): Promise<ProjectAccess> {
  if (!projectId || !z.string().uuid().safeParse(projectId).success) notFound();
  try {
    return await authorizeProjectOrThrow(db, user, projectId, permission);
  } catch (err) {
    if (err instanceof AppError && (err.code === "not_found" || err.code === "forbidden")) notFound();
    throw err;
  }
}
