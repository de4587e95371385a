import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { MediaError, type MediaErrorCode } from "./errors";
import { type MediaFacts, probeMedia } from "./ffprobe";
import { parseMediaConfig } from "./rendition-plan";
import { runProcess } from "./run-process";
import { ffprobeJson, makeTempDir, sharedMediaDir } from "./test-media";
import { transcodeToRenditions } from "./transcode-to-renditions";

/**
 * Every file in the shared real-media set (README.md + MANIFEST.tsv there) ends in a READY-able result with
 * correct facts, or in the right error class.
 */

type Expectation =
  | { outcome: "ready"; facts: (f: MediaFacts) => void; rate?: string; frames?: number }
  | { outcome: "error"; code: MediaErrorCode; why: string };

const expectations: Record<string, Expectation> = {
  "gopro_karma_h264_tmcd_gpmf.mp4": {
    outcome: "ready", rate: "30000/1001", frames: 362,
    facts: (f) => {
      expect(f.video).toMatchObject({ codec: "h264", width: 854, height: 480, frameCount: 362, isVariableFrameRate: false });
      expect(f.startTimecode).toBe("19:26:48:04"); // from the tmcd track; GPMF/SOS data tracks skipped
      expect(f.audio).toMatchObject({ codec: "aac", channels: 2, sampleRate: 48000 });
    },
  },
  "pixel7_h264_vfr_videoonly_rot180.mp4": {
    // VFR policy: nearest standard rate to avg_frame_rate (29.87) is 30000/1001; duration 1.2052 s kept.
    outcome: "ready", rate: "30000/1001", frames: 36,
    facts: (f) => {
      expect(f.video).toMatchObject({ isVariableFrameRate: true, rotation: 180, width: 1920, height: 1080 });
      expect(f.audio).toBeNull();
    },
  },
  "bbb_mpeg2_1080p24_mp2.ts": {
    // 58 decodable pictures on a 60-frame timeline (cut inside an open GOP): frames are timeline frames.
    outcome: "ready", rate: "24/1", frames: 60,
    facts: (f) => {
      expect(f.video).toMatchObject({ codec: "mpeg2video", frameCount: 60, decodedFrameCount: 58 });
      expect(f.audio).toMatchObject({ codec: "mp2", sampleRate: 44100 });
    },
  },
  "avid_dnxhr_lb_uhd_25p_tc01000000.mxf": {
    outcome: "error", code: "corrupt_input",
    why: "its only DNxHR frame is partly zeroed: FFmpeg 5.1 says 'unknown header 0x00…' and decodes no picture",
  },
  "meridian_clipster_pcm24_51_dftc_5994.mxf": {
    outcome: "ready",
    facts: (f) => {
      expect(f.video).toBeNull();
      expect(f.audio).toMatchObject({ codec: "pcm_s24le", channels: 6, sampleRate: 48000 });
      expect(f.startTimecode).toBe("01:00:03;35");
      expect(f.isDropFrame).toBe(true);
    },
  },
  "wav_pcm16_with_cover_art.wav": {
    outcome: "ready",
    facts: (f) => {
      expect(f.video).toBeNull(); // the MJPEG attached picture is not video
      expect(f.audio).toMatchObject({ codec: "pcm_s16le", channels: 2, sampleRate: 44100 });
    },
  },
  "avchd_h264_ac3_stub_truncated.mts": { outcome: "error", code: "corrupt_input", why: "truncated to 1,344 bytes" },
  "mpeg4asp_mp3_23976.avi": {
    outcome: "ready", rate: "24000/1001", frames: 98,
    facts: (f) => expect(f.video).toMatchObject({ codec: "mpeg4", width: 960, height: 400, frameCount: 98 }),
  },
  "resolve_htj2k_1080p5994_imf.mxf": {
    outcome: "error", code: "unsupported_codec", why: "HTJ2K: FFmpeg 5.1 'unsupported marker 0xFF50'",
  },
  "multi_aac51_two_tracks_audioonly.mp4": {
    outcome: "ready",
    facts: (f) => {
      expect(f.video).toBeNull();
      expect(f.audioTrackCount).toBe(2);
      expect(f.audio).toMatchObject({ streamIndex: 0, channels: 6 });
    },
  },
};

// Facts and the frame grid are under test here, not the ladder (transcode.int.test.ts covers it): one rung
// keeps this file within a couple of minutes on two cores.
const config = parseMediaConfig({
  x264Preset: "ultrafast", ffmpegThreads: 2, ladder: [{ name: "360p", shortEdge: 360, maxBitrate: 800_000 }],
});

const dir = sharedMediaDir();
if (!dir) console.warn("shared media not found (set AXIOM_SHARED_MEDIA_DIR): skipping real-media tests");

const streamsSchema = z.object({
  streams: z.array(z.looseObject({ codec_type: z.string(), r_frame_rate: z.string().optional(), nb_frames: z.string().optional() })),
});

describe.skipIf(!dir)("real media from ../shared/media", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await makeTempDir("shared");
  });
  afterAll(async () => {
    await tmp.cleanup();
  });

  it("has an expectation for every file in MANIFEST.tsv", async () => {
    const manifest = await readFile(join(dir ?? "", "MANIFEST.tsv"), "utf8");
    const files = manifest.split("\n").slice(1).map((l) => l.split("\t")[0]).filter((f): f is string => !!f);
    expect(files.sort()).toEqual(Object.keys(expectations).sort());
  });

  for (const [file, expected] of Object.entries(expectations)) {
    const title = expected.outcome === "error" ? `${expected.code} (${expected.why})` : expected.rate ? "READY, proxy keeps the frame grid" : "READY (audio-only)";
    it(`${file}: ${title}`, async () => {
      const path = join(dir ?? "", file);
      if (!existsSync(path)) throw new Error(`missing ${path}`);
      const progress: number[] = [];
      const run = async () => {
        const facts = await probeMedia(path);
        const result = await transcodeToRenditions({
          inputPath: path, workDir: join(tmp.dir, file), facts, config, onProgress: (p) => progress.push(p),
        });
        return { facts, result };
      };
      if (expected.outcome === "error") {
        const err = await run().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MediaError);
        expect((err as MediaError).code).toBe(expected.code);
        // "Damaged" only for a file FFmpeg cannot decode on its own (issue 8): check with the very command.
        if (/damaged/i.test((err as MediaError).message)) {
          const decode = await runProcess("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", path, "-f", "null", "-"], { timeoutMs: 120_000 });
          expect(decode.exitCode !== 0 || decode.stderrLineCount > 0).toBe(true);
        }
        return;
      }
      const { facts, result } = await run();
      expected.facts(facts);
      expect(result.qc.isPassed).toBe(true);
      expect(progress.at(-1)).toBe(1);
      // The 12 s GoPro clip runs for seconds: progress must arrive during the run, not only at the end.
      if (file.startsWith("gopro")) expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
      const proxy = result.renditions.find((r) => r.kind === "proxy_mp4");
      const streams = streamsSchema.parse(await ffprobeJson(proxy?.path ?? "", ["-show_streams"])).streams;
      const v = streams.find((s) => s.codec_type === "video");
      if (expected.rate) {
        expect(v?.r_frame_rate).toBe(expected.rate);
        expect(Number(v?.nb_frames)).toBe(expected.frames);
      } else {
        expect(v).toBeUndefined();
        expect(result.renditions.map((r) => r.kind)).toContain("waveform");
      }
    });
  }
});
