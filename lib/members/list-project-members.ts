import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { projectMembers, users, type MemberRole } from "@/db/schema";

export type ProjectMemberListItem = {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
  isAdmin: boolean;
  disabledAt: Date | null;
  addedAt: Date;
};

export const listProjectMembersParams = z.object({ projectId: z.uuid() });

/** Members of a project, by email. An unknown project simply has none. */
export async function listProjectMembers(
  db: DbOrTx,
  params: z.input<typeof listProjectMembersParams>,
): Promise<ProjectMemberListItem[]> {
  const { projectId } = listProjectMembersParams.parse(params);
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: projectMembers.role,
      isAdmin: users.isAdmin,
      disabledAt: users.disabledAt,
      addedAt: projectMembers.createdAt,
    })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.email));
}
