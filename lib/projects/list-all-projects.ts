import { asc, count, eq, getTableColumns } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projectMembers, projects, type Project } from "@/db/schema";

export type AdminProjectListItem = Project & { memberCount: number };

/** Every project, archived ones included, with its member count (admin screens). */
export async function listAllProjects(db: DbOrTx): Promise<AdminProjectListItem[]> {
  return db
    .select({ ...getTableColumns(projects), memberCount: count(projectMembers.userId) })
    .from(projects)
    .leftJoin(projectMembers, eq(projectMembers.projectId, projects.id))
    .groupBy(projects.id)
    .orderBy(asc(projects.code));
}
