import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projectMembers, projects, type MemberRole, type Project } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";

export type ProjectListItem = Project & { role: MemberRole | null };

/**
 * Projects the actor can open: members see their active projects; admins see every project,
 * archived ones included (marked), with their own role if they are also a member.
 */
export async function listProjectsForUser(db: DbOrTx, actor: Actor): Promise<ProjectListItem[]> {
  const rows = await db
    .select({ project: projects, role: projectMembers.role })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.id)))
    .where(actor.isAdmin ? undefined : and(isNull(projects.archivedAt), isNotNull(projectMembers.role)))
    .orderBy(asc(projects.name));
  return rows.map((r) => ({ ...r.project, role: r.role }));
}
