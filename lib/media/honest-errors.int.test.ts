import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnoseSource } from "./diagnose-source";
import { MediaError } from "./errors";
import { probeMedia } from "./ffprobe";
import { parseMediaConfig } from "./rendition-plan";
import { runProcess } from "./run-process";
import { ffmpegFixture, fastConfig, makeTempDir } from "./test-media";
import { transcodeToRenditions } from "./transcode-to-renditions";

/**
 * Issue 8: short clips get through, auxiliary outputs never fail a version, and "damaged" is said only
 * of a file that `ffmpeg -xerror -i FILE -f null -` cannot decode. Real FFmpeg, generated sources.
 */

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir("honest");
});
afterAll(async () => {
  await tmp.cleanup();
});

async function decodesCleanly(path: string): Promise<boolean> {
  const r = await runProcess("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", path, "-f", "null", "-"], { timeoutMs: 60_000 });
  return r.exitCode === 0 && r.stderrLineCount === 0;
}

async function transcodeError(path: string, name: string, config = fastConfig): Promise<MediaError> {
  const facts = await probeMedia(path);
  const err = await transcodeToRenditions({ inputPath: path, workDir: join(tmp.dir, `${name}-out`), facts, config }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  return err as MediaError;
}

describe("short and tiny clips", () => {
  it("makes a 0.3 s 1080p60 phone-like clip READY with 18 frames, a poster and a one-tile sprite (it failed with 'Empty output')", async () => {
    // The issue's own reproduction.
    const src = join(tmp.dir, "short.mp4");
    await ffmpegFixture([
      "-f", "lavfi", "-i", "testsrc2=d=0.3:r=60:s=1920x1080", "-f", "lavfi", "-i", "sine=d=0.3",
      "-pix_fmt", "yuv420p", "-c:v", "libx264", "-c:a", "aac", src,
    ]);
    const facts = await probeMedia(src);
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "short-out"), facts, config: fastConfig });
    expect(result.plan.video?.frameCount).toBe(18);
    expect(result.qc.isPassed).toBe(true);
    expect(result.renditions.map((r) => r.kind).sort()).toEqual(["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt", "waveform"]);
    expect(result.plan.sprite).toMatchObject({ count: 1, columns: 1, rows: 1 });
    const vtt = await readFile(join(tmp.dir, "short-out", "thumbnails.vtt"), "utf8");
    expect(vtt).toContain("00:00:00.000 --> 00:00:00.300");
    expect(result.warnings).toEqual([]);
  });

  for (const frames of [1, 2, 5]) {
    it(`makes a ${frames}-frame 25 fps clip READY with exactly ${frames} frame(s) in proxy and HLS`, async () => {
      const src = join(tmp.dir, `f${frames}.mov`);
      await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=r=25:s=320x240", "-frames:v", String(frames), "-c:v", "prores_ks", "-timecode", "10:00:00:00", src]);
      const facts = await probeMedia(src);
      const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, `f${frames}-out`), facts, config: fastConfig });
      expect(result.plan.video?.frameCount).toBe(frames);
      // QC holds the proxy and every rung to that count (proxy_frame_count, hls_rung_*).
      expect(result.qc.checks.find((c) => c.name === "proxy_frame_count")?.ok).toBe(true);
      expect(result.renditions.some((r) => r.kind === "poster")).toBe(true);
      expect(result.renditions.some((r) => r.kind === "sprite")).toBe(true);
    });
  }
});

describe("honest errors", () => {
  it("says pipeline_failed, never 'damaged', when our own graph fails on a file that decodes cleanly", async () => {
    const src = join(tmp.dir, "clean.mp4");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=d=1:r=25:s=320x240", "-f", "lavfi", "-i", "sine=d=1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-c:a", "aac", src]);
    expect(await decodesCleanly(src)).toBe(true);
    // A real fault of ours: an AAC sample rate the encoder refuses (a bad setting, not a bad file).
    const broken = parseMediaConfig({ x264Preset: "ultrafast", ffmpegThreads: 2, audio: { sampleRate: 1 } });
    const err = await transcodeError(src, "ours", broken);
    expect(err.code).toBe("pipeline_failed");
    expect(err.isRetryable).toBe(false);
    expect(err.message).toMatch(/not in your file/);
    expect(err.message).not.toMatch(/damaged/i);
  });

  it("says damaged only when the source itself does not decode", async () => {
    const src = join(tmp.dir, "fs.mp4");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=d=4:r=25:s=320x240", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-movflags", "+faststart", src]);
    const bytes = await readFile(src);
    const zeroed = Buffer.from(bytes);
    zeroed.fill(0, Math.floor(bytes.length * 0.6), Math.floor(bytes.length * 0.6) + 4000);
    const bad = join(tmp.dir, "zeroed.mp4");
    await writeFile(bad, zeroed);
    expect(await decodesCleanly(bad)).toBe(false);
    const err = await transcodeError(bad, "zeroed");
    expect(err.code).toBe("corrupt_input");
    expect(err.message).toMatch(/^The file is damaged: decoding fails/);
    expect(err.logTail).toContain("decoding the source alone");
  });

  it("diagnoses a clean source as clean and a truncated one as corrupt", async () => {
    const src = join(tmp.dir, "fs.mp4");
    const facts = await probeMedia(src);
    expect(await diagnoseSource(src, facts, { timeoutMs: 60_000 })).toEqual({ isClean: true });
    const cut = join(tmp.dir, "cut.mp4");
    const size = (await stat(src)).size;
    await writeFile(cut, (await readFile(src)).subarray(0, Math.floor(size * 0.5)));
    const diagnosis = await diagnoseSource(cut, facts, { timeoutMs: 60_000 });
    expect(diagnosis.isClean).toBe(false);
    if (!diagnosis.isClean) expect(diagnosis.code).toBe("corrupt_input");
  });
});

describe("picture", () => {
  /** FFmpeg's interlace detector over a file: how many frames it calls interlaced (TFF + BFF) vs progressive. */
  async function idet(path: string): Promise<{ interlaced: number; progressive: number }> {
    const r = await runProcess("ffmpeg", ["-hide_banner", "-nostdin", "-v", "info", "-i", path, "-vf", "idet", "-f", "null", "-"], { timeoutMs: 60_000, tailLines: 200 });
    const m = /Multi frame detection: TFF:\s*(\d+) BFF:\s*(\d+) Progressive:\s*(\d+)/.exec(r.stderrTail);
    if (!m) throw new Error(`idet printed no summary: ${r.stderrTail}`);
    return { interlaced: Number(m[1]) + Number(m[2]), progressive: Number(m[3]) };
  }

  it("deinterlaces an interlaced H.264 in Matroska (whose field order says progressive): no combing left, frame count kept", async () => {
    const src = join(tmp.dir, "interlaced.mkv");
    await ffmpegFixture([
      "-f", "lavfi", "-i", "testsrc2=s=720x576:r=50,tinterlace=mode=interleave_top,setfield=tff", "-t", "2",
      "-c:v", "libx264", "-flags", "+ildct+ilme", "-x264-params", "tff=1", "-pix_fmt", "yuv420p", src,
    ]);
    const before = await idet(src);
    expect(before.interlaced).toBeGreaterThan(before.progressive);
    const facts = await probeMedia(src);
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "interlaced-out"), facts, config: fastConfig });
    expect(result.plan.video?.frameCount).toBe(50);
    expect(result.warnings.map((w) => w.code)).toContain("deinterlaced");
    const proxy = result.renditions.find((r) => r.kind === "proxy_mp4")!.path;
    const after = await idet(proxy);
    // idet needs a few frames to settle; the rest must read as progressive.
    expect(after.progressive).toBeGreaterThanOrEqual(0.8 * (after.progressive + after.interlaced));
  });
});
