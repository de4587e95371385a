import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { renditions, type ProcessingErrorCode, type Version } from "../db/schema";
import { readBytes, setupProcessingTest, uploadVersion } from "./processing-fixtures";

/**
 * Every file of the shared real-media set (../shared/media, or AXIOM_SHARED_MEDIA_DIR) through the whole
 * job: upload, process-version, and the version's end state — READY with the right facts and renditions,
 * or ERROR with the class the set's README implies. (lib/media's shared-media test covers the FFmpeg level.)
 */

const mediaDir = process.env.AXIOM_SHARED_MEDIA_DIR ?? path.resolve(__dirname, "..", "..", "shared", "media");
const isMediaPresent = existsSync(path.join(mediaDir, "MANIFEST.tsv"));
if (!isMediaPresent) console.log(`[processing-shared-media] skipped: no shared media set at ${mediaDir} (set AXIOM_SHARED_MEDIA_DIR)`);

const VIDEO_KINDS = ["hls", "poster", "proxy_mp4", "sprite", "thumbnails_vtt"];
/** A picture with sound also gets its waveform. */
const VIDEO_AUDIO_KINDS = [...VIDEO_KINDS, "waveform"];
const AUDIO_KINDS = ["hls", "proxy_mp4", "waveform"];

type Expectation =
  | { outcome: "ready"; kinds: string[]; facts: Partial<Version> }
  | { outcome: "error"; code: ProcessingErrorCode; why: string };

const expectations: Record<string, Expectation> = {
  "gopro_karma_h264_tmcd_gpmf.mp4": {
    outcome: "ready",
    kinds: VIDEO_AUDIO_KINDS,
    facts: { videoCodec: "h264", audioCodec: "aac", width: 854, height: 480, frameRateNum: 30000, frameRateDen: 1001, frameCount: 362, startTimecode: "19:26:48:04", dropFrame: false, audioChannels: 2 },
  },
  "pixel7_h264_vfr_videoonly_rot180.mp4": {
    // VFR: conformed to the standard rate nearest avg_frame_rate (29.87 -> 30000/1001), duration kept.
    outcome: "ready",
    kinds: VIDEO_KINDS,
    facts: { videoCodec: "h264", audioCodec: null, width: 1920, height: 1080, rotation: 180, isVariableFrameRate: true, frameRateNum: 30000, frameRateDen: 1001, frameCount: 36 },
  },
  "bbb_mpeg2_1080p24_mp2.ts": {
    outcome: "ready",
    kinds: VIDEO_AUDIO_KINDS,
    facts: { videoCodec: "mpeg2video", audioCodec: "mp2", width: 1920, height: 1080, frameRateNum: 24, frameRateDen: 1, frameCount: 60, audioSampleRate: 44100 },
  },
  "avid_dnxhr_lb_uhd_25p_tc01000000.mxf": { outcome: "error", code: "corrupt_input", why: "its one DNxHR frame is partly zeroed" },
  "meridian_clipster_pcm24_51_dftc_5994.mxf": {
    outcome: "ready",
    kinds: AUDIO_KINDS,
    facts: { videoCodec: null, audioCodec: "pcm_s24le", audioChannels: 6, audioSampleRate: 48000, startTimecode: "01:00:03;35", dropFrame: true },
  },
  "wav_pcm16_with_cover_art.wav": {
    outcome: "ready",
    kinds: AUDIO_KINDS,
    facts: { videoCodec: null, audioCodec: "pcm_s16le", audioChannels: 2, audioSampleRate: 44100 },
  },
  "avchd_h264_ac3_stub_truncated.mts": { outcome: "error", code: "corrupt_input", why: "truncated to 1,344 bytes" },
  "mpeg4asp_mp3_23976.avi": {
    outcome: "ready",
    kinds: VIDEO_AUDIO_KINDS,
    facts: { videoCodec: "mpeg4", audioCodec: "mp3", width: 960, height: 400, frameRateNum: 24000, frameRateDen: 1001, frameCount: 98 },
  },
  "resolve_htj2k_1080p5994_imf.mxf": { outcome: "error", code: "unsupported_codec", why: "HTJ2K cannot be decoded by FFmpeg 5.1" },
  "multi_aac51_two_tracks_audioonly.mp4": {
    outcome: "ready",
    kinds: AUDIO_KINDS,
    facts: { videoCodec: null, audioCodec: "aac", audioChannels: 6 },
  },
};

describe.skipIf(!isMediaPresent)("shared real media through process-version", () => {
  const ctx = setupProcessingTest({
    tmpPrefix: "axiom-shared-media-test-",
    configInput: { media: { x264Preset: "ultrafast" }, maxAttempts: 1 },
    workerId: "shared-media-test",
  });

  it("has an expectation for every file in the set", async () => {
    const files = (await fs.readdir(mediaDir)).filter((f) => !["README.md", "MANIFEST.tsv"].includes(f)).sort();
    expect(files).toEqual(Object.keys(expectations).sort());
  });

  for (const [file, expected] of Object.entries(expectations)) {
    it(`${file} -> ${expected.outcome === "ready" ? "READY" : `ERROR ${expected.code} (${expected.why})`}`, async () => {
      const bytes = await readBytes(path.join(mediaDir, file));
      const { versionId } = await uploadVersion(ctx.t.db, ctx.storage, { project: ctx.project, producer: ctx.producer, bytes, fileName: file });
      const result = await ctx.run(versionId);
      const v = await ctx.versionRow(versionId);
      if (expected.outcome === "ready") {
        expect(result, `${v?.errorCode}: ${v?.errorMessage}\n${v?.errorLogTail}`).toMatchObject({ outcome: "ready" });
        expect(v).toMatchObject({ processingState: "READY", reviewState: "IN_REVIEW", ...expected.facts });
        expect(v!.durationSeconds).toBeGreaterThan(0);
        const kinds = (await ctx.t.db.select({ kind: renditions.kind }).from(renditions).where(eq(renditions.versionId, versionId))).map((r) => r.kind);
        expect(kinds.sort()).toEqual(expected.kinds);
      } else {
        expect(result).toMatchObject({ outcome: "failed", code: expected.code });
        expect(v).toMatchObject({ processingState: "ERROR", errorCode: expected.code, reviewState: null });
        expect(v!.errorMessage).toBeTruthy();
      }
    });
  }
});
