import { z } from "zod";
import { PROCESSING_STATES, REVIEW_STATES } from "@/db/enums";

/**
 * A project's asset list: the query (the project page's URL search params and `GET /api/v1/projects/:id/assets`'s
 * query string, parsed by this one schema) and the answer's items. docs/browsing.md.
 */

export const ASSET_SORTS = ["activity", "name", "version"] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];
export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
/** Each sort's natural direction: newest activity, A→Z, highest version first. */
export const DEFAULT_SORT_ORDER: Record<AssetSort, SortOrder> = { activity: "desc", name: "asc", version: "desc" };

/** The filters, on the asset's name and activity and on its latest version. */
export const assetListFilters = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Part of the asset's name, anywhere in it (case-insensitive): `SH0420`, `SQ010_`." }),
  processingState: z.enum(PROCESSING_STATES).optional().meta({ description: "The latest version's processing state." }),
  reviewState: z.enum(REVIEW_STATES).optional().meta({ description: "The latest version's review state." }),
  uploader: z.uuid().optional().meta({ description: "The id of the user who uploaded the latest version." }),
  from: z.iso.date().optional().meta({ description: "Last activity on or after this day (UTC), `YYYY-MM-DD`." }),
  to: z.iso.date().optional().meta({ description: "Last activity on or before this day (UTC), `YYYY-MM-DD`." }),
  hasOpenComments: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "`true`: the latest version has an unresolved comment thread; `false`: it has none." }),
});
export type AssetListFilters = z.output<typeof assetListFilters>;

/** Filters, sort and keyset page: everything a view of the list is, so a URL can hold it. */
export const assetListQuery = assetListFilters.extend({
  sort: z.enum(ASSET_SORTS).default("activity").meta({ description: "`activity` (default), `name` or `version` (latest version number)." }),
  order: z.enum(SORT_ORDERS).optional().meta({ description: "`asc` or `desc`; default: newest activity, A→Z, highest version first." }),
  cursor: z.string().max(512).optional().meta({ description: "`nextCursor` of the previous page: the page after it." }),
  before: z.string().max(512).optional().meta({ description: "`prevCursor` of a page: the page before it." }),
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Items per page (1–100, default 50)." }),
});
export type AssetListQuery = z.output<typeof assetListQuery>;

const isoDateTime = z.iso.datetime();

export const assetListItemSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    createdAt: isoDateTime,
    versionCount: z.int().nonnegative(),
    latestVersion: z
      .strictObject({
        id: z.uuid(),
        number: z.int(),
        processingState: z.enum(PROCESSING_STATES),
        reviewState: z.enum(REVIEW_STATES).nullable(),
        progress: z.number().nullable(),
        durationSeconds: z.number().nullable(),
        uploadedAt: isoDateTime.nullable(),
        uploadedBy: z.strictObject({ id: z.uuid(), name: z.string() }),
        openCommentCount: z.int().nonnegative().meta({ description: "Unresolved comment threads on this version." }),
      })
      .nullable(),
    lastActivityAt: isoDateTime.meta({ description: "The last upload, decision or comment on any of its versions." }),
  })
  .meta({ id: "Asset" });
export type AssetListItem = z.infer<typeof assetListItemSchema>;

/** A page of the list; `prevCursor` (for `before`) is null on the first page, `nextCursor` on the last. */
export const assetListPageSchema = z.strictObject({
  items: z.array(assetListItemSchema),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last one." }),
  prevCursor: z.string().nullable().meta({ description: "Pass as `before` for the previous page; null on the first one." }),
});
export type AssetListPage = z.infer<typeof assetListPageSchema>;

/** What the project header counts: latest versions by review standing, and the failed ones. */
export type ReviewStateCounts = {
  IN_REVIEW: number;
  APPROVED: number;
  CHANGES_REQUESTED: number;
  REJECTED: number;
  failed: number;
};
