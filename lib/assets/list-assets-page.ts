import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { PROCESSING_STATES, REVIEW_STATES } from "@/db/enums";
import { pageOf, type Page, type PageQuery } from "@/lib/api/pagination";
import { listProjectAssets } from "./list-project-assets";

/** `GET /api/v1/projects/:id/assets` filters, on the asset's name and its latest version. */
export const assetListFilters = z.object({
  q: z.string().trim().min(1).max(200).optional().meta({ description: "Part of the asset's name (case-insensitive)." }),
  processingState: z.enum(PROCESSING_STATES).optional().meta({ description: "The latest version's processing state." }),
  reviewState: z.enum(REVIEW_STATES).optional().meta({ description: "The latest version's review state." }),
});

export const assetListItemSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    createdAt: z.iso.datetime(),
    versionCount: z.int().nonnegative(),
    latestVersion: z
      .strictObject({
        id: z.uuid(),
        number: z.int(),
        processingState: z.enum(PROCESSING_STATES),
        reviewState: z.enum(REVIEW_STATES).nullable(),
        progress: z.number().nullable(),
        durationSeconds: z.number().nullable(),
        uploadedAt: z.iso.datetime().nullable(),
      })
      .nullable(),
    lastActivityAt: z.iso.datetime(),
  })
  .meta({ id: "Asset" });
export type AssetListItemJson = z.infer<typeof assetListItemSchema>;

/**
 * A project's assets as its page lists them (most recently active first), filtered and one page at
 * a time. The project page loads a project's assets whole (list-project-assets.ts); so does this.
 */
export async function listAssetsPage(
  db: DbOrTx,
  input: { projectId: string; filters: z.output<typeof assetListFilters>; page: PageQuery },
): Promise<Page<AssetListItemJson>> {
  const { q, processingState, reviewState } = input.filters;
  const needle = q?.toLowerCase();
  const assets = (await listProjectAssets(db, input.projectId)).filter(
    (a) =>
      (needle === undefined || a.name.toLowerCase().includes(needle)) &&
      (processingState === undefined || a.latest?.processingState === processingState) &&
      (reviewState === undefined || a.latest?.reviewState === reviewState),
  );
  // Newest activity first: a negated time sorts ascending like the cursor.
  const page = pageOf(assets, input.page, (a) => [-a.lastActivityAt.getTime(), a.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((a) => ({
      id: a.id,
      name: a.name,
      createdAt: a.createdAt.toISOString(),
      versionCount: a.versionCount,
      latestVersion: a.latest && { ...a.latest, uploadedAt: a.latest.uploadedAt?.toISOString() ?? null },
      lastActivityAt: a.lastActivityAt.toISOString(),
    })),
  };
}
