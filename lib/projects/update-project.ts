import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { Project } from "@/db/schema";
import { adminActorSchema } from "@/lib/users/schemas";
import { setProjectArchived } from "./archive-project";
import { renameProject } from "./rename-project";
import { projectNameSchema } from "./schemas";

export const updateProjectParams = z
  .object({
    actor: adminActorSchema,
    projectId: z.uuid(),
    name: projectNameSchema.optional(),
    archived: z.boolean().optional(),
  })
  .refine((p) => p.name !== undefined || p.archived !== undefined, { message: "give name or archived", path: ["name"] });
export type UpdateProjectParams = z.input<typeof updateProjectParams>;

/**
 * Renames and/or archives (or unarchives) a project in one transaction: both changes and their
 * audit events commit together or not at all. Each step is the single-change function run
 * inside this transaction, so the rules (admin actor, no-op without event) stay in one place.
 * Throws `not_found`.
 */
export async function updateProject(db: DbOrTx, params: UpdateProjectParams): Promise<Project> {
  const input = updateProjectParams.parse(params);
  return db.transaction(async (tx) => {
    const renamed =
      input.name !== undefined
        ? await renameProject(tx, { actor: input.actor, projectId: input.projectId, name: input.name })
        : null;
    // Without `archived` the schema's refine guarantees `name`, so `renamed` is set.
    if (input.archived === undefined) return renamed!;
    return setProjectArchived(tx, { actor: input.actor, projectId: input.projectId, archived: input.archived });
  });
}
