import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { RENDITION_KINDS } from "@/db/enums";
import { renditions } from "@/db/schema";
import type { Storage } from "@/lib/storage";

/** How long a rendition's download URL works: long enough to fetch a multi-GB proxy, short enough not to be a share link. */
export const RENDITION_URL_SECONDS = 15 * 60;

export const renditionDownloadSchema = z
  .strictObject({
    kind: z.enum(RENDITION_KINDS),
    contentType: z.string(),
    width: z.int().nullable(),
    height: z.int().nullable(),
    sizeBytes: z.int().nonnegative(),
    sha256: z.string(),
    url: z
      .string()
      .nullable()
      .meta({
        description:
          "A presigned GET URL, valid for 15 minutes. Null for `hls`: its playlists name segments by relative path, which a presigned URL of the master cannot sign; play HLS in the review room, download the `proxy_mp4`.",
      }),
    expiresAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Rendition" });
export type RenditionDownload = z.infer<typeof renditionDownloadSchema>;

/**
 * The renditions of a version with short-lived download URLs (the caller is authorised for
 * `project.view` at the edge). The bytes go from the object store to the client directly.
 */
export async function listRenditionDownloads(
  db: DbOrTx,
  storage: Pick<Storage, "presignGet">,
  input: { versionId: string; now?: Date },
): Promise<RenditionDownload[]> {
  const rows = await db.select().from(renditions).where(eq(renditions.versionId, input.versionId)).orderBy(asc(renditions.kind));
  const expiresAt = new Date((input.now ?? new Date()).getTime() + RENDITION_URL_SECONDS * 1000).toISOString();
  return Promise.all(
    rows.map(async (r) => {
      const isHls = r.kind === "hls";
      return {
        kind: r.kind,
        contentType: r.contentType,
        width: r.width,
        height: r.height,
        sizeBytes: r.sizeBytes,
        sha256: r.sha256,
        url: isHls ? null : await storage.presignGet(r.storageKey, { expiresIn: RENDITION_URL_SECONDS }),
        expiresAt: isHls ? null : expiresAt,
      };
    }),
  );
}
