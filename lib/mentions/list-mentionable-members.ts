import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projectMembers, users } from "@/db/schema";
import type { MentionableMembersAnswer } from "./mentionable-members.types";

/**
 * The project's members who can be @mentioned (not disabled), by name: what the composer offers.
 * The caller has been checked for `project.view` (every member may see who else is in the project).
 */
export async function listMentionableMembers(
  db: DbOrTx,
  params: { projectId: string },
): Promise<MentionableMembersAnswer> {
  const members = await db
    .select({ userId: users.id, name: users.name })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, params.projectId), isNull(users.disabledAt)))
    .orderBy(asc(users.name), asc(users.id));
  return { members };
}
