import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, renditions, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { actorSchema } from "@/lib/auth/permissions";
import { conflict, notFound } from "@/lib/errors";
import { authorizeVersionOrThrow } from "@/lib/review/authorize-version";
import type { Storage } from "@/lib/storage";
import { proxyDownloadName } from "./download-file-names";

/**
 * How long a download URL may be started with. The store checks it when the GET begins, not while
 * the bytes flow, so a 200 GiB master still downloads to the end; five minutes covers a slow click
 * and a redirect, and a URL copied out of the browser is soon worthless.
 */
export const DOWNLOAD_URL_SECONDS = 300;

export const presignVersionDownloadParams = z.object({
  actor: actorSchema,
  versionId: z.uuid().transform((id) => id.toLowerCase()),
  kind: z.enum(["proxy", "master"]),
});

export type VersionDownload = { url: string; fileName: string; sizeBytes: number };

/**
 * A presigned GET of a version's MP4 proxy (permission `version.download_proxy`: every member) or
 * of its master (`version.download_master`: producers and admins), with
 * `Content-Disposition: attachment` signed into it — the master under its original file name —
 * so the browser saves it and the bytes never pass through the web server. Each one is audited
 * (`version.proxy_downloaded`, `version.master_downloaded`) before the URL is handed out.
 * `not_found` when the version has no such file (no proxy yet, master not uploaded).
 */
export async function presignVersionDownload(
  db: DbOrTx,
  storage: Pick<Storage, "presignGet">,
  params: z.input<typeof presignVersionDownloadParams>,
): Promise<VersionDownload> {
  const input = presignVersionDownloadParams.parse(params);
  const permission = input.kind === "master" ? "version.download_master" : "version.download_proxy";
  return db.transaction(async (tx) => {
    const access = await authorizeVersionOrThrow(tx, input.actor, input.versionId, permission);
    const [version] = await tx
      .select({
        number: versions.number,
        processingState: versions.processingState,
        originalFileName: versions.originalFileName,
        storageKey: versions.storageKey,
        sizeBytes: versions.sizeBytes,
        assetName: assets.name,
      })
      .from(versions)
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .where(eq(versions.id, input.versionId));
    if (!version) throw notFound("Version not found");
    let key: string;
    let fileName: string;
    let sizeBytes: number;
    if (input.kind === "master") {
      // Until completion copies it there, nothing is at the master key (docs/ingest.md).
      if (version.number === null) throw conflict("This version's master has not been uploaded.");
      key = version.storageKey;
      fileName = version.originalFileName;
      sizeBytes = version.sizeBytes;
    } else {
      const [proxy] = await tx
        .select({ storageKey: renditions.storageKey, sizeBytes: renditions.sizeBytes })
        .from(renditions)
        .where(and(eq(renditions.versionId, input.versionId), eq(renditions.kind, "proxy_mp4")));
      if (!proxy || version.processingState !== "READY") throw notFound("This version has no proxy to download.");
      key = proxy.storageKey;
      fileName = proxyDownloadName(version.assetName, version.number);
      sizeBytes = proxy.sizeBytes;
    }
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: input.kind === "master" ? "version.master_downloaded" : "version.proxy_downloaded",
      entityType: "version",
      entityId: input.versionId,
      projectId: access.project.id,
      data: { fileName, sizeBytes, number: version.number },
    });
    const url = await storage.presignGet(key, { expiresIn: DOWNLOAD_URL_SECONDS, downloadName: fileName });
    return { url, fileName, sizeBytes };
  });
}
