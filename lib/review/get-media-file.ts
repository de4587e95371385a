import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { AppError, notFound } from "@/lib/errors";
import { derivedKey, type Storage } from "@/lib/storage";
import { actorSchema } from "@/lib/auth/permissions";
import { authorizeVersionOrThrow } from "./authorize-version";
import { mediaDeliveryFor, parseMediaPath, rewriteThumbnailsVtt } from "./media-paths";

export const getMediaFileParams = z.object({
  actor: actorSchema,
  // Object keys use the lower-case form (lib/storage/keys.ts).
  versionId: z.uuid().transform((id) => id.toLowerCase()),
  /** The route's catch-all segments (or the path joined). Checked by `parseMediaPath`. */
  path: z.union([z.string(), z.array(z.string())]),
});
export type GetMediaFileParams = z.input<typeof getMediaFileParams>;

export type MediaFile =
  | { kind: "text"; contentType: string; body: string; maxAgeSeconds: number }
  | { kind: "redirect"; url: string; expiresInSeconds: number };

/** Playlists and VTTs are read into memory: a 6-hour HLS variant with 2 s segments is ~400 KB. */
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/**
 * One derived file of a version, for a caller who may view its project (permission
 * `project.view`): playlists and VTTs as text (thumbnail VTTs with their image references
 * rewritten through the media route), anything else as a short-lived presigned GET URL — bytes of
 * segments and proxies never pass through the web server. `not_found` for an unsafe path, a
 * missing text file, or a version the caller cannot see.
 */
export async function getMediaFile(
  db: DbOrTx,
  storage: Pick<Storage, "head" | "getStream" | "presignGet">,
  params: GetMediaFileParams,
): Promise<MediaFile> {
  const input = getMediaFileParams.parse(params);
  await authorizeVersionOrThrow(db, input.actor, input.versionId, "project.view");
  return readDerivedFile(storage, { versionId: input.versionId, path: input.path });
}

/**
 * The derived file itself, for a caller already authorised for the version (the members' media
 * route above, the guests' one in lib/review-links). `maxUrlSeconds` caps the presigned URL's life
 * (guests: ≤ 60 s); `urlOf` writes the thumbnail VTT's image URLs through the caller's own route.
 */
export async function readDerivedFile(
  storage: Pick<Storage, "head" | "getStream" | "presignGet">,
  params: {
    versionId: string;
    path: string | string[];
    maxUrlSeconds?: number;
    urlOf?: (versionId: string, relativePath: string) => string;
  },
): Promise<MediaFile> {
  const versionId = params.versionId.toLowerCase();
  const relativePath = parseMediaPath(params.path);
  if (!relativePath) throw notFound("No such media file");
  const key = derivedKey(versionId, relativePath);
  const delivery = mediaDeliveryFor(relativePath);

  if (delivery.kind === "redirect") {
    const expiresInSeconds = Math.min(delivery.expiresInSeconds, params.maxUrlSeconds ?? Number.POSITIVE_INFINITY);
    const url = await storage.presignGet(key, { expiresIn: expiresInSeconds });
    return { kind: "redirect", url, expiresInSeconds };
  }

  const head = await storage.head(key);
  if (!head) throw notFound("No such media file");
  // The key is for the server log only: errorResponse never sends a 5xx's message to the client.
  if (head.size > MAX_TEXT_BYTES) throw new AppError("internal", `Media text file ${key} is too large to serve`);
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.getStream(key)) chunks.push(Buffer.from(chunk as Uint8Array));
  const text = Buffer.concat(chunks).toString("utf8");
  const body =
    delivery.rewrite === "thumbnails_vtt"
      ? rewriteThumbnailsVtt(text, { versionId, vttPath: relativePath, urlOf: params.urlOf })
      : text;
  return { kind: "text", contentType: delivery.contentType, body, maxAgeSeconds: delivery.maxAgeSeconds };
}
