import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projects, type Project } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { getProjectOrThrow } from "./get-project-or-throw";

/** `name` parsed at the edge with `projectNameSchema`. */
export type RenameProjectParams = { actor: Actor | null; projectId: string; name: string };

/** Renames a project (the code never changes). Throws `not_found`. Same name: no change, no event. */
export async function renameProject(db: DbOrTx, input: RenameProjectParams): Promise<Project> {
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
