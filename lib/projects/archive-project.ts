import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projects, type Project } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import type { Actor } from "@/lib/auth/permissions";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { getProjectOrThrow } from "./get-project-or-throw";

export type SetProjectArchivedParams = { actor: Actor | null; projectId: string; archived: boolean };

/**
 * Archives (read-only for everyone, hidden from members' lists) or unarchives a project.
 * Throws `not_found`. Asking for the state it is already in changes nothing and records nothing.
 */
export async function setProjectArchived(db: DbOrTx, input: SetProjectArchivedParams): Promise<Project> {
  return db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const current = await getProjectOrThrow(tx, input.projectId, { forUpdate: true });
    if (Boolean(current.archivedAt) === input.archived) return current;
    const [updated] = await tx
      .update(projects)
      .set({ archivedAt: input.archived ? new Date() : null })
      .where(eq(projects.id, current.id))
      .returning();
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: input.archived ? "project.archived" : "project.unarchived",
      entityType: "project",
      entityId: current.id,
      projectId: current.id,
    });
    await appendEvent(tx, {
      type: input.archived ? "project.archived" : "project.unarchived",
      projectId: current.id,
      actorId: input.actor?.id ?? null,
      payload: {},
    });
    return updated ?? current;
  });
}

export function archiveProject(db: DbOrTx, params: Omit<SetProjectArchivedParams, "archived">): Promise<Project> {
  return setProjectArchived(db, { ...params, archived: true });
}

export function unarchiveProject(db: DbOrTx, params: Omit<SetProjectArchivedParams, "archived">): Promise<Project> {
  return setProjectArchived(db, { ...params, archived: false });
}
