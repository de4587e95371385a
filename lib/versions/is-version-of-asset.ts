import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions } from "@/db/schema";

/**
 * Whether the version belongs to this asset of this project: what a page URL
 * (`/projects/:projectId/assets/:assetId/versions/:versionId`) claims, checked before the page
 * shows anything, so a version id cannot be read under another asset's or project's path.
 */
export async function isVersionOfAsset(
  db: DbOrTx,
  params: { projectId: string; assetId: string; versionId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: versions.id })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .where(and(eq(versions.id, params.versionId), eq(assets.id, params.assetId), eq(assets.projectId, params.projectId)))
    .limit(1);
  return row !== undefined;
}
