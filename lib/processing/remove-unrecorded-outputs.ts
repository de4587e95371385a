import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { renditions, versions } from "@/db/schema";
import { derivedKey, derivedPrefix, type Storage } from "@/lib/storage";
import { forEachLimited } from "./upload-renditions";

/**
 * Under a version's derived prefix, what is not the worker's to clear: notes exports and comment
 * attachments are written there by other jobs and by reviewers.
 */
const KEPT_DIRS = ["exports/", "attachments/"];
const DELETES_IN_FLIGHT = 8;

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
  // A failed long master streamed thousands of segments: a few deletes in flight, not one at a time.
  await forEachLimited(stale, DELETES_IN_FLIGHT, (key) => storage.delete(key));
  return stale.length;
}

/**
 * After a version's processing ended (READY or ERROR), deletes what the worker left under its derived
 * prefix that no rendition row names: the live preview's playlists after READY, every streamed segment
 * after ERROR. Reads the rows from PostgreSQL, so any attempt can do it: the one that finished the
 * version, one that lost its claim to a cancel, or a leftover job run after a worker died between its
 * READY commit and the end of its job (sweepStaleVersions re-queues that job). Does nothing while the
 * version is not finished. Returns how many objects went, or null when the version was not finished.
 */
export async function removeFinishedVersionLeftovers(
  db: DbOrTx,
  storage: Pick<Storage, "listObjects" | "delete">,
  versionId: string,
): Promise<number | null> {
  const [row] = await db.select({ state: versions.processingState }).from(versions).where(eq(versions.id, versionId));
  if (row?.state === "READY") {
    // READY has no way out (docs/processing.md, "State machine"): its rendition rows are final.
    const records = await db
      .select({ storageKey: renditions.storageKey, details: renditions.details })
      .from(renditions)
      .where(eq(renditions.versionId, versionId));
    return removeUnrecordedOutputs(storage, versionId, recordedKeysOf(versionId, records));
  }
  if (row?.state !== "ERROR") return null;
  // ERROR is not final: a Retry makes it PENDING, and a new attempt streams segments under the same keys.
  // Under a share lock on the row the Retry waits for the deletes, so none of the new attempt's goes.
  // (An ERROR version names no rendition: rows are written only with READY.)
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ state: versions.processingState }).from(versions).where(eq(versions.id, versionId)).for("share");
    if (locked?.state !== "ERROR") return null;
    return removeUnrecordedOutputs(storage, versionId, new Set());
  });
}
