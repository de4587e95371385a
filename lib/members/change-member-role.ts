import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { projectMembers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import type { Actor } from "@/lib/auth/permissions";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { getMembershipForUpdateOrThrow, type ProjectMembership } from "./add-project-member";
import { memberRoleSchema } from "./schemas";

/** What the admin sends (`PATCH /api/admin/projects/:projectId/members/:userId`); parsed at the edge. */
export const changeMemberRoleInput = z.object({ role: memberRoleSchema });
export type ChangeMemberRoleParams = z.output<typeof changeMemberRoleInput> & { actor: Actor | null; projectId: string; userId: string };

/** Changes a member's role. Throws `not_found`. The same role again changes and records nothing. */
export async function changeMemberRole(db: DbOrTx, input: ChangeMemberRoleParams): Promise<ProjectMembership> {
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
    await appendEvent(tx, {
      type: "member.role_changed",
      projectId: project.id,
      actorId: input.actor?.id ?? null,
      payload: { userId: input.userId, from: member.role, to: input.role },
    });
    return result;
  });
}
