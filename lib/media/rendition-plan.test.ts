import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MediaError } from "./errors";
import { chooseFrameRate, fitInBox, parseMediaConfig, planRenditions } from "./rendition-plan";
import { audioFacts, mediaFacts, videoFacts } from "./test-fixtures";

const config = parseMediaConfig({});

describe("planRenditions", () => {
  it("gives a 1080p CFR source a 1080p proxy and a 1080/720/360 ladder at the source's exact rate and frame count", () => {
    const plan = planRenditions(mediaFacts(), config);
    expect(plan.kind).toBe("video");
    expect(plan.video?.frameRate).toEqual({ num: 24000, den: 1001 });
    expect(plan.video?.frameCount).toBe(1440);
    expect(plan.video?.frameRatePolicy).toBe("source");
    expect(plan.proxy.video).toMatchObject({ width: 1920, height: 1080 });
    expect(plan.hls.rungs.map((r) => [r.name, r.width, r.height])).toEqual([
      ["1080p", 1920, 1080], ["720p", 1280, 720], ["360p", 640, 360],
    ]);
    expect(plan.audio?.encode).toMatchObject({ codec: "aac", channels: 2, sampleRate: 48000 });
    // 60.06 s (1440 frames at 23.976) at 48 kHz: 2 882 880 samples in 6006 buckets of 10 ms (480 samples).
    expect(plan.waveform).toEqual({
      fileName: "waveform.json", statsFileName: "waveform_stats.txt", sampleRate: 48000, samplesPerBucket: 480, bucketCount: 6006,
    });
  });

  it("gives every source with audio a waveform, and a video-only source none", () => {
    expect(planRenditions(mediaFacts({ audio: null, audioTrackCount: 0 }), config).waveform).toBeNull();
    // Short clips: buckets of at least 10 ms, not 8192 buckets of a handful of samples.
    const short = planRenditions(mediaFacts({ durationSeconds: 2, video: videoFacts({ frameCount: 50, durationSeconds: 2, frameRate: { num: 25, den: 1 } }) }), config);
    expect(short.waveform).toMatchObject({ samplesPerBucket: 480, bucketCount: 200 });
  });

  it("shares the proxy's encode with the same-size rung, at the proxy's quality", () => {
    const plan = planRenditions(mediaFacts(), config);
    expect(plan.proxy.twinRungName).toBe("1080p");
    expect(plan.hls.rungs[0]).toMatchObject({ name: "1080p", crf: config.proxy.crf, maxBitrate: config.proxy.maxBitrate });
    expect(plan.hls.rungs[1]).toMatchObject({ name: "720p", crf: config.hlsCrf, maxBitrate: 3_000_000 });
    // Portrait and small sources too: the proxy always has a twin when a rung has its size.
    expect(planRenditions(mediaFacts({ video: videoFacts({ width: 1080, height: 1920 }) }), config).proxy.twinRungName).toBe("1080p");
    expect(planRenditions(mediaFacts({ video: videoFacts({ width: 321, height: 241 }) }), config).proxy.twinRungName).toBe("240p");
  });

  it("never plans a rung above the source height", () => {
    const plan = planRenditions(mediaFacts({ video: videoFacts({ width: 1280, height: 720 }) }), config);
    expect(plan.hls.rungs.map((r) => r.height)).toEqual([720, 360]);
    expect(plan.proxy.video).toMatchObject({ width: 1280, height: 720 });
  });

  it("gives a source smaller than every rung one rung at its own even size (321x241 → 320x240)", () => {
    const plan = planRenditions(mediaFacts({ video: videoFacts({ width: 321, height: 241 }) }), config);
    expect(plan.hls.rungs.map((r) => [r.width, r.height])).toEqual([[320, 240]]);
    expect(plan.proxy.video).toMatchObject({ width: 320, height: 240 });
  });

  it("applies a 90° rotation to every output size", () => {
    const plan = planRenditions(mediaFacts({ video: videoFacts({ width: 1920, height: 1080, rotation: 90 }) }), config);
    expect(plan.proxy.video).toMatchObject({ width: 1080, height: 1920 });
    expect(plan.hls.rungs[0]).toMatchObject({ width: 1080, height: 1920 });
    expect(plan.hls.rungs.at(-1)).toMatchObject({ width: 360, height: 640 });
  });

  it("turns anamorphic pixels square (PAL DV 720x576 with SAR 64:45 → 768x576)", () => {
    const plan = planRenditions(
      mediaFacts({ video: videoFacts({ width: 720, height: 576, sampleAspectRatio: { num: 64, den: 45 }, frameRate: { num: 25, den: 1 }, avgFrameRate: { num: 25, den: 1 } }) }),
      config,
    );
    expect(plan.proxy.video).toMatchObject({ width: 1024, height: 576 });
    expect(plan.hls.rungs.map((r) => [r.width, r.height])).toEqual([[640, 360]]);
  });

  it("caps the proxy at 1920 wide for a 4K source", () => {
    const plan = planRenditions(mediaFacts({ video: videoFacts({ width: 3840, height: 2160 }) }), config);
    expect(plan.proxy.video).toMatchObject({ width: 1920, height: 1080 });
  });

  it("conforms a VFR source to the nearest standard rate and keeps its duration", () => {
    const plan = planRenditions(
      mediaFacts({
        durationSeconds: 1.206,
        audio: null,
        video: videoFacts({ frameRate: { num: 179, den: 6 }, avgFrameRate: { num: 90000, den: 3013 }, isVariableFrameRate: true, frameCount: 36, durationSeconds: 1.2052 }),
      }),
      config,
    );
    expect(plan.video).toMatchObject({ frameRate: { num: 30000, den: 1001 }, frameRatePolicy: "conformed_vfr", frameCount: 36 });
    expect(plan.audio).toBeNull();
    expect(plan.hls.audioName).toBeNull();
  });

  it("gives an audio-only source an AAC proxy, an HLS audio rendition and a waveform, and no pictures", () => {
    const plan = planRenditions(mediaFacts({ video: null, audio: audioFacts({ streamIndex: 0, durationSeconds: 9.6 }) }), config);
    expect(plan.kind).toBe("audio_only");
    expect(plan.proxy).toEqual({ fileName: "proxy.m4a", video: null, twinRungName: null });
    expect(plan.hls).toMatchObject({ rungs: [], audioName: "audio" });
    expect(plan.waveform).toMatchObject({ fileName: "waveform.json", samplesPerBucket: 480, bucketCount: 960 });
    expect(plan.poster).toBeNull();
    expect(plan.sprite).toBeNull();
    expect(plan.durationSeconds).toBe(9.6);
  });

  it("keeps A/V offset of the source (audio 11 ms before the picture in an MPEG-TS)", () => {
    const plan = planRenditions(
      mediaFacts({ video: videoFacts({ startSeconds: 1.525 }), audio: audioFacts({ startSeconds: 1.514089 }) }),
      config,
    );
    expect(plan.audio?.offsetSeconds).toBeCloseTo(-0.010911, 6);
  });

  it("spreads the sprite over at most 100 thumbnails on one sheet", () => {
    const plan = planRenditions(mediaFacts({ video: videoFacts({ frameCount: 24000 * 3600 / 1001 }) }), config);
    // Tiles are counted in frames: 86,314 frames over at most 100 tiles is 864 frames a tile (36.036 s).
    expect(plan.sprite?.intervalFrames).toBe(864);
    expect(plan.sprite?.intervalSeconds).toBeCloseTo(36.036, 3);
    expect(plan.sprite?.count).toBeLessThanOrEqual(100);
    expect(plan.sprite?.columns).toBe(10);
  });

  it("gives a clip shorter than the sprite interval one tile, and a 1-frame clip a poster at frame 0", () => {
    for (const frameCount of [1, 2, 5, 18]) {
      const plan = planRenditions(
        mediaFacts({ durationSeconds: frameCount / 60, video: videoFacts({ frameRate: { num: 60, den: 1 }, frameCount, durationSeconds: frameCount / 60 }) }),
        config,
      );
      expect(plan.video?.frameCount).toBe(frameCount);
      expect(plan.sprite).toMatchObject({ count: 1, columns: 1, rows: 1, intervalFrames: 60 });
      expect(plan.poster?.frameIndex).toBeLessThan(frameCount);
    }
  });

  it("deinterlaces on the probe's field order, on interlaced decoded frames, or DV, and says so", () => {
    const cases = [
      [{ fieldOrder: "tt" }, true],
      [{ fieldOrder: "tb" }, true],
      [{ fieldOrder: "bb" }, true],
      [{ fieldOrder: "bt" }, true],
      // Matroska: field order "progressive", frames flagged interlaced.
      [{ fieldOrder: "progressive", hasInterlacedFrames: true }, true],
      [{ fieldOrder: "unknown", codec: "dvvideo" }, true],
      [{ fieldOrder: null, codec: "dvvideo" }, true],
      [{ fieldOrder: "progressive", codec: "dvvideo", hasInterlacedFrames: false }, false],
      [{ fieldOrder: "progressive", hasInterlacedFrames: false }, false],
      [{ fieldOrder: null, hasInterlacedFrames: null }, false],
    ] as const;
    for (const [fields, isDeinterlaced] of cases) {
      const plan = planRenditions(mediaFacts({ video: videoFacts(fields) }), config);
      expect(plan.video?.deinterlace !== null, JSON.stringify(fields)).toBe(isDeinterlaced);
      expect(plan.warnings.some((w) => w.code === "deinterlaced")).toBe(isDeinterlaced);
    }
  });

  it("tone-maps PQ and HLG once at the proxy size, reading untagged HDR as BT.2020, and leaves SDR alone", () => {
    const pq = planRenditions(mediaFacts({ video: videoFacts({ width: 3840, height: 2160, colorTransfer: "smpte2084", colorPrimaries: null, colorSpace: null }) }), config);
    expect(pq.video?.toneMap).toEqual({ transfer: "smpte2084", primaries: "bt2020", matrix: "2020_ncl", range: "tv", width: 1920, height: 1080 });
    expect(pq.video?.inputColorMatrix).toBe("bt709");
    expect(pq.warnings.map((w) => w.code)).toContain("hdr_tone_mapped");
    const hlg = planRenditions(mediaFacts({ video: videoFacts({ colorTransfer: "arib-std-b67", colorPrimaries: "bt2020", colorSpace: "bt2020nc", colorRange: "pc" }) }), config);
    expect(hlg.video?.toneMap).toMatchObject({ transfer: "arib-std-b67", range: "full" });
    const sdr = planRenditions(mediaFacts({ video: videoFacts({ colorTransfer: "bt709" }) }), config);
    expect(sdr.video?.toneMap).toBeNull();
    expect(sdr.warnings).toEqual([]);
  });

  it("keeps a valid start timecode for the proxy and drops one the output clock cannot carry", () => {
    const df = planRenditions(mediaFacts({ startTimecode: "00:59:59;28", isDropFrame: true, video: videoFacts({ frameRate: { num: 30000, den: 1001 } }) }), config);
    expect(df.startTimecode).toBe("00:59:59;28");
    // Drop-frame at 25 fps, and a frames field past the rate: the mov muxer would fail the whole run.
    for (const [startTimecode, isDropFrame] of [["01:00:00;00", true], ["01:00:00:30", false]] as const) {
      const plan = planRenditions(mediaFacts({ startTimecode, isDropFrame, video: videoFacts({ frameRate: { num: 25, den: 1 } }) }), config);
      expect(plan.startTimecode).toBeNull();
      expect(plan.warnings.map((w) => w.code)).toContain("timecode_dropped");
    }
  });

  it("refuses a source longer than the configured limit", () => {
    expect(() => planRenditions(mediaFacts(), parseMediaConfig({ maxDurationSeconds: 30 }))).toThrowError(MediaError);
    try {
      planRenditions(mediaFacts(), parseMediaConfig({ maxDurationSeconds: 30 }));
    } catch (e) {
      expect((e as MediaError).code).toBe("limit_exceeded");
    }
  });

  it("refuses a file with neither video nor audio", () => {
    expect(() => planRenditions(mediaFacts({ video: null, audio: null }), config)).toThrowError(/no video or audio/);
  });

  it("sets the GOP to the segment length in frames so all rungs cut at the same frames", () => {
    expect(planRenditions(mediaFacts(), config).video?.gopFrames).toBe(48);
    expect(planRenditions(mediaFacts({ video: videoFacts({ frameRate: { num: 25, den: 1 }, avgFrameRate: null }) }), config).video?.gopFrames).toBe(50);
  });

  it("gives each rung QC bounds that allow the VBV buffer on very short clips", () => {
    const plan = planRenditions(mediaFacts({ video: videoFacts({ frameCount: 1, durationSeconds: 0.04 }) }), config);
    const rung = plan.hls.rungs[0];
    expect(rung?.bitrateBounds.maxBps).toBeGreaterThan((rung?.maxBitrate ?? 0) * 10);
  });
});

describe("fitInBox", () => {
  it("always returns even sizes that fit the box and never upscale", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 8192 }), fc.integer({ min: 16, max: 8192 }),
        fc.integer({ min: 16, max: 4096 }), fc.integer({ min: 16, max: 4096 }),
        (w, h, bw, bh) => {
          const r = fitInBox({ width: w, height: h }, { width: bw, height: bh });
          return r.width % 2 === 0 && r.height % 2 === 0 && r.width <= Math.max(2, Math.min(bw, w)) && r.height <= Math.max(2, Math.min(bh, h));
        },
      ),
    );
  });
});

describe("chooseFrameRate", () => {
  it("keeps a CFR source's rate and count untouched", () => {
    const v = videoFacts({ frameRate: { num: 30000, den: 1001 }, frameCount: 77 });
    expect(chooseFrameRate(v, 0)).toEqual({ frameRate: { num: 30000, den: 1001 }, frameCount: 77, policy: "source" });
  });

  it("uses avg_frame_rate rounded to 1/1000 when no standard rate is within 5 %", () => {
    const v = videoFacts({ isVariableFrameRate: true, frameRate: { num: 90000, den: 1 }, avgFrameRate: { num: 15, den: 1 }, durationSeconds: 2 });
    expect(chooseFrameRate(v, 0)).toEqual({ frameRate: { num: 15, den: 1 }, frameCount: 30, policy: "conformed_vfr" });
  });

  it("keeps the duration of any VFR source within one output frame", () => {
    fc.assert(
      fc.property(fc.double({ min: 20, max: 65, noNaN: true }), fc.double({ min: 0.1, max: 7200, noNaN: true }), (fps, dur) => {
        const v = videoFacts({ isVariableFrameRate: true, avgFrameRate: { num: Math.round(fps * 1000), den: 1000 }, durationSeconds: dur });
        const r = chooseFrameRate(v, dur);
        const rate = r.frameRate.num / r.frameRate.den;
        return Math.abs(r.frameCount / rate - dur) <= 1 / rate;
      }),
    );
  });
});
