/**
 * Quick benchmark: the one-pass ladder (one decode, split) against separate FFmpeg runs per rendition.
 * Usage: npx tsx lib/media/bench/one-pass-vs-separate.ts [seconds=5] [rounds=2]
 * Rounds alternate A/B so a busy host skews both alike; still compare within one run only (docs/measurements.md).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTranscodeArgs, runFfmpeg } from "../ffmpeg";
import { probeMedia } from "../ffprobe";
import { hardenedInputArgs } from "../input-hardening";
import { runProcess } from "../run-process";
import { parseMediaConfig, planRenditions, type RenditionPlan } from "../rendition-plan";

async function ff(args: string[]): Promise<number> {
  const t = Date.now();
  const r = await runProcess("ffmpeg", ["-hide_banner", "-nostdin", "-y", "-v", "error", ...args], { timeoutMs: 30 * 60_000 });
  if (r.exitCode !== 0) throw new Error(r.stderrTail);
  return Date.now() - t;
}

function x264(plan: RenditionPlan, w: number, h: number, maxrate: number): string[] {
  const v = plan.video;
  if (!v) throw new Error("video plan expected");
  return [
    "-vf", `setpts=PTS-STARTPTS,fps=fps=${v.frameRate.num}/${v.frameRate.den},scale=w=${w}:h=${h}:out_range=tv,format=yuv420p`,
    "-c:v", "libx264", "-preset", plan.x264Preset, "-profile:v", "high", "-g", String(v.gopFrames), "-keyint_min", String(v.gopFrames),
    "-sc_threshold", "0", "-crf", "23", "-maxrate", String(maxrate), "-bufsize", String(maxrate * 2), "-fps_mode", "passthrough",
  ];
}

async function separateRuns(plan: RenditionPlan, input: string, out: string): Promise<Record<string, number>> {
  const inArgs = [...hardenedInputArgs(), "-i", input];
  const times: Record<string, number> = {};
  const pv = plan.proxy.video;
  if (!pv || !plan.video) throw new Error("video plan expected");
  times["proxy"] = await ff([...inArgs, ...x264(plan, pv.width, pv.height, pv.maxBitrate), "-map", "0:v:0", "-map", "0:a:0?", "-c:a", "aac", "-ac", "2", "-ar", "48000", "-movflags", "+faststart", join(out, "proxy.mp4")]);
  for (const r of plan.hls.rungs) {
    await mkdir(join(out, r.name), { recursive: true });
    times[`hls_${r.name}`] = await ff([
      ...inArgs, ...x264(plan, r.width, r.height, r.maxBitrate), "-an", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
      "-hls_segment_type", "fmp4", "-hls_segment_options", "movflags=+negative_cts_offsets:use_editlist=0", join(out, r.name, "index.m3u8"),
    ]);
  }
  await mkdir(join(out, "audio"), { recursive: true });
  times["hls_audio"] = await ff([...inArgs, "-vn", "-c:a", "aac", "-ac", "2", "-ar", "48000", "-f", "hls", "-hls_time", "2", "-hls_segment_type", "fmp4", join(out, "audio", "index.m3u8")]);
  const p = plan.poster;
  if (p) times["poster"] = await ff([...inArgs, "-vf", `trim=start_frame=${p.frameIndex}:end_frame=${p.frameIndex + 1},scale=${p.width}:${p.height}`, "-frames:v", "1", "-update", "1", join(out, "poster.jpg")]);
  const s = plan.sprite;
  if (s) times["sprite"] = await ff([...inArgs, "-vf", `fps=fps=1/${s.intervalSeconds},scale=${s.thumbWidth}:${s.thumbHeight},tile=layout=${s.columns}x${s.rows}`, "-frames:v", "1", "-update", "1", join(out, "sprite.jpg")]);
  return times;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const rounds = Number(process.argv[3] ?? 2);
  const dir = await mkdtemp(join(tmpdir(), "axiom-bench-"));
  try {
    const src = join(dir, "prores.mov");
    await ff(["-f", "lavfi", "-i", `testsrc2=s=1920x1080:r=24000/1001:d=${seconds}`, "-f", "lavfi", "-i", `sine=r=48000:d=${seconds}`,
      "-c:v", "prores_ks", "-profile:v", "3", "-c:a", "pcm_s24le", "-timecode", "01:00:00:00", src]);
    const facts = await probeMedia(src);
    const plan = planRenditions(facts, parseMediaConfig({ x264Preset: "veryfast", ffmpegThreads: 0 }));
    const decodeMs = await ff(["-i", src, "-f", "null", "-"]);
    console.log(`source: ${seconds} s 1080p ProRes 422 HQ 23.976; decode only: ${decodeMs} ms`);
    for (let round = 1; round <= rounds; round += 1) {
      const a = join(dir, `a${round}`);
      await mkdir(a, { recursive: true });
      const t = Date.now();
      await runFfmpeg(buildTranscodeArgs(plan, src, a), { timeoutMs: 30 * 60_000 });
      const onePass = Date.now() - t;
      const b = join(dir, `b${round}`);
      await mkdir(b, { recursive: true });
      const times = await separateRuns(plan, src, b);
      const separate = Object.values(times).reduce((x, y) => x + y, 0);
      console.log(
        `round ${round}: one pass ${onePass} ms (${(seconds * 1000 / onePass).toFixed(2)}x RT); ` +
          `separate runs ${separate} ms (${(seconds * 1000 / separate).toFixed(2)}x RT) = ${JSON.stringify(times)}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
