import type { DbOrTx } from "@/db/client";
import { notFound } from "@/lib/errors";
import { readDerivedFile, type MediaFile } from "@/lib/review/get-media-file";
import { parseMediaPath } from "@/lib/review/media-paths";
import type { Storage } from "@/lib/storage";
import type { GuestSession } from "./guest-session";
import { guestMediaPath } from "./guest-paths";
import { assertVersionSharedOrThrow } from "./guest-share";

/**
 * One derived file of a shared version for a guest. The route checks the link on every request
 * (playlists, every segment), and presigned URLs live at most `urlSeconds` (≤ 60): once a link is
 * revoked, what an open page holds stops working within a minute. Attachments (members' frame
 * grabs) are not part of a share.
 */
export async function getGuestMediaFile(
  db: DbOrTx,
  storage: Pick<Storage, "head" | "getStream" | "presignGet">,
  params: { session: GuestSession; versionId: string; path: string | string[]; urlSeconds: number },
): Promise<MediaFile> {
  await assertVersionSharedOrThrow(db, params.session, params.versionId);
  const relativePath = parseMediaPath(params.path);
  if (!relativePath || relativePath.startsWith("attachments/")) throw notFound("No such media file");
  return readDerivedFile(storage, { versionId: params.versionId, path: relativePath, maxUrlSeconds: params.urlSeconds,
    urlOf: (versionId, relative) => guestMediaPath(params.session.link.id, versionId, relative),
  });
}
