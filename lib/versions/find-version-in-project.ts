import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions } from "@/db/schema";

export type VersionInProject = { id: string; number: number | null; assetId: string; assetName: string };

/**
 * A version of this project with its asset's name (the project's audit trail narrowed to one
 * version names it), or null when the id names no version of this project — so an id from another
 * project shows nothing of it.
 */
export async function findVersionInProject(
  db: DbOrTx,
  params: { projectId: string; versionId: string },
): Promise<VersionInProject | null> {
  const [row] = await db
    .select({ id: versions.id, number: versions.number, assetId: assets.id, assetName: assets.name })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(and(eq(versions.id, params.versionId), eq(assets.projectId, params.projectId)))
    .limit(1);
  return row ?? null;
}
