import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  avcCodecOfInitSegment,
  buildPreviewMasterPlaylist,
  buildPreviewMediaPlaylist,
  parseGrowingPlaylist,
  type GrowingPlaylist,
} from "@/lib/media/hls-preview";
import type { RenditionPlan } from "@/lib/media/rendition-plan";
import { derivedKey, PREVIEW_DIR, PREVIEW_MASTER_PATH, type Storage } from "@/lib/storage";
import { contentTypeFor, forEachLimited, sha256OfFile } from "./upload-renditions";

/** A file already in the store, as it was on disk when it was sent (the final upload skips it when unchanged). */
export type UploadedFile = { sizeBytes: number; mtimeMs: number; sha256: string };

/** Relative path (as under `derived/<versionId>/`) → what was uploaded. */
export type UploadedFiles = ReadonlyMap<string, UploadedFile>;

export interface HlsStreaming {
  /**
   * FFmpeg is done: one last look (uploads what is left of the ladder's segments, publishes the
   * preview with `#EXT-X-ENDLIST`), then stops. Returns every file already in the store.
   */
  finish(): Promise<UploadedFiles>;
  /** The attempt failed or stopped: stop looking, without another upload. */
  stop(): Promise<void>;
}

// Four looks a second: a closed segment is on its way to the store within 250 ms. A look stats a few
// playlists and reads only those that changed — once per 2 s segment each — so it costs nothing next to
// the encode. Until the preview is published, ten a second: the first segments decide when the room can
// start playing (bench:preview).
const DEFAULT_POLL_MS = 250;
const FIRST_PREVIEW_POLL_MS = 100;
// As the final upload: segments are small, latency dominates.
const UPLOADS_IN_FLIGHT = 4;

/**
 * Watches the HLS ladder FFmpeg is writing under `workDir` and, while the encode goes on, uploads each
 * closed segment (and each variant's init segment) under its final key `derived/<versionId>/hls/<variant>/…`
 * — the same key the final upload would use, so a re-run overwrites — and publishes the growing
 * preview: one `EVENT` playlist per variant under `preview/<variant>.m3u8` and, once every variant has a
 * segment in the store, `preview/master.m3u8`; then calls `onPreviewPublished` (once).
 *
 * A segment counts as closed when FFmpeg's playlist lists it (parseGrowingPlaylist). A failed upload is
 * retried at the next look; nothing here fails the attempt (the final upload sends whatever is still
 * missing and fails the usual way). No rendition row is written here: rows come only with READY, so a
 * killed worker leaves objects a later attempt overwrites and no row.
 */
export function streamHlsWhileEncoding(
  storage: Pick<Storage, "putFile" | "putBytes">,
  params: {
    versionId: string;
    workDir: string;
    plan: RenditionPlan;
    signal?: AbortSignal;
    pollIntervalMs?: number;
    onPreviewPublished?: () => void;
    log?: (message: string, data?: Record<string, unknown>) => void;
  },
): HlsStreaming {
  const { plan, versionId, workDir } = params;
  const log = params.log ?? (() => {});
  const hlsDir = path.join(workDir, plan.hls.dirName);
  const variantNames = [
    ...plan.hls.rungs.map((r) => r.name),
    ...(plan.audio && plan.hls.audioName ? [plan.hls.audioName] : []),
  ];
  // A preview needs a picture: audio-only versions only get their segments uploaded early.
  const hasPreview = plan.hls.rungs.length > 0;
  const uploaded = new Map<string, UploadedFile>();
  const published = new Map<string, string>(); // preview playlist path → text last sent
  const latest = new Map<string, GrowingPlaylist>();
  const parsedVersion = new Map<string, string>(); // variant → "mtime:size" of the playlist last parsed whole
  let isMasterPublished = false;
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const relativeOf = (absolute: string) => path.relative(workDir, absolute).split(path.sep).join("/");

  const uploadOne = async (absolutePath: string) => {
    const relativePath = relativeOf(absolutePath);
    if (uploaded.has(relativePath)) return;
    const before = await stat(absolutePath);
    const sha256 = await sha256OfFile(absolutePath);
    await storage.putFile(derivedKey(versionId, relativePath), absolutePath, contentTypeFor(relativePath));
    uploaded.set(relativePath, { sizeBytes: before.size, mtimeMs: before.mtimeMs, sha256 });
  };

  const look = async (options: { isLast: boolean }) => {
    const pending: string[] = [];
    let hasNews = false;
    for (const name of variantNames) {
      const playlistPath = path.join(hlsDir, name, "index.m3u8");
      const info = await stat(playlistPath).catch(() => null);
      if (info === null) continue;
      // Unchanged since it was last read whole: nothing new closed (segments still to send are retried below).
      // Size with mtime: file times tick coarsely, and FFmpeg rewrites the file in place.
      const version = `${info.mtimeMs}:${info.size}`;
      const isUnchanged = !options.isLast && parsedVersion.get(name) === version;
      const text = isUnchanged ? null : await readFile(playlistPath, "utf8").catch(() => null);
      if (text !== null && Buffer.byteLength(text) === info.size) parsedVersion.set(name, version);
      const playlist = text === null ? latest.get(name) : parseGrowingPlaylist(text);
      if (!playlist) continue;
      // A read of a half-rewritten playlist can list fewer segments than the last one: keep the longer.
      const previous = latest.get(name);
      if (previous && (playlist.segments.length < previous.segments.length || (previous.isEnded && !playlist.isEnded)))
        continue;
      hasNews ||= playlist !== previous;
      latest.set(name, playlist);
      if (playlist.segments.length === 0) continue;
      if (playlist.mapUri) pending.push(path.join(hlsDir, name, playlist.mapUri));
      for (const s of playlist.segments) pending.push(path.join(hlsDir, name, s.uri));
    }
    const missing = pending.filter((p) => !uploaded.has(relativeOf(p)));
    await forEachLimited(missing, UPLOADS_IN_FLIGHT, async (file) => {
      if (params.signal?.aborted) return;
      await uploadOne(file).catch((err: unknown) =>
        log("segment upload failed; retried later", { file: relativeOf(file), error: String(err) }),
      );
    });
    // Rebuilt only when a playlist was read or a segment sent: a 6 h ladder lists ~10,800 segments per variant.
    if (hasPreview && (hasNews || missing.length > 0)) await publishPreview();
  };

  /** Segments of `name` already in the store, from the first, without a gap. */
  const uploadedPrefix = (name: string): GrowingPlaylist | null => {
    const playlist = latest.get(name);
    if (!playlist?.mapUri || !uploaded.has(`${plan.hls.dirName}/${name}/${playlist.mapUri}`)) return null;
    const firstMissing = playlist.segments.findIndex((s) => !uploaded.has(`${plan.hls.dirName}/${name}/${s.uri}`));
    const segments = firstMissing < 0 ? playlist.segments : playlist.segments.slice(0, firstMissing);
    return { ...playlist, segments, isEnded: playlist.isEnded && firstMissing < 0 };
  };

  const publishPreview = async () => {
    const ready = variantNames.map((name) => ({ name, playlist: uploadedPrefix(name) }));
    if (ready.some((v) => v.playlist === null || v.playlist.segments.length === 0)) return;
    // Media playlists first (side by side), so the master never names a playlist that is not there yet.
    await Promise.all(
      ready.map(async ({ name, playlist }) => {
        if (!playlist?.mapUri) return;
        const text = buildPreviewMediaPlaylist({
          mapUri: playlist.mapUri,
          segments: playlist.segments,
          targetDurationSeconds: playlist.targetDurationSeconds,
          isEnded: playlist.isEnded,
          uriPrefix: `../${plan.hls.dirName}/${name}/`,
        });
        const previewPath = `${PREVIEW_DIR}/${name}.m3u8`;
        if (published.get(previewPath) === text) return;
        await storage.putBytes(derivedKey(versionId, previewPath), text, contentTypeFor(previewPath));
        published.set(previewPath, text);
      }),
    );
    if (isMasterPublished) return;
    const audioBitrate = plan.audio?.encode.bitrate ?? 0;
    const variants = await Promise.all(
      plan.hls.rungs.map(async (rung) => {
        const mapUri = latest.get(rung.name)?.mapUri;
        const init = mapUri ? await readFile(path.join(hlsDir, rung.name, mapUri)).catch(() => null) : null;
        return {
          uri: `${rung.name}.m3u8`,
          width: rung.width,
          height: rung.height,
          bandwidth: rung.maxBitrate + audioBitrate,
          videoCodec: init ? avcCodecOfInitSegment(init) : null,
        };
      }),
    );
    const audioUri = plan.audio && plan.hls.audioName ? `${plan.hls.audioName}.m3u8` : null;
    await storage.putBytes(
      derivedKey(versionId, PREVIEW_MASTER_PATH),
      buildPreviewMasterPlaylist({ variants, audioUri }),
      contentTypeFor(PREVIEW_MASTER_PATH),
    );
    isMasterPublished = true;
    log("preview published", { versionId });
    params.onPreviewPublished?.();
  };

  const schedule = () => {
    if (isStopped) return;
    timer = setTimeout(() => {
      inFlight = look({ isLast: false })
        .catch((err: unknown) => log("preview look failed; retried later", { versionId, error: String(err) }))
        .finally(schedule);
    }, params.pollIntervalMs ?? (hasPreview && !isMasterPublished ? FIRST_PREVIEW_POLL_MS : DEFAULT_POLL_MS));
    timer.unref();
  };
  schedule();

  const stop = async () => {
    isStopped = true;
    clearTimeout(timer);
    await inFlight;
  };
  return {
    stop,
    async finish() {
      await stop();
      // Anything this last look misses (the store is down) is sent by the final upload, which fails the usual way.
      await look({ isLast: true }).catch((err: unknown) =>
        log("last preview look failed", { versionId, error: String(err) }),
      );
      return uploaded;
    },
  };
}
