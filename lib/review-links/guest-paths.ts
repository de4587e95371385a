import { derivedPrefix } from "@/lib/storage/keys";
import { parseMediaPath } from "@/lib/review/media-paths";

/**
 * The guest API's URLs. Everything a guest session reaches lives under its link's own path,
 * `/api/guest/links/<linkId>/…`, which is exactly the guest cookie's Path: a browser holding
 * sessions of two links sends each only to its own link's routes (docs/review-links.md).
 */
export function guestLinkApiPath(linkId: string): string {
  return `/api/guest/links/${linkId}`;
}

/** A shared version's derived file through the guest media route (the members' media route's twin). */
export function guestMediaPath(linkId: string, versionId: string, relativePath: string): string {
  return `${guestLinkApiPath(linkId)}/versions/${versionId}/media/${relativePath}`;
}

/** The guest URL of a stored object key of that version, or null when the key is not under its prefix. */
export function guestMediaUrl(linkId: string, versionId: string, storageKey: string): string | null {
  const prefix = derivedPrefix(versionId);
  if (!storageKey.startsWith(prefix)) return null;
  const relative = parseMediaPath(storageKey.slice(prefix.length));
  return relative ? guestMediaPath(linkId, versionId, relative) : null;
}
