import type { DbOrTx } from "@/db/client";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { authorizeProjectOrThrow, findProjectIdOfVersion, type ProjectAccess } from "@/lib/projects/authorize-project";

/**
 * Authorises `actor` for `permission` on the project owning a version, or throws:
 * `not_found` for an unknown version or a non-member (alike), `forbidden` for a member without
 * the permission, `conflict` for a write on an archived project.
 */
export async function authorizeVersionOrThrow(
  db: DbOrTx,
  actor: Actor,
  versionId: string,
  permission: Permission,
): Promise<ProjectAccess> {
  const projectId = await findProjectIdOfVersion(db, versionId);
  // Same message as a non-member gets: whether the id exists must not show.
  if (!projectId) throw notFound("Project not found");
  return authorizeProjectOrThrow(db, actor, projectId, permission);
}
