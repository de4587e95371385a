import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runProcess } from "./run-process";
import { parseMediaConfig } from "./rendition-plan";

/** Helpers for the media integration tests (real FFmpeg; media generated with lavfi into temp dirs). */

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** AXIOM_SHARED_MEDIA_DIR, default `../shared/media` from the repo root; null (tests skip) when absent. */
export function sharedMediaDir(): string | null {
  const dir = process.env.AXIOM_SHARED_MEDIA_DIR ?? resolve(repoRoot, "../shared/media");
  return existsSync(join(dir, "MANIFEST.tsv")) ? dir : null;
}

/** Small and fast: ultrafast x264, two threads. */
export const fastConfig = parseMediaConfig({ x264Preset: "ultrafast", ffmpegThreads: 2 });

export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `axiom-media-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs FFmpeg for fixture generation (NOT hardened: lavfi input on purpose). Throws with the log on failure. */
export async function ffmpegFixture(args: string[]): Promise<void> {
  const r = await runProcess("ffmpeg", ["-hide_banner", "-nostdin", "-y", "-v", "error", ...args], { timeoutMs: 120_000 });
  if (r.exitCode !== 0) throw new Error(`fixture ffmpeg failed (${String(r.exitCode)}): ${r.stderrTail}`);
}

/** ffprobe of a test output (not hardened), returning parsed JSON. */
export async function ffprobeJson(path: string, args: string[]): Promise<unknown> {
  const r = await runProcess("ffprobe", ["-v", "error", ...args, "-print_format", "json", "-i", path], {
    timeoutMs: 60_000,
    collectStdout: true,
  });
  if (r.exitCode !== 0) throw new Error(`ffprobe failed: ${r.stderrTail}`);
  return JSON.parse(r.stdout);
}
