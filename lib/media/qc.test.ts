import { describe, expect, it } from "vitest";
import { evaluateQc, firstPacketDifference, packetReadingProblems, parseMasterPlaylist, parseMediaPlaylist, type PacketReading, type QcMeasurements } from "./qc";
import { parseMediaConfig, planRenditions, type RenditionPlan } from "./rendition-plan";
import { mediaFacts, videoFacts } from "./test-fixtures";

const plan: RenditionPlan = planRenditions(
  mediaFacts({ durationSeconds: 3.003, video: videoFacts({ width: 640, height: 360, frameCount: 72, durationSeconds: 3.003 }) }),
  parseMediaConfig({}),
);

/** 72 packets on the plan's GOP grid, each with its own payload hash. */
function goodPackets(): PacketReading {
  const gop = plan.video?.gopFrames ?? 48;
  return { packets: Array.from({ length: 72 }, (_, i) => ({ isKey: i % gop === 0, size: 1000 + i, crc32: i.toString(16).padStart(8, "0") })), errors: [] };
}

function goodMeasurements(): QcMeasurements {
  return {
    proxyProbe: {
      format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2" },
      streams: [
        { index: 0, codec_type: "video", codec_name: "h264", pix_fmt: "yuv420p", width: 640, height: 360, r_frame_rate: "24000/1001", avg_frame_rate: "24000/1001", nb_frames: "72", duration: "3.003000", start_time: "0.000000", bit_rate: "900000" },
        { index: 1, codec_type: "audio", codec_name: "aac", channels: 2, sample_rate: "48000", bit_rate: "128000", duration: "3.003000" },
      ],
    },
    proxyFirstVideoPts: 0,
    proxyHasEmptyEdit: false,
    proxyDecodeErrors: [],
    proxyDecodeExitCode: 0,
    proxyDecodeScope: "first_and_last_gop",
    proxyPackets: goodPackets(),
    hlsMasterText: "#EXTM3U\n",
    hlsVariants: [{ uri: "360p/index.m3u8", resolution: { width: 640, height: 360 }, bandwidth: 900_000, playlistSeconds: 3.003, isComplete: true, missingFiles: [], firstPresentationTicks: 0, hasEmptyEdit: false, packets: goodPackets() }],
    hlsAudio: { uri: "audio/index.m3u8", resolution: null, bandwidth: null, playlistSeconds: 3.0, isComplete: true, missingFiles: [], firstPresentationTicks: 0, hasEmptyEdit: false, packets: null },
    images: [
      { name: "poster", width: 640, height: 360, bytes: 1000 },
      { name: "sprite", width: (plan.sprite?.thumbWidth ?? 0) * (plan.sprite?.columns ?? 0), height: (plan.sprite?.thumbHeight ?? 0) * (plan.sprite?.rows ?? 0), bytes: 1000 },
    ],
    waveform: plan.waveform
      ? { length: plan.waveform.bucketCount, sampleRate: plan.waveform.sampleRate, samplesPerBucket: plan.waveform.samplesPerBucket }
      : null,
  };
}

describe("evaluateQc", () => {
  it("passes outputs that follow the plan", () => {
    const report = evaluateQc(plan, goodMeasurements());
    expect(report.failed).toEqual([]);
    expect(report.isPassed).toBe(true);
  });

  it("names the frame-count and frame-rate checks when the proxy lost a frame or changed rate", () => {
    const m = goodMeasurements();
    const v = m.proxyProbe?.streams[0];
    if (v) Object.assign(v, { nb_frames: "71", r_frame_rate: "24/1", avg_frame_rate: "24/1" });
    expect(evaluateQc(plan, m).failed).toEqual(expect.arrayContaining(["proxy_frame_count", "proxy_frame_rate"]));
  });

  it("holds the proxy to the source's probed duration, not only to the plan", () => {
    // A plan that believed 80 frames (3.337 s) of a 3.003 s source, and a proxy that followed the plan.
    const wrongPlan = planRenditions(
      mediaFacts({ durationSeconds: 3.003, video: videoFacts({ width: 640, height: 360, frameCount: 80, durationSeconds: 3.003 }) }),
      parseMediaConfig({}),
    );
    const m = goodMeasurements();
    const v = m.proxyProbe?.streams[0];
    if (v) Object.assign(v, { nb_frames: "80", duration: "3.336667" });
    for (const variant of [...m.hlsVariants, m.hlsAudio]) if (variant) variant.playlistSeconds = 3.336667;
    const eighty = (): PacketReading => ({ packets: Array.from({ length: 80 }, (_, i) => ({ isKey: i % 48 === 0, size: 1000, crc32: "0" })), errors: [] });
    m.proxyPackets = eighty();
    for (const variant of m.hlsVariants) variant.packets = eighty();
    // The sprite followed the plan too (tiles are counted in frames: 80 frames make 4 tiles, not 3).
    const s = wrongPlan.sprite;
    m.images = m.images.map((i) => (i.name === "sprite" && s ? { ...i, width: s.thumbWidth * s.columns, height: s.thumbHeight * s.rows } : i));
    // …and so did the waveform (its buckets cover the planned duration).
    const w = wrongPlan.waveform;
    m.waveform = w ? { length: w.bucketCount, sampleRate: w.sampleRate, samplesPerBucket: w.samplesPerBucket } : null;
    expect(evaluateQc(wrongPlan, m).failed).toEqual(["proxy_matches_source_duration"]);
  });

  it("fails the decode check on any error line even when FFmpeg exited 0", () => {
    const m = { ...goodMeasurements(), proxyDecodeErrors: ["[h264 @ 0x1] error while decoding MB 1 2"] };
    expect(evaluateQc(plan, m).failed).toEqual(["proxy_decodes"]);
  });

  it("fails a proxy whose packets differ from its twin rung's, and names the first one that differs", () => {
    expect(plan.proxy.twinRungName).toBe("360p");
    const m = goodMeasurements();
    const flipped = m.proxyPackets?.packets[30];
    if (flipped) flipped.crc32 = "deadbeef";
    const report = evaluateQc(plan, m);
    expect(report.failed).toEqual(["proxy_matches_rung"]);
    expect(report.checks.find((c) => c.name === "proxy_matches_rung")?.detail).toBe("packet 30 differs from the rung's");
  });

  it("fails a rung or proxy with a packet missing, a keyframe off the GOP grid or a demuxer error", () => {
    const gop = plan.video?.gopFrames ?? 48;
    const short = goodPackets();
    short.packets.pop();
    expect(packetReadingProblems(short, 72, gop)).toEqual(["71 packets, planned 72"]);
    const offGrid = goodPackets();
    const p = offGrid.packets[5];
    if (p) p.isKey = true;
    expect(packetReadingProblems(offGrid, 72, gop)).toEqual(["packet 5 is off the GOP grid"]);
    expect(packetReadingProblems({ ...goodPackets(), errors: ["Invalid NAL unit size"] }, 72, gop)).toEqual(["demuxer: Invalid NAL unit size"]);
    expect(packetReadingProblems(null, 72, gop)).toEqual(["packets unreadable"]);

    const m = goodMeasurements();
    const rung = m.hlsVariants[0];
    if (rung) rung.packets = short;
    // The rung lost a packet: its own check fails, and the proxy no longer matches it.
    expect(evaluateQc(plan, m).failed).toEqual(["proxy_matches_rung", "hls_rung_360p"]);
    expect(firstPacketDifference(goodPackets(), short)).toBe("72 packets, the rung has 71");
  });

  it("fails a proxy whose first frame is not at 0 or whose duration is off by more than a frame", () => {
    const m = goodMeasurements();
    m.proxyFirstVideoPts = 0.041708;
    const v = m.proxyProbe?.streams[0];
    if (v) v.duration = "3.100000";
    expect(evaluateQc(plan, m).failed).toEqual(expect.arrayContaining(["proxy_starts_at_zero", "proxy_duration"]));
  });

  it("fails a rung whose first segment starts two frames late (the fMP4 n−2 trap)", () => {
    const m = goodMeasurements();
    const rung = m.hlsVariants[0];
    if (rung) rung.firstPresentationTicks = 2002;
    expect(evaluateQc(plan, m).failed).toEqual(["hls_rung_360p"]);
  });

  it("fails a proxy with a leading empty edit", () => {
    expect(evaluateQc(plan, { ...goodMeasurements(), proxyHasEmptyEdit: true }).failed).toEqual(["proxy_no_empty_edit"]);
  });

  it("fails a bitrate above the rung's bounds", () => {
    const m = goodMeasurements();
    const v = m.proxyProbe?.streams[0];
    if (v) v.bit_rate = "900000000";
    expect(evaluateQc(plan, m).failed).toEqual(["proxy_video_bitrate"]);
  });

  it("fails a missing rung, a missing master playlist and missing images by name", () => {
    const m = { ...goodMeasurements(), hlsMasterText: null, hlsVariants: [], images: [] };
    // The proxy cannot be compared with a rung that is not there either.
    expect(evaluateQc(plan, m).failed).toEqual(["proxy_matches_rung", "hls_master", "hls_rung_360p", "poster", "sprite"]);
  });

  it("holds the waveform of a source with audio to the planned buckets, with one bucket of slack", () => {
    const wave = plan.waveform;
    expect(wave).not.toBeNull();
    if (!wave) return;
    // 3.003 s at 48 kHz in buckets of 10 ms (480 samples): 301 buckets.
    expect([wave.samplesPerBucket, wave.bucketCount]).toEqual([480, 301]);
    const base = { sampleRate: wave.sampleRate, samplesPerBucket: wave.samplesPerBucket };
    expect(evaluateQc(plan, { ...goodMeasurements(), waveform: { ...base, length: 302 } }).failed).toEqual([]);
    expect(evaluateQc(plan, { ...goodMeasurements(), waveform: { ...base, length: 299 } }).failed).toEqual(["waveform"]);
    expect(evaluateQc(plan, { ...goodMeasurements(), waveform: { ...base, length: 301, samplesPerBucket: 960 } }).failed).toEqual(["waveform"]);
    expect(evaluateQc(plan, { ...goodMeasurements(), waveform: null }).failed).toEqual(["waveform"]);
  });
});

describe("playlist parsers", () => {
  it("reads variants, resolutions and the audio group from a master playlist", () => {
    const master = [
      "#EXTM3U", "#EXT-X-VERSION:7",
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_aud",NAME="audio_1",DEFAULT=YES,URI="audio/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1020800,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_aud"',
      "360p/index.m3u8", "",
    ].join("\n");
    expect(parseMasterPlaylist(master)).toEqual({
      variants: [{ uri: "360p/index.m3u8", resolution: { width: 640, height: 360 }, bandwidth: 1020800 }],
      audioUris: ["audio/index.m3u8"],
    });
  });

  it("sums EXTINF and lists the init segment and media segments", () => {
    const media = "#EXTM3U\n#EXT-X-MAP:URI=\"init_0.mp4\"\n#EXTINF:2.002000,\nseg_00000.m4s\n#EXTINF:1.001000,\nseg_00001.m4s\n#EXT-X-ENDLIST\n";
    const p = parseMediaPlaylist(media);
    expect(p.seconds).toBeCloseTo(3.003, 6);
    expect(p.uris).toEqual(["init_0.mp4", "seg_00000.m4s", "seg_00001.m4s"]);
    expect(p.isComplete).toBe(true);
  });
});
