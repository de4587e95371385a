import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, renditions, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { DOWNLOAD_URL_SECONDS } from "@/lib/downloads/presign-version-download";
import { proxyDownloadName } from "@/lib/downloads/download-file-names";
import { forbidden, notFound } from "@/lib/errors";
import type { Storage } from "@/lib/storage";
import type { GuestSession } from "./guest-session";
import { assertVersionSharedOrThrow } from "./guest-share";

/**
 * A presigned GET of a shared version's MP4 proxy for a guest, when the link allows downloads
 * (`forbidden` otherwise). Never the master: guests have no route to it at all. Audited as
 * `version.proxy_downloaded` with the link's and the guest's ids.
 */
export async function presignGuestProxyDownload(
  db: DbOrTx,
  storage: Pick<Storage, "presignGet">,
  params: { session: GuestSession; versionId: string },
): Promise<{ url: string }> {
  const { session, versionId } = params;
  await assertVersionSharedOrThrow(db, session, versionId);
  if (!session.link.allowDownload) throw forbidden("This review link does not allow downloads.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ number: versions.number, state: versions.processingState, assetName: assets.name, key: renditions.storageKey, sizeBytes: renditions.sizeBytes })
      .from(versions)
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .innerJoin(renditions, and(eq(renditions.versionId, versions.id), eq(renditions.kind, "proxy_mp4")))
      .where(eq(versions.id, versionId));
    if (!row || row.state !== "READY") throw notFound("This version has no proxy to download.");
    const fileName = proxyDownloadName(row.assetName, row.number);
    await recordAuditEvent(tx, {
      actorId: null,
      action: "version.proxy_downloaded",
      entityType: "version",
      entityId: versionId,
      projectId: session.link.projectId,
      data: { fileName, sizeBytes: row.sizeBytes, number: row.number, reviewLinkId: session.link.id, guestId: session.guest.id },
    });
    return { url: await storage.presignGet(row.key, { expiresIn: DOWNLOAD_URL_SECONDS, downloadName: fileName }) };
  });
}
