import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { toVersionStatus, type VersionStatus } from "./version-status";

/** A version's state for the status endpoint. Throws `not_found`. */
export async function getVersionStatusOrThrow(db: DbOrTx, params: { versionId: string }): Promise<VersionStatus> {
  const [version] = await db.select().from(versions).where(eq(versions.id, params.versionId));
  if (!version) throw notFound("Version not found");
  return toVersionStatus(version);
}
