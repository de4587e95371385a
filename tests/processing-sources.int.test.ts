import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { renditions } from "../db/schema";
import { ffprobeJson } from "../lib/media/test-media";
import { waveformPeaksSchema, type WaveformPeaks } from "../lib/media/waveform-peaks";
import { downloadMaster } from "../lib/processing/download-master";
import { ffmpegOrThrow, readBytes, setupProcessingTest, uploadVersion } from "./processing-fixtures";

/**
 * Sources generated with lavfi, each uploaded through the real upload functions and processed by
 * `processVersion` with real FFmpeg, PostgreSQL and S3: the stored typed columns (what the review room
 * and the API show) and the renditions in S3 (probed again after download).
 */

const ctx = setupProcessingTest({
  tmpPrefix: "axiom-processing-sources-",
  configInput: { media: { x264Preset: "ultrafast", ffmpegThreads: 2 } },
  workerId: "sources-worker",
});

/** Generates `name` with FFmpeg, uploads it as a version and processes it; returns the row and renditions. */
async function processGenerated(name: string, ffmpegArgs: string[]) {
  const file = path.join(ctx.workDir, name);
  ffmpegOrThrow([...ffmpegArgs, file]);
  const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes: await readBytes(file), fileName: name });
  const outcome = await ctx.run(versionId);
  const version = await ctx.versionRow(versionId);
  const rows = await ctx.t.db.select().from(renditions).where(eq(renditions.versionId, versionId));
  return { versionId, outcome, version, byKind: Object.fromEntries(rows.map((r) => [r.kind, r])) };
}

const streamSchema = z.looseObject({
  codec_type: z.string(),
  codec_name: z.string().optional(),
  codec_tag_string: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  r_frame_rate: z.string().optional(),
  nb_frames: z.string().optional(),
  channels: z.number().optional(),
  sample_rate: z.string().optional(),
  color_space: z.string().optional(),
  color_primaries: z.string().optional(),
  color_transfer: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** Downloads a stored rendition and probes it: what a browser would receive. */
async function probeStored(storageKey: string) {
  const { path: local } = await downloadMaster(ctx.storage, { key: storageKey, destination: path.join(ctx.workDir, `dl-${storageKey.replaceAll("/", "_")}`) });
  return z.object({ streams: z.array(streamSchema) }).parse(await ffprobeJson(local, ["-show_streams"])).streams;
}

/** Downloads the stored waveform and reads it through the schema the player uses. */
async function storedWaveform(storageKey: string): Promise<WaveformPeaks> {
  const chunks: Buffer[] = [];
  for await (const chunk of await ctx.storage.getStream(storageKey)) chunks.push(Buffer.from(chunk as Uint8Array));
  return waveformPeaksSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
}

const MOV = "mov,mp4,m4a,3gp,3g2,mj2";

describe("generated sources through the whole job", () => {
  it("ProRes 422 HQ 1080p 23.976 with start timecode 01:00:00:00 and 24-bit PCM (and its waveform)", async () => {
    const { outcome, version, byKind } = await processGenerated("prores.mov", [
      "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=24000/1001",
      "-f", "lavfi", "-i", "sine=f=440:r=48000",
      "-frames:v", "24", "-t", "1.001",
      "-vf", "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709",
      "-c:v", "prores_ks", "-profile:v", "3", "-c:a", "pcm_s24le", "-ac", "2",
      "-timecode", "01:00:00:00", "-movflags", "+write_colr",
    ]);
    expect(outcome).toEqual({ outcome: "ready", attempt: 1 });
    expect(version).toMatchObject({
      processingState: "READY",
      container: MOV,
      videoCodec: "prores",
      audioCodec: "pcm_s24le",
      width: 1920,
      height: 1080,
      rotation: 0,
      pixelFormat: "yuv422p10le",
      colorPrimaries: "bt709",
      colorTransfer: "bt709",
      frameRateNum: 24000,
      frameRateDen: 1001,
      isVariableFrameRate: false,
      frameCount: 24,
      startTimecode: "01:00:00:00",
      dropFrame: false,
      audioChannels: 2,
      audioChannelLayout: "stereo",
      audioSampleRate: 48000,
    });
    expect(version.durationSeconds).toBeCloseTo(1.001, 3);
    expect(Object.keys(byKind).sort()).toEqual(["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt", "waveform"]);
    expect(byKind.proxy_mp4).toMatchObject({ width: 1920, height: 1080, contentType: "video/mp4" });
    // A picture with sound gets a waveform too, measured in the same decode (docs/processing.md, "Waveform").
    expect(byKind.waveform).toMatchObject({
      contentType: "application/json", storageKey: expect.stringMatching(/waveform\.json$/),
      details: { format: "audiowaveform-json-v2", sampleRate: 48000, samplesPerBucket: 480 },
    });
    const wave = await storedWaveform(byKind.waveform!.storageKey);
    // 1.001 s at 48 kHz in buckets of 10 ms: 101 buckets (the last one short).
    expect(wave).toMatchObject({ sample_rate: 48000, samples_per_pixel: 480, length: 101 });
    // lavfi's sine is at 1/8 of full scale (≤ 16 of 127), and this MOV's PCM track ends at 0.875 s
    // (41 984 samples): the waveform is loud up to there and flat over the padding to the picture's end.
    const maxima = wave.data.filter((_, i) => i % 2 === 1);
    expect(Math.min(...maxima.slice(0, 87))).toBeGreaterThanOrEqual(8);
    expect(Math.max(...maxima.slice(0, 87))).toBeLessThanOrEqual(17);
    expect(maxima.slice(88)).toEqual(Array.from({ length: 13 }, () => 0));
    expect(version.processingWarnings).toEqual([]);

    const proxy = await probeStored(byKind.proxy_mp4!.storageKey);
    expect(proxy.find((s) => s.codec_type === "video")).toMatchObject({
      codec_name: "h264", pix_fmt: "yuv420p", width: 1920, height: 1080, r_frame_rate: "24000/1001", nb_frames: "24",
      color_space: "bt709", color_primaries: "bt709", color_transfer: "bt709",
    });
    expect(proxy.find((s) => s.codec_type === "audio")).toMatchObject({ codec_name: "aac", channels: 2, sample_rate: "48000" });
    expect(proxy.find((s) => s.codec_tag_string === "tmcd")?.tags?.["timecode"]).toBe("01:00:00:00");
  });

  it("H.264 29.97 with drop-frame timecode 00:59:59;28 and mono 44.1 kHz AAC", async () => {
    const { outcome, version, byKind } = await processGenerated("dropframe.mp4", [
      "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30000/1001",
      "-f", "lavfi", "-i", "sine=f=1000:r=44100",
      "-frames:v", "60", "-t", "2.002",
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "1",
      "-timecode", "00:59:59;28",
    ]);
    expect(outcome).toMatchObject({ outcome: "ready" });
    expect(version).toMatchObject({
      container: MOV, videoCodec: "h264", audioCodec: "aac", width: 320, height: 240, pixelFormat: "yuv420p",
      frameRateNum: 30000, frameRateDen: 1001, frameCount: 60, startTimecode: "00:59:59;28", dropFrame: true,
      audioChannels: 1, audioChannelLayout: "mono", audioSampleRate: 44100,
    });
    expect(version.durationSeconds).toBeCloseTo(60 / (30000 / 1001), 3);
    const proxy = await probeStored(byKind.proxy_mp4!.storageKey);
    expect(proxy.find((s) => s.codec_type === "video")).toMatchObject({ r_frame_rate: "30000/1001", nb_frames: "60" });
    // Mono in, AAC stereo 48 kHz out.
    expect(proxy.find((s) => s.codec_type === "audio")).toMatchObject({ channels: 2, sample_rate: "48000" });
    expect(proxy.find((s) => s.codec_tag_string === "tmcd")?.tags?.["timecode"]).toBe("00:59:59;28");
  });

  it("25 fps with odd dimensions (321x241 FFV1 in Matroska): even outputs, frames counted", async () => {
    const { outcome, version, byKind } = await processGenerated("odd.mkv", [
      "-f", "lavfi", "-i", "testsrc=s=321x241:r=25",
      "-f", "lavfi", "-i", "sine=f=330:r=48000",
      "-frames:v", "50", "-t", "2",
      "-c:v", "ffv1", "-c:a", "pcm_s16le",
    ]);
    expect(outcome).toMatchObject({ outcome: "ready" });
    expect(version).toMatchObject({
      container: "matroska,webm", videoCodec: "ffv1", audioCodec: "pcm_s16le", width: 321, height: 241,
      frameRateNum: 25, frameRateDen: 1, frameCount: 50, startTimecode: null, dropFrame: null, audioSampleRate: 48000,
    });
    expect(byKind.proxy_mp4).toMatchObject({ width: 320, height: 240 });
    const proxy = await probeStored(byKind.proxy_mp4!.storageKey);
    expect(proxy.find((s) => s.codec_type === "video")).toMatchObject({ width: 320, height: 240, r_frame_rate: "25/1", nb_frames: "50" });
  });

  it("audio-only 5.1 WAV: AAC stereo proxy, HLS audio rendition and a waveform; no poster or sprite", async () => {
    // Six channels: the WAV carries a channel mask (WAVEFORMATEXTENSIBLE); a plain stereo WAV has no layout.
    const { outcome, version, byKind } = await processGenerated("tone.wav", [
      "-f", "lavfi", "-i", "sine=f=220:r=44100:d=2", "-ac", "6", "-c:a", "pcm_s16le",
    ]);
    expect(outcome).toMatchObject({ outcome: "ready" });
    expect(version).toMatchObject({
      container: "wav", videoCodec: null, audioCodec: "pcm_s16le", width: null, height: null, rotation: null,
      frameRateNum: null, frameCount: null, audioChannels: 6, audioChannelLayout: "5.1", audioSampleRate: 44100,
    });
    expect(version.durationSeconds).toBeCloseTo(2, 2);
    expect(Object.keys(byKind).sort()).toEqual(["hls", "proxy_mp4", "waveform"]);
    expect(byKind.proxy_mp4).toMatchObject({ contentType: "audio/mp4", storageKey: expect.stringMatching(/proxy\.m4a$/) });
    expect(byKind.waveform).toMatchObject({ contentType: "application/json", width: null, height: null });
    expect(await storedWaveform(byKind.waveform!.storageKey)).toMatchObject({ samples_per_pixel: 480, length: 200 });
    const proxy = await probeStored(byKind.proxy_mp4!.storageKey);
    expect(proxy).toEqual([expect.objectContaining({ codec_type: "audio", codec_name: "aac", channels: 2, sample_rate: "48000" })]);
    const files = (byKind.hls!.details as { files: { path: string }[] }).files.map((f) => f.path);
    expect(files).toContain("hls/audio/index.m3u8");
  });

  it("video-only H.264: the proxy has no audio stream, and there is no waveform (and no warning)", async () => {
    const { outcome, version, byKind } = await processGenerated("silent.mp4", [
      "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25", "-frames:v", "25",
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
    ]);
    expect(outcome).toMatchObject({ outcome: "ready" });
    expect(version).toMatchObject({ videoCodec: "h264", audioCodec: null, audioChannels: null, audioSampleRate: null, frameCount: 25 });
    const proxy = await probeStored(byKind.proxy_mp4!.storageKey);
    expect(proxy.map((s) => s.codec_type)).toEqual(["video"]);
    // No sound, no waveform — and nothing to warn about.
    expect(Object.keys(byKind).sort()).toEqual(["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt"]);
    expect(version.processingWarnings).toEqual([]);
  });

  it("a phone-style 90° rotation (display matrix): stored, and the proxy's dimensions are swapped", async () => {
    const plain = path.join(ctx.workDir, "upright.mp4");
    ffmpegOrThrow(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25", "-frames:v", "25", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", plain]);
    // FFmpeg 5.1's CLI writes `rotate=270` as a display matrix of −90° (ffprobe), which is what a phone held
    // upright writes: show it turned 90° clockwise.
    const { outcome, version, byKind } = await processGenerated("rotated.mp4", ["-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=270"]);
    expect(outcome).toMatchObject({ outcome: "ready" });
    expect(version).toMatchObject({ width: 320, height: 240, rotation: 90 });
    expect(byKind.proxy_mp4).toMatchObject({ width: 240, height: 320 });
    const proxy = await probeStored(byKind.proxy_mp4!.storageKey);
    expect(proxy.find((s) => s.codec_type === "video")).toMatchObject({ width: 240, height: 320, nb_frames: "25" });
  });

  it("a MOV whose edit list hides samples (stream-copied cut mid-GOP): the presented frames, not nb_frames", async () => {
    const gop = path.join(ctx.workDir, "gop.mp4");
    ffmpegOrThrow(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", gop]);
    // 65 samples in the track (the GOP's head is kept for decoding), 50 frames presented over 2 s.
    const { outcome, version } = await processGenerated("cut.mov", ["-ss", "0.6", "-i", gop, "-c", "copy", "-t", "2"]);
    expect(outcome).toMatchObject({ outcome: "ready" });
    expect(version).toMatchObject({ frameRateNum: 25, frameRateDen: 1, frameCount: 50 });
    expect(version.durationSeconds).toBeCloseTo(2, 3);
  });
});
