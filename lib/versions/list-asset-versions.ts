import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, users, versions, type Asset } from "@/db/schema";
import { toVersionStatus, type VersionStatus } from "./version-status";

export type AssetVersionRow = VersionStatus & { uploaderName: string };
export type AssetWithVersions = { asset: Asset; versions: AssetVersionRow[] };

/**
 * An asset of a project with its versions, newest first: uploads still in flight (no number
 * yet) on top, then v_n ... v1. Abandoned uploads are left out. Null when the asset is not
 * this project's.
 */
export async function listAssetVersions(
  db: DbOrTx,
  params: { projectId: string; assetId: string },
): Promise<AssetWithVersions | null> {
  const [asset] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, params.assetId), eq(assets.projectId, params.projectId)));
  if (!asset) return null;
  const rows = await db
    .select({ version: versions, uploaderName: users.name })
    .from(versions)
    .innerJoin(users, eq(users.id, versions.uploadedBy))
    .where(and(eq(versions.assetId, asset.id), ne(versions.processingState, "ABANDONED")))
    .orderBy(sql`${versions.number} desc nulls first`, desc(versions.createdAt));
  return { asset, versions: rows.map((r) => ({ ...toVersionStatus(r.version), uploaderName: r.uploaderName })) };
}
