import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { projects, type Project } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { projectCodeSchema, projectNameSchema } from "./schemas";

/** What the admin sends (`POST /api/admin/projects`, the create-project form); parsed at the edge. */
export const createProjectInput = z.object({ name: projectNameSchema, code: projectCodeSchema });
export type CreateProjectParams = z.output<typeof createProjectInput> & { actor: Actor | null };

/** Creates a project. Throws `conflict` (field `code`) when the code is taken. */
export async function createProject(db: DbOrTx, input: CreateProjectParams): Promise<Project> {
  return db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const [taken] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.code, input.code)).limit(1);
    if (taken) throw codeTaken(input.code);
    const [project] = await tx
      .insert(projects)
      .values({ name: input.name, code: input.code })
      .onConflictDoNothing({ target: projects.code })
      .returning();
    if (!project) throw codeTaken(input.code);
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "project.created",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      data: { name: project.name, code: project.code },
    });
    return project;
  });
}

const codeTaken = (code: string) =>
  new AppError("conflict", `code: a project with the code ${code} already exists`, { field: "code" });
