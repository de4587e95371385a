import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projectMembers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import type { Actor } from "@/lib/auth/permissions";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { getMembershipForUpdateOrThrow } from "./add-project-member";

export type RemoveProjectMemberParams = { actor: Actor | null; projectId: string; userId: string };

/** Removes a user from a project. Their comments and uploads stay. Throws `not_found`. */
export async function removeProjectMember(db: DbOrTx, input: RemoveProjectMemberParams): Promise<void> {
  await db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const project = await getProjectOrThrow(tx, input.projectId);
    const member = await getMembershipForUpdateOrThrow(tx, project.id, input.userId);
    await tx
      .delete(projectMembers)
      .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, input.userId)));
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "project.member_removed",
      entityType: "project_member",
      entityId: input.userId,
      projectId: project.id,
      data: { email: member.email, role: member.role },
    });
    await appendEvent(tx, {
      type: "member.removed",
      projectId: project.id,
      actorId: input.actor?.id ?? null,
      payload: { userId: input.userId, role: member.role },
    });
  });
}
