import type { Readable } from "node:stream";
import { makeZip } from "client-zip";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, playlistItems, renditions, versions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { actorSchema } from "@/lib/auth/permissions";
import { conflict } from "@/lib/errors";
import { authorizePlaylistOrThrow } from "@/lib/playlists/playlist-access";
import type { Storage } from "@/lib/storage";
import { playlistZipEntryName } from "./download-file-names";
import { safeFileNamePart } from "@/lib/exports/export-file-name";

export const streamPlaylistProxiesZipParams = z.object({ actor: actorSchema, playlistId: z.uuid() });

export type PlaylistProxiesZip = {
  fileName: string;
  /** The zip, produced as it is read: one S3 object open at a time, nothing held beyond a few chunks. */
  stream: ReadableStream<Uint8Array>;
  entryCount: number;
};

/**
 * "Download all proxies" of a playlist (permission `version.download_proxy`): one zip of every
 * item's MP4 proxy in playlist order, items without a proxy left out (and named in the audit row).
 *
 * Streamed, never held: client-zip's `makeZip` is a pull-based web stream, so each chunk is read
 * from S3 only when the client has taken the previous one (backpressure end to end: HTTP socket →
 * Response body → zip → S3 GetObject body). Entries are STORED (client-zip never compresses; MP4
 * is already compressed) with their CRC-32 and sizes in data descriptors, Zip64 past 4 GiB. The S3
 * bodies are opened one after the other, lazily, as the zip reaches each entry.
 *
 * When the client goes away (the response is cancelled, or `signal` aborts), the S3 body being
 * read is destroyed at once and nothing more is opened. The download is audited
 * (`playlist.proxies_downloaded`) when it is asked for, with the versions it holds.
 */
export async function streamPlaylistProxiesZip(
  db: DbOrTx,
  storage: Pick<Storage, "getStream">,
  params: z.input<typeof streamPlaylistProxiesZipParams> & { signal?: AbortSignal },
): Promise<PlaylistProxiesZip> {
  const input = streamPlaylistProxiesZipParams.parse(params);
  const { playlist, entries } = await db.transaction(async (tx) => {
    const { playlist, access } = await authorizePlaylistOrThrow(tx, { ...input, permission: "version.download_proxy" });
    const rows = await tx
      .select({
        versionId: versions.id,
        number: versions.number,
        processingState: versions.processingState,
        assetName: assets.name,
        proxyKey: renditions.storageKey,
        proxyCreatedAt: renditions.createdAt,
      })
      .from(playlistItems)
      .innerJoin(versions, eq(versions.id, playlistItems.versionId))
      .innerJoin(assets, eq(assets.id, versions.assetId))
      .leftJoin(renditions, and(eq(renditions.versionId, versions.id), eq(renditions.kind, "proxy_mp4")))
      .where(eq(playlistItems.playlistId, playlist.id))
      .orderBy(asc(playlistItems.position));
    const withProxy = rows.filter((r) => r.proxyKey !== null && r.processingState === "READY");
    if (withProxy.length === 0) throw conflict("No version of this playlist has a proxy to download yet.");
    const entries = withProxy.map((r, i) => ({
      name: playlistZipEntryName(i, withProxy.length, r.assetName, r.number),
      key: r.proxyKey!,
      lastModified: r.proxyCreatedAt!,
      versionId: r.versionId,
    }));
    const skipped = rows.filter((r) => !withProxy.includes(r)).map((r) => r.versionId);
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "playlist.proxies_downloaded",
      entityType: "playlist",
      entityId: playlist.id,
      projectId: access.project.id,
      data: { versionIds: entries.map((e) => e.versionId), skippedVersionIds: skipped },
    });
    return { playlist, entries };
  });

  let current: Readable | null = null;
  let isStopped = false;
  const stop = () => {
    isStopped = true;
    current?.destroy();
  };
  async function* files() {
    for (const entry of entries) {
      if (isStopped) return;
      current = await storage.getStream(entry.key);
      // The client may have gone while the store answered: that body is closed, not read.
      if (isStopped) {
        current.destroy();
        return;
      }
      yield { name: entry.name, lastModified: entry.lastModified, input: current };
    }
  }
  const reader = makeZip(files(), { buffersAreUTF8: true }).getReader();
  params.signal?.addEventListener("abort", stop, { once: true });
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            params.signal?.removeEventListener("abort", stop);
            controller.close();
          } else controller.enqueue(value);
        } catch (err) {
          stop();
          controller.error(err);
        }
      },
      async cancel(reason) {
        stop();
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    // One chunk ahead at most: what the client has not taken yet is all the zip holds.
    { highWaterMark: 1 },
  );
  return { fileName: `${safeFileNamePart(playlist.name, 120)}_proxies.zip`, stream, entryCount: entries.length };
}
