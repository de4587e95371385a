import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { projectMembers, users, type MemberRole } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { emailSchema } from "@/lib/users/schemas";
import { memberRoleSchema } from "./schemas";

/** What the admin sends (`POST /api/admin/projects/:projectId/members`, the members panel); parsed at the edge. */
export const addProjectMemberInput = z
  .object({
    // The user, by id (admin screen's picker) or by email (API clients).
    userId: z.uuid().optional(),
    email: emailSchema.optional(),
    role: memberRoleSchema,
  })
  .refine((p) => Boolean(p.userId) !== Boolean(p.email), {
    message: "give either userId or email",
    path: ["userId"],
  });
export type AddProjectMemberParams = z.output<typeof addProjectMemberInput> & { actor: Actor | null; projectId: string };

export type ProjectMembership = { projectId: string; userId: string; role: MemberRole };

/**
 * Adds a user to a project with a role.
 * Throws `not_found` for an unknown project or user, `conflict` when the user is already a
 * member (change their role instead) or is disabled.
 */
export async function addProjectMember(db: DbOrTx, input: AddProjectMemberParams): Promise<ProjectMembership> {
  return db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const project = await getProjectOrThrow(tx, input.projectId);
    const [user] = await tx
      .select({ id: users.id, email: users.email, disabledAt: users.disabledAt })
      .from(users)
      .where(input.userId ? eq(users.id, input.userId) : eq(users.email, input.email ?? ""))
      .limit(1);
    if (!user) throw notFound(input.email ? `No user with the email ${input.email}` : "User not found");
    if (user.disabledAt) throw new AppError("conflict", `${user.email} is disabled; enable them first.`);
    const [member] = await tx
      .insert(projectMembers)
      .values({ projectId: project.id, userId: user.id, role: input.role })
      .onConflictDoNothing()
      .returning();
    if (!member) {
      throw new AppError("conflict", `${user.email} is already a member of ${project.code}; change their role instead.`);
    }
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "project.member_added",
      entityType: "project_member",
      entityId: user.id,
      projectId: project.id,
      data: { email: user.email, role: member.role },
    });
    await appendEvent(tx, {
      type: "member.added",
      projectId: project.id,
      actorId: input.actor?.id ?? null,
      payload: { userId: user.id, role: member.role },
    });
    return { projectId: member.projectId, userId: member.userId, role: member.role };
  });
}

/** The membership row locked for update, or `not_found`. */
export async function getMembershipForUpdateOrThrow(tx: DbOrTx, projectId: string, userId: string) {
  const [member] = await tx
    .select({ role: projectMembers.role, email: users.email })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .for("update", { of: projectMembers })
    .limit(1);
  if (!member) throw notFound("That user is not a member of this project");
  return member;
}
