import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { projects, type Project } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { adminActorSchema } from "@/lib/users/schemas";
import { getProjectOrThrow } from "./get-project-or-throw";
import { projectNameSchema } from "./schemas";

export const renameProjectParams = z.object({
  actor: adminActorSchema,
  projectId: z.uuid(),
  name: projectNameSchema,
});
export type RenameProjectParams = z.input<typeof renameProjectParams>;

/** Renames a project (the code never changes). Throws `not_found`. Same name: no change, no event. */
export async function renameProject(db: DbOrTx, params: RenameProjectParams): Promise<Project> {
  const input = renameProjectParams.parse(params);
  return db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const current = await getProjectOrThrow(tx, input.projectId, { forUpdate: true });
    if (current.name === input.name) return current;
    const [updated] = await tx.update(projects).set({ name: input.name }).where(eq(projects.id, current.id)).returning();
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "project.renamed",
      entityType: "project",
      entityId: current.id,
      projectId: current.id,
      data: { from: current.name, to: input.name },
    });
    return updated ?? current;
  });
}
