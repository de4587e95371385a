import { describe, expect, it } from "vitest";
import { MediaError } from "./errors";
import { analyzePacketTimes, detectVariableFrameRate, factsFromProbe, isDropFrameTimecode, parseProbeJson, type ProbeOutput, readBitDepth, readRotation } from "./ffprobe";
import { acceptedInputFormats, hardenedInputArgs } from "./input-hardening";

function probe(streams: ProbeOutput["streams"], format: Partial<ProbeOutput["format"]> = {}): ProbeOutput {
  return { streams, format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "10.000000", start_time: "0.000000", ...format } };
}

const h264 = {
  index: 0, codec_type: "video", codec_name: "h264", profile: "High", width: 1920, height: 1080, pix_fmt: "yuv420p",
  sample_aspect_ratio: "1:1", r_frame_rate: "30000/1001", avg_frame_rate: "30000/1001", nb_frames: "300",
  duration: "10.010000", start_time: "0.000000",
};
const aac = { index: 1, codec_type: "audio", codec_name: "aac", channels: 2, channel_layout: "stereo", sample_rate: "48000", duration: "10.000000" };

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof MediaError ? e.code : "not a MediaError";
  }
}

describe("factsFromProbe", () => {
  it("reads a plain H.264/AAC MP4 into typed facts", () => {
    const f = factsFromProbe(probe([h264, aac]));
    expect(f.video).toMatchObject({ codec: "h264", width: 1920, height: 1080, frameRate: { num: 30000, den: 1001 }, frameCount: 300, frameCountSource: "container", isVariableFrameRate: false, bitDepth: 8, rotation: 0 });
    expect(f.audio).toMatchObject({ codec: "aac", channels: 2, sampleRate: 48000 });
    expect(f.audioTrackCount).toBe(1);
    expect(f.durationSeconds).toBe(10);
  });

  it("treats cover art in a WAV as no video: the file is audio-only", () => {
    const cover = { index: 1, codec_type: "video", codec_name: "mjpeg", width: 500, height: 500, r_frame_rate: "90000/1", avg_frame_rate: "0/0", disposition: { default: 0, attached_pic: 1 } };
    const pcm = { index: 0, codec_type: "audio", codec_name: "pcm_s16le", channels: 2, sample_rate: "44100" };
    const f = factsFromProbe(probe([pcm, cover], { format_name: "wav", duration: "9.637188" }));
    expect(f.video).toBeNull();
    expect(f.audio?.codec).toBe("pcm_s16le");
  });

  it("skips timecode and telemetry data tracks but takes the start timecode from the tmcd track", () => {
    const tmcd = { index: 2, codec_type: "data", codec_tag_string: "tmcd", tags: { timecode: "19:26:48:04" } };
    const gpmf = { index: 3, codec_type: "data", codec_name: "bin_data", codec_tag_string: "gpmd" };
    const f = factsFromProbe(probe([h264, aac, tmcd, gpmf]));
    expect(f.video?.streamIndex).toBe(0);
    expect(f.startTimecode).toBe("19:26:48:04");
    expect(f.isDropFrame).toBe(false);
  });

  it("takes an MXF's material-package timecode from the format tags and flags drop-frame", () => {
    const pcm = { index: 0, codec_type: "audio", codec_name: "pcm_s24le", channels: 6, sample_rate: "48000", channel_layout: "5.1(side)" };
    const f = factsFromProbe(probe([pcm], { format_name: "mxf", tags: { timecode: "01:00:03;35" } }));
    expect(f.startTimecode).toBe("01:00:03;35");
    expect(f.isDropFrame).toBe(true);
  });

  it("prefers the video stream's own timecode tag", () => {
    const f = factsFromProbe(probe([{ ...h264, tags: { timecode: "00:59:59;28" } }], { tags: { timecode: "10:00:00:00" } }));
    expect(f.startTimecode).toBe("00:59:59;28");
    expect(f.isDropFrame).toBe(true);
  });

  it("flags VFR when r_frame_rate and avg_frame_rate disagree (Pixel 7: 179/6 vs 90000/3013)", () => {
    const f = factsFromProbe(probe([{ ...h264, r_frame_rate: "179/6", avg_frame_rate: "90000/3013", nb_frames: "36" }]));
    expect(f.video?.isVariableFrameRate).toBe(true);
  });

  it("treats an unknown avg_frame_rate (0/0, MXF) as CFR at r_frame_rate", () => {
    const f = factsFromProbe(probe([{ ...h264, avg_frame_rate: "0/0", r_frame_rate: "25/1", nb_frames: undefined, duration: "0.040000" }], { format_name: "mxf" }));
    expect(f.video).toMatchObject({ isVariableFrameRate: false, frameRate: { num: 25, den: 1 }, frameCount: 1, frameCountSource: "estimated" });
  });

  it("keeps a Matroska clip's real 60 fps grid when its container reports a nonsense average rate (1000/1)", () => {
    // Seen on a 1.07 s phone clip in MKV: avg_frame_rate 1000/1 (the 1 ms time base), r_frame_rate 60.
    const mkv = { ...h264, r_frame_rate: "60/1", avg_frame_rate: "1000/1", nb_frames: undefined, duration: undefined };
    const f = factsFromProbe(probe([mkv], { format_name: "matroska,webm", duration: "1.084000" }), { countedFrames: 65 });
    expect(f.video).toMatchObject({ frameRate: { num: 60, den: 1 }, avgFrameRate: null, isVariableFrameRate: false, frameCount: 65, frameCountSource: "counted" });
  });

  it("snaps a near-standard header rate to the standard (Matroska's 59.94 is 19001/317)", () => {
    const mkv = { ...h264, r_frame_rate: "19001/317", avg_frame_rate: "19001/317", nb_frames: "18", duration: "0.300300" };
    const f = factsFromProbe(probe([mkv], { format_name: "matroska,webm", duration: "0.300300" }), { packetTiming: { isVariable: false, averageRate: 59.94, packets: 18, spanSeconds: 0.3003 } });
    expect(f.video).toMatchObject({ frameRate: { num: 60000, den: 1001 }, isVariableFrameRate: false, frameCount: 18 });
  });

  it("never merges 23.976 into 24 or 29.97 into 30 when snapping", () => {
    const f24 = factsFromProbe(probe([{ ...h264, r_frame_rate: "24/1", avg_frame_rate: "24/1", nb_frames: "240", duration: "10.0" }]));
    expect(f24.video?.frameRate).toEqual({ num: 24, den: 1 });
    const f2398 = factsFromProbe(probe([{ ...h264, r_frame_rate: "2997/125", avg_frame_rate: "2997/125", nb_frames: "240", duration: "10.01" }]));
    expect(f2398.video?.frameRate).toEqual({ num: 24000, den: 1001 });
  });

  it("calls a clip VFR when its packets say so, though its header rates agree (phone 3GP)", () => {
    const gp = { ...h264, r_frame_rate: "2250000/89999", avg_frame_rate: "2250000/89999", nb_frames: "25", duration: "1.000000" };
    const f = factsFromProbe(probe([gp], { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "1.000000" }), { packetTiming: { isVariable: true, averageRate: 25, packets: 25, spanSeconds: 1 } });
    expect(f.video?.isVariableFrameRate).toBe(true);
  });

  it("uses a decoded frame count only when it agrees with the timeline", () => {
    const ts = { ...h264, r_frame_rate: "24/1", avg_frame_rate: "24/1", nb_frames: undefined, duration: "2.500000" };
    expect(factsFromProbe(probe([ts]), { countedFrames: 60 }).video).toMatchObject({ frameCount: 60, frameCountSource: "counted" });
    // MPEG-TS cut inside an open GOP: 58 pictures on 60 frame slots — the timeline wins.
    expect(factsFromProbe(probe([ts]), { countedFrames: 58 }).video).toMatchObject({ frameCount: 60, frameCountSource: "estimated", decodedFrameCount: 58 });
  });

  it("does not take nb_frames from a MOV whose edit list hides samples: counts, or follows the timeline", () => {
    // A stream-copied cut starting mid-GOP (measured): 65 samples in the track, 2 s at 25 fps presented.
    const cut = { ...h264, r_frame_rate: "25/1", avg_frame_rate: "25/1", nb_frames: "65", duration: "2.000000" };
    expect(factsFromProbe(probe([cut], { duration: "2.000000" })).video).toMatchObject({ frameCount: 50, frameCountSource: "estimated" });
    expect(factsFromProbe(probe([cut], { duration: "2.000000" }), { countedFrames: 50 }).video).toMatchObject({ frameCount: 50, frameCountSource: "counted" });
    // One frame of rounding is still the container's count.
    expect(factsFromProbe(probe([{ ...cut, nb_frames: "51" }])).video).toMatchObject({ frameCount: 51, frameCountSource: "container" });
  });

  it("reads rotation from the display matrix (counter-clockwise) or the rotate tag (clockwise)", () => {
    expect(readRotation({ index: 0, side_data_list: [{ side_data_type: "Display Matrix", rotation: -90 }] })).toBe(90);
    expect(readRotation({ index: 0, side_data_list: [{ side_data_type: "Display Matrix", rotation: -180 }] })).toBe(180);
    expect(readRotation({ index: 0, side_data_list: [{ side_data_type: "Display Matrix", rotation: 90 }] })).toBe(270);
    expect(readRotation({ index: 0, tags: { rotate: "270" } })).toBe(270);
    expect(readRotation({ index: 0 })).toBe(0);
  });

  it("reads bit depth from bits_per_raw_sample or the pixel format", () => {
    expect(readBitDepth({ index: 0, pix_fmt: "yuv422p10le" })).toBe(10);
    expect(readBitDepth({ index: 0, pix_fmt: "yuv420p" })).toBe(8);
    expect(readBitDepth({ index: 0, pix_fmt: "rgb48le" })).toBe(16);
    expect(readBitDepth({ index: 0, pix_fmt: "rgb48le", bits_per_raw_sample: "12" })).toBe(12);
  });

  it("says no_media_streams for a file with only data or cover art", () => {
    expect(codeOf(() => factsFromProbe(probe([{ index: 0, codec_type: "data" }])))).toBe("no_media_streams");
    expect(codeOf(() => factsFromProbe(probe([{ index: 0, codec_type: "video", codec_name: "png", width: 10, height: 10, disposition: { attached_pic: 1 } }])))).toBe("no_media_streams");
    expect(codeOf(() => factsFromProbe(probe([])))).toBe("no_media_streams");
  });

  it("says unsupported_codec for a video stream FFmpeg cannot name", () => {
    expect(codeOf(() => factsFromProbe(probe([{ ...h264, codec_name: undefined }])))).toBe("unsupported_codec");
  });

  it("says corrupt_input for a video stream without dimensions", () => {
    expect(codeOf(() => factsFromProbe(probe([{ ...h264, width: 0, height: 0 }])))).toBe("corrupt_input");
  });
});

describe("parseProbeJson", () => {
  it("refuses output that is not ffprobe JSON as corrupt_input", () => {
    expect(codeOf(() => parseProbeJson("not json"))).toBe("corrupt_input");
    expect(codeOf(() => parseProbeJson("{}"))).toBe("corrupt_input");
  });
});

describe("hardened input arguments", () => {
  it("whitelists the file protocol and real containers only: no playlists, concat lists, image sequences or devices", () => {
    const args = hardenedInputArgs();
    expect(args.slice(0, 2)).toEqual(["-protocol_whitelist", "file"]);
    for (const bad of ["hls", "concat", "image2", "lavfi", "tee", "data", "h264", "hevc"]) {
      expect(acceptedInputFormats).not.toContain(bad);
    }
    expect(acceptedInputFormats).toEqual(expect.arrayContaining(["mov", "mxf", "mpegts", "wav", "matroska"]));
  });
});

describe("small readers", () => {
  it("recognises drop-frame timecode by its ';' or '.' separator", () => {
    expect(isDropFrameTimecode("00:59:59;28")).toBe(true);
    expect(isDropFrameTimecode("00:59:59.28")).toBe(true);
    expect(isDropFrameTimecode("01:00:00:00")).toBe(false);
    expect(isDropFrameTimecode(null)).toBe(false);
  });

  it("does not call equal rationals in different spellings VFR", () => {
    expect(detectVariableFrameRate({ num: 24000, den: 1001 }, { num: 48000, den: 2002 })).toBe(false);
    expect(detectVariableFrameRate({ num: 25, den: 1 }, null)).toBe(false);
  });
});

describe("analyzePacketTimes", () => {
  it("keeps a millisecond-rounded 59.94 grid constant (16/17 ms intervals are the time base's rounding)", () => {
    const times = Array.from({ length: 30 }, (_, i) => Math.round((i * 1001) / 60) / 1000);
    expect(analyzePacketTimes(times, 0.001)).toMatchObject({ isVariable: false, packets: 30 });
  });

  it("finds frames alternating 52 and 28 ms apart variable, whatever their order", () => {
    const times = Array.from({ length: 25 }, (_, i) => i / 25 + (i % 2 ? 0.012 : 0)).reverse();
    const timing = analyzePacketTimes(times, 1 / 90000);
    expect(timing?.isVariable).toBe(true);
    expect(timing?.averageRate).toBeCloseTo(25, 0);
  });

  it("measures how long a jittered clip lasts from its mean interval, not the median", () => {
    // 8 frames at 25 fps, odd ones 12 ms late, the last on the grid: 0.32 s.
    const times = Array.from({ length: 8 }, (_, i) => i / 25 + (i % 2 && i < 7 ? 0.012 : 0));
    const timing = analyzePacketTimes(times, 1 / 90000);
    expect(timing?.spanSeconds).toBeCloseTo(0.32, 6);
    expect(timing?.averageRate).toBeCloseTo(25, 6);
  });

  it("says nothing for fewer than three packets", () => {
    expect(analyzePacketTimes([0, 0.04], 0.001)).toBeNull();
  });
});
