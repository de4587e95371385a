import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { MEDIA_FORMATS } from "@/lib/media/media-formats";

/**
 * The files `axiom ingest` sends: each named file, and every file under each named folder (walked
 * recursively, in name order), that has an extension of the one media table. Everything else is
 * reported as skipped, so a folder of deliveries with a README in it still ingests.
 */

export type MediaFile = { path: string; size: number; mtimeMs: number; contentType: string };
export type FoundFiles = { media: MediaFile[]; skipped: { path: string; reason: string }[] };

export async function findMediaFiles(paths: string[]): Promise<FoundFiles> {
  const found: FoundFiles = { media: [], skipped: [] };
  const visit = async (file: string, named: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch {
      if (named) found.skipped.push({ path: file, reason: "not found" });
      return;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(file)).sort();
      for (const entry of entries) await visit(path.join(file, entry), false);
      return;
    }
    if (!info.isFile()) {
      found.skipped.push({ path: file, reason: "not a regular file" });
      return;
    }
    const format = mediaFormatOf(file);
    if (!format) {
      found.skipped.push({ path: file, reason: "not a media file" });
      return;
    }
    found.media.push({ path: file, size: info.size, mtimeMs: info.mtimeMs, contentType: format.contentType });
  };
  for (const p of paths) await visit(path.resolve(p), true);
  return found;
}

export function mediaFormatOf(file: string) {
  const ext = path.extname(file).slice(1).toLowerCase();
  return Object.hasOwn(MEDIA_FORMATS, ext) ? MEDIA_FORMATS[ext]! : null;
}

/** The asset a file becomes without `--asset`: its name without the extension. */
export function assetNameOf(file: string): string {
  return path.basename(file, path.extname(file));
}
