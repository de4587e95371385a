import type { Version } from "@/db/schema";

/**
 * The key a version's bytes are uploaded to, the only one its presigned URLs may name: the
 * staging key, or for a row from before migration 0008 (no staging key) the master key itself,
 * so uploads started before the change still resume and complete.
 */
export function uploadKeyOf(version: Pick<Version, "stagingKey" | "storageKey">): string {
  return version.stagingKey ?? version.storageKey;
}
