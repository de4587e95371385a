import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projects, type Project } from "@/db/schema";
import { notFound } from "@/lib/errors";

/** A project by id, locked for update when `forUpdate`. Throws `not_found`. */
export async function getProjectOrThrow(db: DbOrTx, projectId: string, options: { forUpdate?: boolean } = {}): Promise<Project> {
  const query = db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
  const [project] = options.forUpdate ? await query.for("update") : await query;
  if (!project) throw notFound("Project not found");
  return project;
}
