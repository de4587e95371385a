import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { pageOf, type Page, type PageQuery } from "@/lib/api/pagination";
import { notFound } from "@/lib/errors";
import { listAssetVersions } from "./list-asset-versions";
import { versionStatusSchema } from "./version-status.types";

/** One row of `GET /api/v1/assets/:id/versions`: the version's state and who uploaded it. */
export const assetVersionSchema = versionStatusSchema.extend({ uploaderName: z.string() }).meta({ id: "AssetVersion" });
export type AssetVersionJson = z.infer<typeof assetVersionSchema>;

/**
 * An asset's versions as its page lists them (listAssetVersions: in-flight uploads first, then
 * newest number first, abandoned ones left out), one page at a time. Throws `not_found` when the
 * asset is not the project's. An asset has a handful of versions, so the list is paged in memory.
 */
export async function listAssetVersionsPage(
  db: DbOrTx,
  input: { projectId: string; assetId: string; page: PageQuery },
): Promise<Page<AssetVersionJson>> {
  const found = await listAssetVersions(db, { projectId: input.projectId, assetId: input.assetId });
  if (!found) throw notFound("Asset not found");
  // The page's order as an ascending key: unnumbered first, then numbers descending, then newest.
  return pageOf(found.versions, input.page, (v) => [
    v.number === null ? 0 : 1,
    -(v.number ?? 0),
    -Date.parse(v.createdAt),
    v.id,
  ]);
}
