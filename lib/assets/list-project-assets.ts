import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, versions, type ProcessingState, type ReviewState } from "@/db/schema";

export type AssetListItem = {
  id: string;
  name: string;
  createdAt: Date;
  versionCount: number;
  latest: {
    id: string;
    number: number;
    processingState: ProcessingState;
    reviewState: ReviewState | null;
    progress: number | null;
    durationSeconds: number | null;
    uploadedAt: Date | null;
  } | null;
  lastActivityAt: Date;
};

/** Assets of a project with their latest numbered version, most recently active first. */
export async function listProjectAssets(db: DbOrTx, projectId: string): Promise<AssetListItem[]> {
  // Both subqueries are limited to this project's assets: unlimited, PostgreSQL sorted and counted
  // every version of every project on each project page (a sequential scan of the whole table,
  // growing with the studio's history); limited, it reads this project's versions through the
  // (asset_id, number) index. docs/operations.md, "Load".
  const isNumberedVersionOfProject = and(
    sql`${versions.number} is not null`,
    inArray(versions.assetId, db.select({ id: assets.id }).from(assets).where(eq(assets.projectId, projectId))),
  );
  const latest = db
    .selectDistinctOn([versions.assetId], {
      assetId: versions.assetId,
      id: versions.id,
      number: versions.number,
      processingState: versions.processingState,
      reviewState: versions.reviewState,
      progress: versions.progress,
      durationSeconds: versions.durationSeconds,
      uploadedAt: versions.uploadedAt,
    })
    .from(versions)
    .where(isNumberedVersionOfProject)
    .orderBy(versions.assetId, desc(versions.number))
    .as("latest");
  const counts = db
    .select({ assetId: versions.assetId, n: sql<number>`count(*)::int`.as("n") })
    .from(versions)
    .where(isNumberedVersionOfProject)
    .groupBy(versions.assetId)
    .as("counts");

  const rows = await db
    .select({
      asset: assets,
      latestId: latest.id,
      latestNumber: latest.number,
      processingState: latest.processingState,
      reviewState: latest.reviewState,
      progress: latest.progress,
      durationSeconds: latest.durationSeconds,
      uploadedAt: latest.uploadedAt,
      versionCount: counts.n,
    })
    .from(assets)
    .leftJoin(latest, eq(latest.assetId, assets.id))
    .leftJoin(counts, eq(counts.assetId, assets.id))
    .where(eq(assets.projectId, projectId));

  return rows
    .map((r) => ({
      id: r.asset.id,
      name: r.asset.name,
      createdAt: r.asset.createdAt,
      versionCount: r.versionCount ?? 0,
      latest:
        r.latestId && r.latestNumber !== null && r.processingState
          ? {
              id: r.latestId,
              number: r.latestNumber,
              processingState: r.processingState,
              reviewState: r.reviewState,
              progress: r.progress,
              durationSeconds: r.durationSeconds,
              uploadedAt: r.uploadedAt,
            }
          : null,
      lastActivityAt: r.uploadedAt ?? r.asset.createdAt,
    }))
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
}
