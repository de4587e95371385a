import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { projectMembers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { adminActorSchema } from "@/lib/users/schemas";
import { getMembershipForUpdateOrThrow, type ProjectMembership } from "./add-project-member";
import { memberRoleSchema } from "./schemas";

export const changeMemberRoleParams = z.object({
  actor: adminActorSchema,
  projectId: z.uuid(),
  userId: z.uuid(),
  role: memberRoleSchema,
});
export type ChangeMemberRoleParams = z.input<typeof changeMemberRoleParams>;

/** Changes a member's role. Throws `not_found`. The same role again changes and records nothing. */
export async function changeMemberRole(db: DbOrTx, params: ChangeMemberRoleParams): Promise<ProjectMembership> {
  const input = changeMemberRoleParams.parse(params);
  return db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const project = await getProjectOrThrow(tx, input.projectId);
    const member = await getMembershipForUpdateOrThrow(tx, project.id, input.userId);
    const result = { projectId: project.id, userId: input.userId, role: input.role };
    if (member.role === input.role) return result;
    await tx
      .update(projectMembers)
      .set({ role: input.role })
      .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, input.userId)));
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "project.member_role_changed",
      entityType: "project_member",
      entityId: input.userId,
      projectId: project.id,
      data: { email: member.email, from: member.role, to: input.role },
    });
    return result;
  });
}
