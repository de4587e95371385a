import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, comments, projectMembers, projects, versions, type MemberRole, type Project } from "@/db/schema";
import { can, describePermission, type Actor, type Permission } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";

export type ProjectAccess = { project: Project; role: MemberRole | null };

// Permissions that still work on an archived project (it becomes read-only).
const READ_ONLY_PERMISSIONS: ReadonlySet<Permission> = new Set([
  "project.view",
  "admin.projects",
  "version.download_proxy",
  "version.download_master",
]);

/**
 * Resolves the caller's access to a project or throws.
 * Not a member (and not admin), or no such project: `not_found`, exactly alike, so ids of
 * other projects' objects cannot be probed. A member without the permission: `forbidden`.
 */
export async function authorizeProjectOrThrow(
  db: DbOrTx,
  actor: Actor,
  projectId: string,
  permission: Permission,
): Promise<ProjectAccess> {
  const [row] = await db
    .select({ project: projects, role: projectMembers.role })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.id)))
    .where(eq(projects.id, projectId))
    .limit(1);
  if (!row || (!actor.isAdmin && row.role === null)) throw notFound("Project not found");
  if (!can(actor, row.role, permission)) throw new AppError("forbidden", describePermission(permission));
  if (row.project.archivedAt && !READ_ONLY_PERMISSIONS.has(permission)) {
    throw new AppError("conflict", "This project is archived and read-only.");
  }
  return { project: row.project, role: row.role };
}

/** Project owning an object, or null when the object does not exist. */
export async function findProjectIdOfAsset(db: DbOrTx, assetId: string): Promise<string | null> {
  const [row] = await db.select({ projectId: assets.projectId }).from(assets).where(eq(assets.id, assetId));
  return row?.projectId ?? null;
}

export async function findProjectIdOfVersion(db: DbOrTx, versionId: string): Promise<string | null> {
  const [row] = await db
    .select({ projectId: assets.projectId })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(eq(versions.id, versionId));
  return row?.projectId ?? null;
}

export async function findProjectIdOfComment(db: DbOrTx, commentId: string): Promise<string | null> {
  const [row] = await db
    .select({ projectId: assets.projectId })
    .from(comments)
    .innerJoin(versions, eq(versions.id, comments.versionId))
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(eq(comments.id, commentId));
  return row?.projectId ?? null;
}
