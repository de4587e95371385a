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

/**
 * An H.264 MP4 shaped like AXIOM's proxy (GOP 48, B-frames) that shows its own frame number N
 * (N < 400) as two flat greys: the left half N mod 20, the right half floor(N / 20), in luma steps
 * of 10 from 16. `frameNumberShownIn` reads a picture of it back; JPEG and scaling blur a step by far less.
 */
export async function makeNumberedProxy(outPath: string, rate: { num: number; den: number }, frames: number): Promise<void> {
  await ffmpegFixture([
    "-f", "lavfi",
    "-i", `color=c=black:s=320x180:r=${rate.num}/${rate.den},format=gray,geq=lum='if(lt(X,W/2),16+mod(N,20)*10,16+floor(N/20)*10)',format=yuv420p`,
    "-frames:v", String(frames),
    "-c:v", "libx264", "-preset", "veryfast", "-g", "48", "-bf", "2",
    "-movflags", "+faststart",
    outPath,
  ]);
}

/** The frame number a picture of `makeNumberedProxy` shows (thumbnails are scaled: halves are read by area). */
export async function frameNumberShownIn(imagePath: string): Promise<number> {
  const { dir, cleanup } = await makeTempDir("grey");
  try {
    const { readFile } = await import("node:fs/promises");
    const step = async (crop: string) => {
      const out = join(dir, "grey.raw");
      // The middle of each half only: the JPEG blurs the edge between them.
      await ffmpegFixture(["-i", imagePath, "-vf", `${crop},scale=1:1:flags=area,format=gray`, "-f", "rawvideo", "-y", out]);
      // geq paints the grey (full-range) picture, so the grey reads back as painted: 16 + 10·step.
      return Math.round(((await readFile(out))[0]! - 16) / 10);
    };
    const low = await step("crop=iw/4:ih/2:iw/8:ih/4");
    const high = await step("crop=iw/4:ih/2:5*iw/8:ih/4");
    return high * 20 + low;
  } finally {
    await cleanup();
  }
}
