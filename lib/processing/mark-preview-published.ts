import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import { appendEvent } from "@/lib/events/append-event";
import { isOwnedBy, type AttemptOwner } from "./owned-version";
import { LostClaimError } from "./processing-error";

/**
 * Records that this attempt's live preview is in the store (`versions.preview_published_at`) and
 * announces it (`version.preview_available`), so the room starts playing it without waiting for READY.
 * Fenced like every write of an attempt; throws LostClaimError when the version is no longer ours.
 */
export async function markPreviewPublished(
  db: DbOrTx,
  owner: AttemptOwner,
  params: { projectId: string; attempt: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(versions)
      .set({ previewPublishedAt: sql`now()`, heartbeatAt: sql`now()` })
      .where(isOwnedBy(owner))
      .returning({ id: versions.id });
    if (rows.length === 0)
      throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
    await appendEvent(tx, {
      type: "version.preview_available",
      projectId: params.projectId,
      actorId: null,
      versionId: owner.versionId,
      payload: { attempt: params.attempt },
    });
  });
}
