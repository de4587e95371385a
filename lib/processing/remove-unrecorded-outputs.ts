import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { renditions, versions } from "@/db/schema";
import { derivedKey, derivedPrefix, type Storage } from "@/lib/storage";

/**
 * Under a version's derived prefix, what is not the worker's to clear: notes exports and comment
 * attachments are written there by other jobs and by reviewers.
 */
const KEPT_DIRS = ["exports/", "attachments/"];

/** Every object key a READY version's rendition rows name (each HLS file included). */
export function recordedKeysOf(versionId: string, records: readonly { storageKey: string; details: unknown }[]): Set<string> {
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

/**
 * After a version's processing ended (READY or ERROR), deletes what the worker left under its derived
 * prefix that no rendition row names: the live preview's playlists after READY, every streamed segment
 * after ERROR. Reads the rows from PostgreSQL, so any attempt can do it: the one that finished the
 * version, one that lost its claim to a cancel, or a leftover job run after a worker died between its
 * READY commit and the end of its job (sweepStaleVersions re-queues that job). Does nothing while the
 * version is not finished. The version row stays share-locked until the deletes end: a Retry (ERROR ->
 * PENDING) waits, so a new attempt's segments are never deleted. Returns how many objects went, or
 * null when the version was not finished.
 */
export async function removeFinishedVersionLeftovers(
  db: DbOrTx,
  storage: Pick<Storage, "listObjects" | "delete">,
  versionId: string,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ state: versions.processingState })
      .from(versions)
      .where(eq(versions.id, versionId))
      .for("share");
    if (row?.state !== "READY" && row?.state !== "ERROR") return null;
    // An ERROR version names no rendition (rows are written only with READY).
    const records =
      row.state === "READY"
        ? await tx.select({ storageKey: renditions.storageKey, details: renditions.details }).from(renditions).where(eq(renditions.versionId, versionId))
        : [];
    return removeUnrecordedOutputs(storage, versionId, recordedKeysOf(versionId, records));
  });
}
