import { derivedKey, derivedPrefix, type Storage } from "@/lib/storage";
import type { RenditionRecord } from "./mark-version-ready";

/**
 * Under a version's derived prefix, what is not the worker's to clear: notes exports and comment
 * attachments are written there by other jobs and by reviewers.
 */
const KEPT_DIRS = ["exports/", "attachments/"];

/** Every object key a READY version's rendition rows name (each HLS file included). */
export function recordedKeysOf(versionId: string, records: readonly RenditionRecord[]): Set<string> {
  const keys = new Set<string>();
  for (const record of records) {
    keys.add(record.storageKey);
    const files = (record.details as { files?: { path: string }[] } | null)?.files ?? [];
    for (const file of files) keys.add(derivedKey(versionId, file.path));
  }
  return keys;
}

/**
 * The worker's objects that no rendition row names: after READY the live preview's playlists; after
 * a final ERROR the segments its attempts streamed to the store before failing (rows are written only
 * with READY, so an ERROR version names none).
 */
export function unrecordedOutputKeys(versionId: string, listed: readonly string[], recorded: ReadonlySet<string>): string[] {
  const prefix = derivedPrefix(versionId);
  return listed.filter((key) => {
    if (!key.startsWith(prefix) || recorded.has(key)) return false;
    const relative = key.slice(prefix.length);
    return !KEPT_DIRS.some((dir) => relative.startsWith(dir));
  });
}

/** Deletes `unrecordedOutputKeys` from the store; returns how many. Callers treat a failure as best effort. */
export async function removeUnrecordedOutputs(
  storage: Pick<Storage, "listObjects" | "delete">,
  versionId: string,
  recorded: ReadonlySet<string>,
): Promise<number> {
  const listed: string[] = [];
  for await (const page of storage.listObjects(derivedPrefix(versionId))) listed.push(...page.map((o) => o.key));
  const stale = unrecordedOutputKeys(versionId, listed, recorded);
  for (const key of stale) await storage.delete(key);
  return stale.length;
}
