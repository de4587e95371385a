import { and, eq, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { renditions, versions, type RenditionKind } from "@/db/schema";
import type { ProcessingWarning } from "@/lib/media/rendition-plan";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { appendEvent } from "@/lib/events/append-event";
import { isOwnedBy, type AttemptOwner } from "./owned-version";
import { LostClaimError } from "./processing-error";

export type RenditionRecord = {
  kind: RenditionKind;
  storageKey: string;
  contentType: string;
  width: number | null;
  height: number | null;
  bitrate: number | null;
  sizeBytes: number;
  sha256: string;
  details: Record<string, unknown> | null;
};

/**
 * Records the renditions (one row per kind; a re-run replaces the earlier attempt's rows) and moves the
 * version PROCESSING -> READY with review state IN_REVIEW, audited — all in one transaction, so a
 * version is never READY without its renditions. Throws LostClaimError when the version is no longer ours.
 */
export async function markVersionReady(
  db: DbOrTx,
  owner: AttemptOwner,
  params: { projectId: string; renditions: RenditionRecord[]; attempt: number; warnings: ProcessingWarning[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(versions)
      .set({
        processingState: "READY",
        // The trigger allows a review state only in the UPDATE that makes the version READY (or later).
        reviewState: "IN_REVIEW",
        progress: 100,
        readyAt: sql`now()`,
        // The attempt's last sign of life: the sweeper tells a job left locked by a dead worker from it.
        heartbeatAt: sql`now()`,
        processingWarnings: params.warnings,
      })
      .where(isOwnedBy(owner))
      .returning({ id: versions.id });
    if (rows.length === 0) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);

    // An auxiliary rendition this attempt could not make (poster, sprite) must not survive from an earlier one.
    const kinds = params.renditions.map((r) => r.kind);
    await tx
      .delete(renditions)
      .where(and(eq(renditions.versionId, owner.versionId), kinds.length > 0 ? notInArray(renditions.kind, kinds) : undefined));
    for (const r of params.renditions) {
      await tx
        .insert(renditions)
        .values({ versionId: owner.versionId, ...r })
        .onConflictDoUpdate({
          target: [renditions.versionId, renditions.kind],
          set: {
            storageKey: r.storageKey,
            contentType: r.contentType,
            width: r.width,
            height: r.height,
            bitrate: r.bitrate,
            sizeBytes: r.sizeBytes,
            sha256: r.sha256,
            details: r.details,
          },
        });
    }
    await recordAuditEvent(tx, {
      actorId: null,
      action: "version.ready",
      entityType: "version",
      entityId: owner.versionId,
      projectId: params.projectId,
      data: {
        attempt: params.attempt,
        workerId: owner.workerId,
        renditions: params.renditions.map((r) => r.kind),
        warnings: params.warnings.map((w) => w.code),
      },
    });
    await appendEvent(tx, {
      type: "version.ready",
      projectId: params.projectId,
      actorId: null,
      versionId: owner.versionId,
      payload: { attempt: params.attempt, renditions: kinds, warnings: params.warnings.map((w) => w.code) },
    });
  });
}
