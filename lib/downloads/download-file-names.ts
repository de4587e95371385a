import { safeFileNamePart } from "@/lib/exports/export-file-name";

/** `SH010_v003_proxy.mp4`: a proxy's download name (the proxy has no name of its own). */
export function proxyDownloadName(assetName: string, versionNumber: number | null): string {
  const version = versionNumber === null ? "" : `_v${String(versionNumber).padStart(3, "0")}`;
  return `${safeFileNamePart(assetName, 120)}${version}_proxy.mp4`;
}

/**
 * `03_SH010_v003.mp4`: an entry of a playlist's zip. Folded to `[A-Za-z0-9._-]` (no separator, no
 * `..`: an entry cannot land outside the folder it is unpacked in), and led by the 1-based place in
 * the playlist, so the names sort in playlist order and are unique.
 */
export function playlistZipEntryName(
  index: number,
  count: number,
  assetName: string,
  versionNumber: number | null,
): string {
  const width = Math.max(2, String(count).length);
  const version = versionNumber === null ? "" : `_v${String(versionNumber).padStart(3, "0")}`;
  return `${String(index + 1).padStart(width, "0")}_${safeFileNamePart(assetName, 120)}${version}.mp4`;
}
