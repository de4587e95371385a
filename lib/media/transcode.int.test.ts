import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { MediaError } from "./errors";
import { runFfmpeg } from "./ffmpeg";
import { probeMedia } from "./ffprobe";
import { firstFragmentPresentationTicks } from "./mp4-boxes";
import { parseMediaConfig } from "./rendition-plan";
import { ffmpegFixture, ffprobeJson, fastConfig, makeTempDir } from "./test-media";
import { transcodeToRenditions } from "./transcode-to-renditions";
import { waveformPeaksSchema } from "./waveform-peaks";

const streamsSchema = z.object({
  streams: z.array(
    z.looseObject({
      codec_type: z.string(),
      codec_name: z.string().optional(),
      codec_tag_string: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      r_frame_rate: z.string().optional(),
      nb_frames: z.string().optional(),
      channels: z.number().optional(),
      sample_rate: z.string().optional(),
      tags: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

async function proxyStreams(path: string) {
  return streamsSchema.parse(await ffprobeJson(path, ["-show_streams"])).streams;
}

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir("transcode");
});
afterAll(async () => {
  await tmp.cleanup();
});

describe("transcodeToRenditions on generated sources (real FFmpeg)", () => {
  it("keeps a 1080p ProRes 23.976 source's rate, frame count and start timecode 01:00:00:00", async () => {
    const src = join(tmp.dir, "prores.mov");
    await ffmpegFixture([
      "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=24000/1001:d=1",
      "-f", "lavfi", "-i", "sine=f=440:r=48000:d=1",
      "-c:v", "prores_ks", "-profile:v", "3", "-c:a", "pcm_s24le", "-timecode", "01:00:00:00", src,
    ]);
    const facts = await probeMedia(src);
    expect(facts.video).toMatchObject({
      codec: "prores", width: 1920, height: 1080, frameRate: { num: 24000, den: 1001 }, frameCount: 24,
      isVariableFrameRate: false, bitDepth: 10,
    });
    expect(facts.startTimecode).toBe("01:00:00:00");
    expect(facts.isDropFrame).toBe(false);

    const progress: number[] = [];
    const result = await transcodeToRenditions({
      inputPath: src, workDir: join(tmp.dir, "prores-out"), facts, config: fastConfig, onProgress: (f) => progress.push(f),
    });
    expect(result.renditions.map((r) => r.kind)).toEqual(["proxy_mp4", "hls", "poster", "sprite", "thumbnails_vtt", "waveform"]);
    expect(result.plan.hls.rungs.map((r) => r.name)).toEqual(["1080p", "720p", "360p"]);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);

    const streams = await proxyStreams(join(tmp.dir, "prores-out", "proxy.mp4"));
    const v = streams.find((s) => s.codec_type === "video");
    expect(v).toMatchObject({ codec_name: "h264", width: 1920, height: 1080, r_frame_rate: "24000/1001", nb_frames: "24" });
    expect(streams.find((s) => s.codec_tag_string === "tmcd")?.tags?.["timecode"]).toBe("01:00:00:00");
    expect(streams.find((s) => s.codec_type === "audio")).toMatchObject({ codec_name: "aac", channels: 2, sample_rate: "48000" });
    const vtt = await readFile(join(tmp.dir, "prores-out", "thumbnails.vtt"), "utf8");
    expect(vtt.startsWith("WEBVTT")).toBe(true);
  });

  it("reads drop-frame timecode 00:59:59;28 from an H.264 29.97 source and keeps 30000/1001", async () => {
    const src = join(tmp.dir, "df.mp4");
    await ffmpegFixture([
      "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30000/1001:d=2",
      "-f", "lavfi", "-i", "sine=f=1000:r=44100:d=2",
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-timecode", "00:59:59;28", src,
    ]);
    const facts = await probeMedia(src);
    expect(facts.startTimecode).toBe("00:59:59;28");
    expect(facts.isDropFrame).toBe(true);
    expect(facts.video).toMatchObject({ frameRate: { num: 30000, den: 1001 }, frameCount: 60 });
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "df-out"), facts, config: fastConfig });
    const v = (await proxyStreams(result.renditions[0]?.path ?? "")).find((s) => s.codec_type === "video");
    expect(v).toMatchObject({ r_frame_rate: "30000/1001", nb_frames: "60" });
  });

  it("makes even, square-pixel outputs from a 25 fps 321x241 source (FFV1 in Matroska: frames counted)", async () => {
    const src = join(tmp.dir, "odd.mkv");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc=s=321x241:r=25:d=2", "-c:v", "ffv1", src]);
    const facts = await probeMedia(src);
    expect(facts.video).toMatchObject({ width: 321, height: 241, frameRate: { num: 25, den: 1 }, frameCount: 50, frameCountSource: "counted" });
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "odd-out"), facts, config: fastConfig });
    expect(result.plan.proxy.video).toMatchObject({ width: 320, height: 240 });
    expect(result.plan.hls.rungs.map((r) => [r.width, r.height])).toEqual([[320, 240]]);
    expect(result.plan.audio).toBeNull();
    const v = (await proxyStreams(result.renditions[0]?.path ?? "")).find((s) => s.codec_type === "video");
    expect(v).toMatchObject({ width: 320, height: 240, r_frame_rate: "25/1", nb_frames: "50" });
    // No sound: no waveform, no stats file left behind, and nothing to warn about.
    expect(result.renditions.map((r) => r.kind)).not.toContain("waveform");
    expect(result.warnings).toEqual([]);
    expect((await readdir(join(tmp.dir, "odd-out"))).filter((f) => f.startsWith("waveform"))).toEqual([]);
  });

  it("measures the waveform of a picture with sound in the same decode, in sync: silence, then a tone from 1 s", async () => {
    const src = join(tmp.dir, "av-wave.mov");
    // 2 s at 25 fps; the sound is 1 s of silence then 1 s of a full-scale-ish tone (volume 0.5).
    await ffmpegFixture([
      "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2",
      "-f", "lavfi", "-i", "aevalsrc='if(gte(t\\,1)\\,0.5*sin(2*PI*440*t)\\,0)':s=48000:d=2",
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", src,
    ]);
    const facts = await probeMedia(src);
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "av-wave-out"), facts, config: fastConfig });
    expect(result.warnings).toEqual([]);
    const wave = result.renditions.find((r) => r.kind === "waveform");
    expect(wave).toMatchObject({ contentType: "application/json", path: join(tmp.dir, "av-wave-out", "waveform.json") });
    const peaks = waveformPeaksSchema.parse(JSON.parse(await readFile(wave?.path ?? "", "utf8")));
    // 2 s in buckets of 10 ms.
    expect(peaks).toMatchObject({ sample_rate: 48000, samples_per_pixel: 480, length: 200 });
    const maxima = peaks.data.filter((_, i) => i % 2 === 1);
    const minima = peaks.data.filter((_, i) => i % 2 === 0);
    // Silent up to the bucket before 1 s, loud from the bucket after it (0.5 mono, upmixed to stereo at
    // −3 dB: 0.354 ≈ 45 of 127): the waveform sits on the picture's clock. The stats file is gone.
    expect(Math.max(...maxima.slice(0, 99))).toBeLessThanOrEqual(1);
    expect(Math.min(...maxima.slice(101))).toBeGreaterThanOrEqual(40);
    expect(Math.max(...minima.slice(101))).toBeLessThanOrEqual(-40);
    expect((await readdir(join(tmp.dir, "av-wave-out"))).filter((f) => f.startsWith("waveform"))).toEqual(["waveform.json"]);
  });

  it("gives an audio-only WAV an AAC proxy, an HLS audio rendition and a waveform", async () => {
    const src = join(tmp.dir, "tone.wav");
    await ffmpegFixture(["-f", "lavfi", "-i", "sine=f=220:r=44100:d=3", "-ac", "1", src]);
    const facts = await probeMedia(src);
    expect(facts.video).toBeNull();
    expect(facts.audio).toMatchObject({ codec: "pcm_s16le", channels: 1, sampleRate: 44100 });
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "wav-out"), facts, config: fastConfig });
    expect(result.renditions.map((r) => r.kind)).toEqual(["proxy_mp4", "hls", "waveform"]);
    const streams = await proxyStreams(result.renditions[0]?.path ?? "");
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({ codec_type: "audio", codec_name: "aac", channels: 2, sample_rate: "48000" });
    expect(await readFile(join(tmp.dir, "wav-out", "hls", "master.m3u8"), "utf8")).toContain("audio/index.m3u8");
  });

  it("keeps frame N of a video-only B-frame source at frame N, in the proxy and at the start of every HLS segment", async () => {
    // Frame n has luma 16 + 8·n (mod 216): the proxy's frame order can be read back from pixels. Inside the
    // legal TV range, because the BT.601 → BT.709 conversion of this untagged SD source clamps to it.
    const src = join(tmp.dir, "numbered.mp4");
    await ffmpegFixture([
      "-f", "lavfi", "-i", "color=black:s=320x180:r=24000/1001:d=2.5,geq=lum='16+mod(N*8\\,216)':cb=128:cr=128",
      "-c:v", "libx264", "-preset", "veryfast", "-crf", "8", "-pix_fmt", "yuv420p", src,
    ]);
    const facts = await probeMedia(src);
    expect(facts.audio).toBeNull();
    // veryfast has B-frames: the case where fMP4 HLS otherwise starts two frames late.
    const result = await transcodeToRenditions({
      inputPath: src, workDir: join(tmp.dir, "num-out"), facts, config: parseMediaConfig({ x264Preset: "veryfast", ffmpegThreads: 2 }),
    });
    const proxy = result.renditions[0]?.path ?? "";
    const frames = z
      .object({ frames: z.array(z.object({ tags: z.object({ "lavfi.signalstats.YAVG": z.string() }) })) })
      .parse(await ffprobeJson(`movie=${proxy},signalstats`, ["-f", "lavfi", "-show_entries", "frame_tags=lavfi.signalstats.YAVG"]));
    const lumas = frames.frames.map((f) => Number(f.tags["lavfi.signalstats.YAVG"]));
    expect(lumas).toHaveLength(facts.video?.frameCount ?? -1);
    lumas.forEach((y, n) => expect(Math.abs(y - (16 + ((n * 8) % 216))), `frame ${n}: luma ${y}`).toBeLessThan(4));
    const rungDir = join(tmp.dir, "num-out", "hls", "180p");
    const files = await readdir(rungDir);
    expect(files).toContain("init.mp4");
    const init = await readFile(join(rungDir, "init.mp4"));
    for (const seg of files.filter((f) => f.endsWith(".m4s"))) {
      const ticks = firstFragmentPresentationTicks(init, await readFile(join(rungDir, seg)));
      const index = Number(/(\d+)/.exec(seg)?.[1]);
      expect(ticks).toBe(index * 48 * 1001); // 48-frame GOPs at timescale 24000
    }
  });
});

describe("transcodeToRenditions: one encode per size, BT.709, output cap (real FFmpeg)", () => {
  it("converts an RGB source with the BT.709 matrix and tags proxy and HLS so", async () => {
    // Pure red in RGB (QuickTime Animation). BT.709 TV-range luma of red is 63; BT.601's is 82.
    const src = join(tmp.dir, "red.mov");
    await ffmpegFixture(["-f", "lavfi", "-i", "color=c=red:s=320x240:r=25:d=1", "-c:v", "qtrle", "-pix_fmt", "rgb24", src]);
    const facts = await probeMedia(src);
    expect(facts.video?.pixelFormat).toBe("rgb24");
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "red-out"), facts, config: fastConfig });
    const proxy = result.renditions[0]?.path ?? "";
    const colourSchema = z.object({
      streams: z.array(z.looseObject({ color_space: z.string().optional(), color_primaries: z.string().optional(), color_transfer: z.string().optional() })),
    });
    const tags = colourSchema.parse(await ffprobeJson(proxy, ["-select_streams", "v:0", "-show_streams"])).streams[0];
    expect(tags).toMatchObject({ color_space: "bt709", color_primaries: "bt709", color_transfer: "bt709" });
    const rung = join(tmp.dir, "red-out", "hls", "240p");
    const rungTags = colourSchema.parse(await ffprobeJson(join(rung, "init.mp4"), ["-show_streams"])).streams[0];
    expect(rungTags).toMatchObject({ color_space: "bt709", color_primaries: "bt709", color_transfer: "bt709" });
    const luma = z
      .object({ frames: z.array(z.object({ tags: z.object({ "lavfi.signalstats.YAVG": z.string() }) })) })
      .parse(await ffprobeJson(`movie=${proxy},signalstats`, ["-f", "lavfi", "-read_intervals", "%+#1", "-show_entries", "frame_tags=lavfi.signalstats.YAVG"]));
    expect(Number(luma.frames[0]?.tags["lavfi.signalstats.YAVG"])).toBeCloseTo(63, -0.5);
  });

  it("encodes the proxy on its own when no rung has its size (1000x500: proxy 1000x500, rung 640x320)", async () => {
    const src = join(tmp.dir, "wide.mp4");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=s=1000x500:r=25:d=1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", src]);
    const facts = await probeMedia(src);
    const result = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "wide-out"), facts, config: fastConfig });
    expect(result.plan.proxy.twinRungName).toBeNull();
    expect(result.plan.hls.rungs.map((r) => [r.width, r.height])).toEqual([[640, 320]]);
    const v = (await proxyStreams(result.renditions[0]?.path ?? "")).find((s) => s.codec_type === "video");
    expect(v).toMatchObject({ width: 1000, height: 500, nb_frames: "25" });
    expect(result.qc.isPassed).toBe(true);
  });

  it("stops FFmpeg with limit_exceeded when the outputs outgrow the cap while it runs", async () => {
    const src = join(tmp.dir, "long.mp4");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=20", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", src]);
    const facts = await probeMedia(src);
    const progress: number[] = [];
    const err = await transcodeToRenditions({
      inputPath: src, workDir: join(tmp.dir, "capped-out"), facts, config: fastConfig, onProgress: (f) => progress.push(f),
      maxOutputBytes: 64 * 1024, outputCheckIntervalMs: 50,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe("limit_exceeded");
    expect((err as MediaError).message).toContain("65536");
    // Stopped mid-run: FFmpeg never reported the end of its work.
    expect(progress).not.toContain(1);
  });
});

describe("runFfmpeg limits", () => {
  it("kills FFmpeg on timeout and says timeout", async () => {
    const started = Date.now();
    const err = await runFfmpeg(["-nostdin", "-f", "lavfi", "-i", "testsrc=s=320x240:r=25:d=600", "-f", "null", "-"], { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops on an AbortSignal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const err = await runFfmpeg(["-nostdin", "-f", "lavfi", "-i", "testsrc=s=320x240:r=25:d=600", "-f", "null", "-"], {
      timeoutMs: 60_000, signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((err as MediaError).code).toBe("timeout");
  });
});
