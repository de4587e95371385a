import { and, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { renditions } from "@/db/schema";
import { mediaUrlForKey } from "@/lib/review/media-paths";

/** What the grid shows of a version before it is opened: its poster and its scrub sprite's cues. */
export type VersionPreview = { posterUrl: string | null; spriteVttUrl: string | null };

/**
 * The poster and thumbnails-VTT URLs (the media route, same-origin) of `versionIds`, for a page of
 * the grid; versions without either (not READY, or processed without them) are absent. Callers have
 * already checked that the viewer may see these versions.
 */
export async function listVersionPreviews(db: DbOrTx, versionIds: readonly string[]): Promise<Map<string, VersionPreview>> {
  const previews = new Map<string, VersionPreview>();
  if (versionIds.length === 0) return previews;
  const rows = await db
    .select({ versionId: renditions.versionId, kind: renditions.kind, storageKey: renditions.storageKey })
    .from(renditions)
    .where(and(inArray(renditions.versionId, [...versionIds]), inArray(renditions.kind, ["poster", "thumbnails_vtt"])));
  for (const r of rows) {
    const preview = previews.get(r.versionId) ?? { posterUrl: null, spriteVttUrl: null };
    const url = mediaUrlForKey(r.versionId, r.storageKey);
    if (r.kind === "poster") preview.posterUrl = url;
    else preview.spriteVttUrl = url;
    previews.set(r.versionId, preview);
  }
  return previews;
}
