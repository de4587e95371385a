import path from "node:path";
import { derivedPrefix, PREVIEW_DIR } from "@/lib/storage/keys";

/**
 * Pure helpers of the media route (`/api/versions/:versionId/media/<path>`), which serves the
 * derived files of one version: the object key is always `derived/<versionId>/<path>`.
 */

const SAFE_PATH = /^[A-Za-z0-9_.\-/]+$/;

/**
 * A derived file's path relative to its version's prefix, or null when it is unsafe: only
 * `[A-Za-z0-9_.\-/]`, no `..`, no empty segment (so no leading, trailing or doubled `/`).
 */
export function parseMediaPath(segments: readonly string[] | string): string | null {
  const joined = typeof segments === "string" ? segments : segments.join("/");
  if (!joined || joined.length > 512 || !SAFE_PATH.test(joined) || joined.includes("..")) return null;
  if (joined.split("/").some((s) => s === "" || s === ".")) return null;
  return joined;
}

/** The same-origin URL of a derived file (`relativePath` as `parseMediaPath` accepts it). */
export function mediaUrl(versionId: string, relativePath: string): string {
  return `/api/versions/${versionId}/media/${relativePath}`;
}

/** The media URL of a stored object key of that version, or null when the key is not under its prefix. */
export function mediaUrlForKey(versionId: string, storageKey: string): string | null {
  const prefix = derivedPrefix(versionId);
  if (!storageKey.startsWith(prefix)) return null;
  const relative = parseMediaPath(storageKey.slice(prefix.length));
  return relative ? mediaUrl(versionId, relative) : null;
}

export type MediaDelivery =
  /** `maxAgeSeconds` 0: never cached (the live preview's playlists grow while the version processes). */
  | { kind: "text"; contentType: string; rewrite: "none" | "thumbnails_vtt"; maxAgeSeconds: number }
  | { kind: "redirect"; expiresInSeconds: number };

/** Presigned GETs of segments and images: long enough to load, short enough to be useless once leaked. */
const PRESIGN_SECONDS = 10 * 60;
/**
 * The MP4 proxy plays from one URL (range requests against the redirect's target) for as long as
 * the reviewer keeps the page open; an hour covers a feature-length session, after which the
 * player's reload gets a fresh URL.
 */
const PRESIGN_PROXY_SECONDS = 60 * 60;

/** Finished renditions' text files never change: a minute of private caching spares the server re-reads on seeks. */
const TEXT_MAX_AGE_SECONDS = 60;

/** How a derived file is delivered: small text (playlists, VTTs, JSON) through the server, everything else by redirect. */
export function mediaDeliveryFor(relativePath: string): MediaDelivery {
  const ext = path.posix.extname(relativePath).toLowerCase();
  if (ext === ".m3u8") {
    // A preview playlist is re-read by the player every few seconds while it grows: a cached copy would stall it.
    const maxAgeSeconds = relativePath.startsWith(`${PREVIEW_DIR}/`) ? 0 : TEXT_MAX_AGE_SECONDS;
    return { kind: "text", contentType: "application/vnd.apple.mpegurl", rewrite: "none", maxAgeSeconds };
  }
  if (ext === ".vtt") return { kind: "text", contentType: "text/vtt; charset=utf-8", rewrite: "thumbnails_vtt", maxAgeSeconds: TEXT_MAX_AGE_SECONDS };
  // The waveform's peaks: fetched by script, so same-origin (a redirect to the store would need CORS there).
  if (ext === ".json") return { kind: "text", contentType: "application/json", rewrite: "none", maxAgeSeconds: TEXT_MAX_AGE_SECONDS };
  if (ext === ".mp4") return { kind: "redirect", expiresInSeconds: PRESIGN_PROXY_SECONDS };
  return { kind: "redirect", expiresInSeconds: PRESIGN_SECONDS };
}

const IMAGE_REF = /^(\S+?\.(?:jpe?g|png|webp|avif|gif))(#xywh=\d+,\d+,\d+,\d+)?$/i;

/**
 * Rewrites the image references of a thumbnails WebVTT (cue payloads such as
 * `sprite.jpg#xywh=0,0,160,90`) into absolute paths through the media route, so the file works
 * wherever the client resolves it. References are taken relative to the VTT's own directory, or as
 * full object keys of the same version; anything else (other lines, foreign or unsafe references)
 * is left as it is. `urlOf` builds the URLs (default: the members' media route; guests have their own).
 */
export function rewriteThumbnailsVtt(
  text: string,
  params: { versionId: string; vttPath: string; urlOf?: (versionId: string, relativePath: string) => string },
): string {
  const urlOf = params.urlOf ?? mediaUrl;
  const dir = path.posix.dirname(params.vttPath);
  const prefix = derivedPrefix(params.versionId);
  return text
    .split(/(\r?\n)/)
    .map((line) => {
      const match = IMAGE_REF.exec(line.trim());
      if (!match || line.includes("-->")) return line;
      const ref = match[1]!;
      const fragment = match[2] ?? "";
      if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith("/")) return line; // absolute URL or path
      const relative = ref.startsWith(prefix)
        ? ref.slice(prefix.length)
        : path.posix.normalize(path.posix.join(dir, ref)).replace(/^\.\//, "");
      const safe = parseMediaPath(relative);
      return safe ? urlOf(params.versionId, safe) + fragment : line;
    })
    .join("");
}
