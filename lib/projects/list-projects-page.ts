import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { MEMBER_ROLES } from "@/db/enums";
import { pageOf, type Page, type PageQuery } from "@/lib/api/pagination";
import type { Actor } from "@/lib/auth/permissions";
import { listProjectsForUser } from "./list-projects-for-user";

/** `GET /api/v1/projects` filters: `code` finds one project by its production code (case-insensitive). */
export const projectListFilters = z.object({
  code: z.string().trim().min(1).max(64).optional().meta({ description: "A production code, e.g. DEMO (case-insensitive)." }),
});

export const projectListItemSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    code: z.string(),
    /** The caller's role; null for an admin who is not a member. */
    role: z.enum(MEMBER_ROLES).nullable(),
    archivedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Project" });
export type ProjectListItemJson = z.infer<typeof projectListItemSchema>;

/** The projects the actor can open (as the home page lists them), by name, one page at a time. */
export async function listProjectsPage(
  db: DbOrTx,
  input: { actor: Actor; filters: z.output<typeof projectListFilters>; page: PageQuery },
): Promise<Page<ProjectListItemJson>> {
  const code = input.filters.code?.toUpperCase();
  const projects = (await listProjectsForUser(db, input.actor)).filter((p) => code === undefined || p.code.toUpperCase() === code);
  const page = pageOf(projects, input.page, (p) => [p.name, p.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((p) => ({
      id: p.id,
      name: p.name,
      code: p.code,
      role: p.role,
      archivedAt: p.archivedAt?.toISOString() ?? null,
      createdAt: p.createdAt.toISOString(),
    })),
  };
}
