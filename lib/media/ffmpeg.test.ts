import { describe, expect, it } from "vitest";
import { buildProxyRemuxArgs, buildSpriteSheetArgs, buildThumbnailsVtt, buildTranscodeArgs, createProgressParser, filterOptionValue, transcodeOutputs } from "./ffmpeg";
import { parseMediaConfig, planRenditions } from "./rendition-plan";
import { audioFacts, mediaFacts, videoFacts } from "./test-fixtures";

const config = parseMediaConfig({ ffmpegThreads: 2, x264Preset: "ultrafast" });

function valueAfter(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

describe("buildTranscodeArgs", () => {
  const plan = planRenditions(mediaFacts(), config);
  const args = buildTranscodeArgs(plan, "/in/master.mov", "/out");

  it("reads the upload once, hardened: whitelists before the single -i, no stdin, any decode error fatal", () => {
    expect(args.filter((a) => a === "-i")).toHaveLength(1);
    const i = args.indexOf("-i");
    expect(args.indexOf("-protocol_whitelist")).toBeLessThan(i);
    expect(args.indexOf("-format_whitelist")).toBeLessThan(i);
    expect(valueAfter(args, "-protocol_whitelist")).toBe("file");
    expect(args).toContain("-nostdin");
    expect(args).toContain("-xerror");
    expect(args[i + 1]).toBe("/in/master.mov");
  });

  it("splits one decoded picture into three rungs (the 1080p one is also the proxy's), poster and sprite", () => {
    const graph = valueAfter(args, "-filter_complex") ?? "";
    expect(graph).toContain("split=5[vh0in][vh1in][vh2in][vposterin][vspritein]");
    // One x264 encode per size: the proxy has no branch of its own.
    expect(graph).not.toContain("[vp]");
    expect(args.filter((a) => a === "libx264")).toHaveLength(1);
    // Start at 0, one cloned frame past the end (FFmpeg 5.1 drops a last frame of unknown length), the grid, the planned frames.
    expect(graph).toContain("setpts=PTS-STARTPTS,tpad=stop_mode=clone:stop=1,fps=fps=24000/1001:round=near,trim=end_frame=1440");
    expect(graph).not.toContain("tile=");
    expect(graph).toContain("trim=start_frame=");
  });

  it("writes only the proxy's AAC track in the main run when the proxy has a twin rung", () => {
    expect(plan.proxy.twinRungName).toBe("1080p");
    expect(args).not.toContain("/out/proxy.mp4");
    expect(args).toContain("/out/proxy_audio.m4a");
  });

  it("makes the proxy by a stream-copy remux of the twin rung: faststart, source timecode, no encoder", () => {
    const remux = buildProxyRemuxArgs(plan, transcodeOutputs(plan, "/out")) ?? [];
    expect(remux.filter((a) => a === "-i")).toHaveLength(2);
    expect(valueAfter(remux, "-i")).toBe("concatf:/out/proxy_video.concat");
    expect(remux).toContain("/out/proxy_audio.m4a");
    expect(valueAfter(remux, "-c")).toBe("copy");
    expect(remux).not.toContain("libx264");
    expect(valueAfter(remux, "-protocol_whitelist")).toBe("file,concatf");
    expect(valueAfter(remux, "-format_whitelist")).toBe("mov,mp4,m4a,3gp,3g2,mj2");
    expect(remux).toContain("timecode=01:00:00:00");
    expect(valueAfter(remux, "-movflags")).toBe("+faststart");
    expect(remux.at(-1)).toBe("/out/proxy.mp4");
  });

  it("encodes the proxy on its own, with the source timecode, when no rung has its size", () => {
    // 2048x858: proxy 1920x804, but the source's short edge reaches only the 720p rung (1280x536).
    const wide = planRenditions(mediaFacts({ video: videoFacts({ width: 2048, height: 858 }) }), config);
    expect(wide.proxy.twinRungName).toBeNull();
    const a = buildTranscodeArgs(wide, "/in/wide.mov", "/out");
    expect(valueAfter(a, "-filter_complex")).toContain("[vp]scale=w=1920:h=804");
    expect(a).toContain("/out/proxy.mp4");
    expect(a).toContain("timecode=01:00:00:00");
    expect(valueAfter(a, "-movflags")).toBe("+faststart");
    expect(buildProxyRemuxArgs(wide, transcodeOutputs(wide, "/out"))).toBeNull();
  });

  it("converts to BT.709 explicitly and tags every H.264 stream so", () => {
    const graph = valueAfter(args, "-filter_complex") ?? "";
    expect(graph.match(/out_color_matrix=bt709/g)).toHaveLength(3);
    expect(valueAfter(args, "-colorspace")).toBe("bt709");
    expect(valueAfter(args, "-color_primaries")).toBe("bt709");
    expect(valueAfter(args, "-color_trc")).toBe("bt709");
    // Untagged HD is read as BT.709, untagged SD as BT.601 (swscale would take BT.601 for both).
    const untaggedHd = buildTranscodeArgs(planRenditions(mediaFacts({ video: videoFacts({ colorSpace: null }) }), config), "/i", "/o");
    expect(valueAfter(untaggedHd, "-filter_complex")).toContain("in_color_matrix=bt709:out_color_matrix=bt709");
    const untaggedSd = buildTranscodeArgs(
      planRenditions(mediaFacts({ video: videoFacts({ width: 720, height: 576, colorSpace: "unknown" }) }), config),
      "/i",
      "/o",
    );
    expect(valueAfter(untaggedSd, "-filter_complex")).toContain("in_color_matrix=bt601:out_color_matrix=bt709");
  });

  it("writes an fMP4 HLS ladder with 2 s segments, a master playlist and negative CTS offsets for frame accuracy", () => {
    expect(valueAfter(args, "-hls_segment_type")).toBe("fmp4");
    expect(valueAfter(args, "-hls_time")).toBe("2");
    expect(valueAfter(args, "-master_pl_name")).toBe("master.m3u8");
    expect(valueAfter(args, "-hls_segment_options")).toBe("movflags=+negative_cts_offsets:use_editlist=0");
    expect(valueAfter(args, "-var_stream_map")).toBe(
      "v:0,agroup:aud,name:1080p v:1,agroup:aud,name:720p v:2,agroup:aud,name:360p a:0,agroup:aud,name:audio",
    );
    expect(args).toContain("/out/hls/%v/index.m3u8");
  });

  it("caps each rung's bitrate with its own VBV", () => {
    expect(valueAfter(args, "-maxrate:v:1")).toBe("3000000");
    expect(valueAfter(args, "-bufsize:v:2")).toBe("1600000");
  });

  it("does not map audio for a video-only source", () => {
    const silent = buildTranscodeArgs(planRenditions(mediaFacts({ audio: null, audioTrackCount: 0 }), config), "/in/a.mp4", "/out");
    expect(silent).not.toContain("[aproxy]");
    expect(valueAfter(silent, "-var_stream_map")).toBe("v:0,name:1080p v:1,name:720p v:2,name:360p");
  });

  it("gives an audio-only source an AAC .m4a, an audio HLS rendition and a waveform", () => {
    const a = buildTranscodeArgs(planRenditions(mediaFacts({ video: null, audio: audioFacts({ streamIndex: 0 }) }), config), "/in/a.wav", "/out");
    expect(a).toContain("/out/proxy.m4a");
    expect(valueAfter(a, "-var_stream_map")).toBe("a:0,name:audio");
    expect(valueAfter(a, "-filter_complex")).toContain("asplit=3[aproxy][ahls][awave]");
    expect(valueAfter(a, "-filter_complex")).toContain("ametadata=mode=print:file=\\'/out/waveform_stats.txt\\',anullsink");
  });

  it("measures the waveform of a video source with audio in the same decode, and of a video-only one not at all", () => {
    const graph = valueAfter(args, "-filter_complex") ?? "";
    expect(graph).toContain("asplit=3[aproxy][ahls][awave];[awave]asetnsamples=n=480:p=0,astats=metadata=1:reset=1");
    const silent = buildTranscodeArgs(planRenditions(mediaFacts({ audio: null, audioTrackCount: 0 }), config), "/in/a.mp4", "/out");
    expect(valueAfter(silent, "-filter_complex")).not.toContain("astats");
  });

  it("escapes a file path as a filter option value for both levels of FFmpeg's graph parser", () => {
    expect(filterOptionValue("/tmp/a b/stats.txt")).toBe("\\'/tmp/a b/stats.txt\\'");
    // Verified with FFmpeg 5.1 on a directory named `we ird:d,ir;x'q[1]`.
    expect(filterOptionValue("/d:x,y;z'q[1]")).toBe("\\'/d:x\\,y\\;z\\'\\\\\\'\\'q\\[1\\]\\'");
  });

  it("keeps the source's A/V offset when resetting the picture to t=0", () => {
    const late = buildTranscodeArgs(planRenditions(mediaFacts({ video: videoFacts({ startSeconds: 1 }), audio: audioFacts({ startSeconds: 1.2 }) }), config), "/i", "/o");
    expect(valueAfter(late, "-filter_complex")).toContain("adelay=delays=200:all=1");
  });
});

describe("buildSpriteSheetArgs", () => {
  it("tiles the thumbnails of the main run into one sheet, reading only image2 files", () => {
    const plan = planRenditions(mediaFacts(), config);
    const args = buildSpriteSheetArgs(plan, "/out") ?? [];
    expect(valueAfter(args, "-format_whitelist")).toBe("image2");
    expect(valueAfter(args, "-i")).toBe("/out/thumb_%05d.jpg");
    expect(valueAfter(args, "-vf")).toBe(`tile=layout=${plan.sprite?.columns}x${plan.sprite?.rows}`);
    expect(args.at(-1)).toBe("/out/sprite.jpg");
  });

  it("is not needed for audio-only sources", () => {
    expect(buildSpriteSheetArgs(planRenditions(mediaFacts({ video: null }), config), "/out")).toBeNull();
  });
});

describe("createProgressParser", () => {
  it("turns out_time_us into a fraction of the duration, at most once per second, and 1 at the end", () => {
    let t = 0;
    const seen: number[] = [];
    const p = createProgressParser(10, (f) => seen.push(f), { now: () => t });
    for (const [time, us] of [[0, 1_000_000], [500, 2_000_000], [1000, 3_000_000], [2500, 5_000_000]] as const) {
      t = time;
      p.push(`out_time_us=${us}`);
      p.push("out_time_ms=999999999"); // holds microseconds too; ignored
      p.push("progress=continue");
    }
    p.push("progress=end");
    expect(seen).toEqual([0.1, 0.3, 0.5, 1]);
  });

  it("ignores N/A and clamps past the end", () => {
    const seen: number[] = [];
    const p = createProgressParser(2, (f) => seen.push(f), { now: () => 0, minIntervalMs: 0 });
    p.push("out_time_us=N/A");
    p.push("progress=continue");
    p.push("out_time_us=9000000");
    p.push("progress=continue");
    expect(seen).toEqual([1]);
  });
});

describe("buildThumbnailsVtt", () => {
  it("points each interval at its tile, row-major, and ends the last cue at the duration", () => {
    const vtt = buildThumbnailsVtt({ spriteUrl: "sprite.jpg", durationSeconds: 25.5, intervalSeconds: 10, count: 3, columns: 2, thumbWidth: 160, thumbHeight: 90 });
    expect(vtt).toBe(
      [
        "WEBVTT", "",
        "00:00:00.000 --> 00:00:10.000", "sprite.jpg#xywh=0,0,160,90", "",
        "00:00:10.000 --> 00:00:20.000", "sprite.jpg#xywh=160,0,160,90", "",
        "00:00:20.000 --> 00:00:25.500", "sprite.jpg#xywh=0,90,160,90", "",
      ].join("\n"),
    );
  });

  it("formats hours", () => {
    const vtt = buildThumbnailsVtt({ spriteUrl: "s.jpg", durationSeconds: 3700, intervalSeconds: 3690, count: 2, columns: 10, thumbWidth: 10, thumbHeight: 10 });
    expect(vtt).toContain("01:01:30.000 --> 01:01:40.000");
  });
});
