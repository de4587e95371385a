import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { Project } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import { setProjectArchived } from "./archive-project";
import { getProjectOrThrow } from "./get-project-or-throw";
import { renameProject } from "./rename-project";
import { projectNameSchema } from "./schemas";

/** The body of `PATCH /api/admin/projects/:projectId` (parsed by the route): a change, not an empty one. */
export const updateProjectInput = z
  .object({ name: projectNameSchema.optional(), archived: z.boolean().optional() })
  .refine((p) => p.name !== undefined || p.archived !== undefined, { message: "give name or archived", path: ["name"] });
export type UpdateProjectParams = z.output<typeof updateProjectInput> & { actor: Actor | null; projectId: string };

/**
 * Renames and/or archives (or unarchives) a project in one transaction: both changes and their
 * audit events commit together or not at all. Each step is the single-change function run
 * inside this transaction, so the rules (admin actor, no-op without event) stay in one place.
 * Throws `not_found`.
 */
export async function updateProject(db: DbOrTx, params: UpdateProjectParams): Promise<Project> {
  const { actor, projectId, name, archived } = params;
  return db.transaction(async (tx) => {
    const renamed = name !== undefined ? await renameProject(tx, { actor, projectId, name }) : null;
    if (archived !== undefined) return setProjectArchived(tx, { actor, projectId, archived });
    if (renamed) return renamed;
    // Neither (the route refuses such a body): nothing changes; the caller still has to be an admin.
    await assertAdminActorOrThrow(tx, actor);
    return getProjectOrThrow(tx, projectId);
  });
}
