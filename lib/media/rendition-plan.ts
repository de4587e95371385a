import { z } from "zod";
import { MediaError } from "./errors";
import type { MediaFacts, VideoFacts } from "./ffprobe";
import { type Rational, rationalToNumber, reduceRational, standardFrameRates } from "./rational";
import { expectedWaveformLength, WAVEFORM_MAX_BUCKETS, waveformSamplesPerBucket } from "./waveform-peaks";
import { frameToTimecode } from "@/lib/timecode/source-timecode";

/**
 * POLICY: which renditions a source gets, at which sizes, rates and bitrates. Pure — no FFmpeg, no I/O, no
 * global config: the job passes `MediaConfig` in (built from env once, see `mediaConfigSchema`).
 */

const ladderRungSchema = z.object({
  /** Name used in the HLS tree (`hls/<name>/index.m3u8`). */
  name: z.string().regex(/^[a-z0-9_-]+$/),
  /** Short edge of the rung's box (1080 → fits in 1920x1080, or 1080x1920 for portrait). */
  shortEdge: z.number().int().min(144).max(4320),
  /** x264 VBV cap; also the QC upper bound (with VBV slack, see `bitrateBounds`). */
  maxBitrate: z.number().int().positive(),
});

export const mediaConfigSchema = z.object({
  /** Limits a source must be within before anything is encoded (`limit_exceeded` otherwise). */
  maxDurationSeconds: z.number().positive().default(6 * 3600),
  maxSourceWidth: z.number().int().positive().default(8192),
  maxSourceHeight: z.number().int().positive().default(8192),
  /** 0 = FFmpeg decides. Applies to the decoder, each encoder and the filter graph. */
  ffmpegThreads: z.number().int().min(0).max(256).default(0),
  /** x264 preset for every video encode. Tests use ultrafast; production veryfast (docs/measurements.md: 3.7× real time at 720p). */
  x264Preset: z
    .enum(["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"])
    .default("veryfast"),
  proxy: z
    .object({
      maxWidth: z.number().int().positive().default(1920),
      maxHeight: z.number().int().positive().default(1080),
      crf: z.number().min(0).max(51).default(20),
      maxBitrate: z.number().int().positive().default(12_000_000),
    })
    .prefault({}),
  ladder: z
    .array(ladderRungSchema)
    .min(1)
    .default([
      { name: "1080p", shortEdge: 1080, maxBitrate: 6_000_000 },
      { name: "720p", shortEdge: 720, maxBitrate: 3_000_000 },
      { name: "360p", shortEdge: 360, maxBitrate: 800_000 },
    ]),
  hlsCrf: z.number().min(0).max(51).default(23),
  /** 2 s segments: fine-grained seeking in the review room without a huge playlist. */
  hlsSegmentSeconds: z.number().positive().default(2),
  audio: z
    .object({
      bitrate: z.number().int().positive().default(128_000),
      sampleRate: z.number().int().positive().default(48_000),
    })
    .prefault({}),
  poster: z
    .object({
      maxWidth: z.number().int().positive().default(1280),
      maxHeight: z.number().int().positive().default(720),
      /** Where in the clip the poster is taken (10 % in, at most 10 s): avoids slates' black first frame. */
      atFraction: z.number().min(0).max(1).default(0.1),
      maxOffsetSeconds: z.number().min(0).default(10),
    })
    .prefault({}),
  sprite: z
    .object({
      thumbWidth: z.number().int().min(16).default(160),
      columns: z.number().int().min(1).default(10),
      /** One sheet only: interval grows with duration so the thumbnails fit (100 thumbs of 160 px ≈ 1600x900). */
      maxThumbs: z.number().int().min(1).default(100),
      minIntervalSeconds: z.number().int().min(1).default(1),
    })
    .prefault({}),
  /** Min/max peaks per bucket (waveform-peaks.ts): at most `maxBuckets`, none shorter than `minBucketSeconds`. */
  waveform: z
    .object({
      maxBuckets: z.number().int().min(16).max(WAVEFORM_MAX_BUCKETS).default(8192),
      minBucketSeconds: z.number().positive().default(0.01),
    })
    .prefault({}),
  /**
   * Containment of every FFmpeg/ffprobe run on an upload (run-process.ts). The worker sets `runAs` to an
   * unprivileged user when it runs as root (WORKER_FFMPEG_UID/GID, default nobody).
   */
  sandbox: z
    .object({
      runAs: z.object({ uid: z.number().int().min(1), gid: z.number().int().min(1) }).nullable().default(null),
      // Virtual memory, not resident: FFmpeg's threads reserve stacks and malloc arenas they never touch,
      // so the cap is generous; it stops a decoder bomb from taking the host, not normal 4K work.
      maxMemoryBytes: z.number().int().positive().default(32 * 1024 ** 3),
      // One output file (the proxy of a 6 h master at its 12 Mbit/s cap is ~32 GB).
      maxFileBytes: z.number().int().positive().default(64 * 1024 ** 3),
      maxOpenFiles: z.number().int().min(64).default(4096),
    })
    .prefault({}),
});

export type MediaConfig = z.infer<typeof mediaConfigSchema>;
export type MediaConfigInput = z.input<typeof mediaConfigSchema>;

export function parseMediaConfig(input: MediaConfigInput = {}): MediaConfig {
  return mediaConfigSchema.parse(input);
}

export interface BitrateBounds {
  minBps: number;
  maxBps: number;
}

export interface VideoEncodePlan {
  width: number;
  height: number;
  crf: number;
  maxBitrate: number;
  bufferSize: number;
  bitrateBounds: BitrateBounds;
}

export interface AudioEncodePlan {
  codec: "aac";
  channels: 2;
  sampleRate: number;
  bitrate: number;
  bitrateBounds: BitrateBounds;
}

export interface HlsRungPlan extends VideoEncodePlan {
  name: string;
}

export type FrameRatePolicy = "source" | "conformed_vfr";

export interface VideoTimingPlan {
  sourceStreamIndex: number;
  /** Output rate: the source's exact rational (CFR) or the conformed rate (VFR, see `chooseFrameRate`). */
  frameRate: Rational;
  frameRatePolicy: FrameRatePolicy;
  /** Frames every video output (proxy, each rung) must have. */
  frameCount: number;
  /** frameCount / frameRate. */
  durationSeconds: number;
  /** Keyframe interval in frames (= segment length), fixed so every rung segments at the same frames. */
  gopFrames: number;
  /** Clockwise display rotation FFmpeg applies while decoding (autorotate); output sizes already include it. */
  rotation: 0 | 90 | 180 | 270;
  /** Converted to 8-bit 4:2:0 for H.264 High; true when the source is deeper than 8 bits. */
  isBitDepthReduced: boolean;
  /** Full-range (yuvj*, "pc") sources are scaled to TV range. */
  isFullRange: boolean;
  /**
   * YUV matrix the source is read with: `auto` when the stream says (or is RGB), else the usual guess
   * for untagged video — BT.709 from 720 lines up, BT.601 below (swscale alone would assume BT.601).
   */
  inputColorMatrix: "auto" | "bt709" | "bt601";
  /**
   * Interlaced sources (1080i, DV, AVC-Intra) are deinterlaced with `bwdif` in send_frame mode: one
   * progressive frame per source frame, so 25i becomes 25p and the frame count (comments' grid) is kept.
   * `evidence` says why (for the record); the field shown first comes from each decoded frame.
   */
  deinterlace: { evidence: string } | null;
  /**
   * PQ (HDR10, Dolby Vision 8.4's base layer) and HLG sources are tone-mapped to BT.709 SDR once, at the
   * proxy's size, before the split: every output (proxy, rungs, poster, sprite) gets the same SDR picture.
   */
  toneMap: ToneMapPlan | null;
}

export interface ToneMapPlan {
  transfer: "smpte2084" | "arib-std-b67";
  /** The source's tags as zscale spells them; untagged HDR is BT.2020 (what every HDR format uses). */
  primaries: string;
  matrix: string;
  range: "tv" | "full";
  /** Size the tone map works at (the largest output: the proxy), so the float maths runs once per frame. */
  width: number;
  height: number;
}

/** Something the version should say about how it was made; it never fails the version. */
export type ProcessingWarningCode =
  | "hdr_tone_mapped"
  | "deinterlaced"
  | "poster_missing"
  | "sprite_missing"
  | "waveform_missing"
  | "timecode_dropped"
  | "frame_rate_conformed";

export interface ProcessingWarning {
  code: ProcessingWarningCode;
  message: string;
}

export interface RenditionPlan {
  kind: "video" | "audio_only";
  /** Duration every output is measured against (video: frames / rate; audio-only: the audio's). */
  durationSeconds: number;
  /**
   * The source's own duration as probed (the picture's stream duration, else the container's; audio-only:
   * the audio's). QC holds the proxy to it too, not only to the plan, so a wrong plan cannot pass itself.
   */
  sourceDurationSeconds: number;
  video: VideoTimingPlan | null;
  audio: {
    sourceStreamIndex: number;
    /** audio start − video start in the source; applied so A/V sync survives resetting video to t=0. */
    offsetSeconds: number;
    encode: AudioEncodePlan;
  } | null;
  /**
   * The start timecode written into the proxy's tmcd track: the source's, when it is a valid label at the
   * output rate (a drop-frame label on a 25 fps stream, or frames past the rate, would make the mov muxer
   * fail the whole run — auxiliary metadata must never fail a job); otherwise null and a warning.
   */
  startTimecode: string | null;
  /** What the plan already knows it will tell the user (tone mapping, deinterlacing, dropped timecode). */
  warnings: ProcessingWarning[];
  threads: number;
  x264Preset: MediaConfig["x264Preset"];
  proxy: {
    fileName: string;
    video: VideoEncodePlan | null;
    /**
     * The HLS rung with the proxy's exact size, whose single encode the proxy reuses: FFmpeg writes that
     * rung once and the proxy is a stream-copy remux of it (`buildProxyRemuxArgs`). The rung takes the
     * proxy's quality (CRF and cap). Null when no rung has the proxy's size (e.g. a 2048x858 source: the
     * proxy is 1920x804, the top rung 1280x536): then the proxy is encoded on its own.
     */
    twinRungName: string | null;
  };
  hls: {
    dirName: string;
    masterName: string;
    segmentSeconds: number;
    rungs: HlsRungPlan[];
    /** Name of the audio rendition (own playlist in an audio group; the only one for audio-only sources). */
    audioName: string | null;
  };
  poster: { fileName: string; width: number; height: number; frameIndex: number } | null;
  sprite: {
    fileName: string;
    vttName: string;
    thumbWidth: number;
    thumbHeight: number;
    columns: number;
    rows: number;
    /** Thumbnail i is output frame i × intervalFrames (a frame number, so even a 1-frame clip gets tile 0). */
    intervalFrames: number;
    /** intervalFrames / rate: the VTT cue length. */
    intervalSeconds: number;
    count: number;
  } | null;
  /**
   * Every source with audio: min/max peaks of the (downmixed, synced, padded) audio the proxy carries, one
   * bucket per `samplesPerBucket` samples at `sampleRate`, computed in the main run (`astats` on an
   * `asplit` branch, printed to `statsFileName`) and written as `fileName` (audiowaveform JSON) after it.
   */
  waveform: { fileName: string; statsFileName: string; sampleRate: number; samplesPerBucket: number; bucketCount: number } | null;
}

// ---------------------------------------------------------------------------------------------------

/** H.264 4:2:0 needs even dimensions (PeerTube: "always use an even resolution"). */
function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

function evenFloor(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}

/** Square-pixel display size after SAR and rotation. */
export function displaySize(video: Pick<VideoFacts, "width" | "height" | "sampleAspectRatio" | "rotation">): {
  width: number;
  height: number;
} {
  const sar = video.sampleAspectRatio.num > 0 && video.sampleAspectRatio.den > 0 ? video.sampleAspectRatio : { num: 1, den: 1 };
  const w = (video.width * sar.num) / sar.den;
  const h = video.height;
  return video.rotation === 90 || video.rotation === 270 ? { width: h, height: w } : { width: w, height: h };
}

/**
 * Largest even size with the source's aspect ratio that fits in `box` and never exceeds the source.
 */
export function fitInBox(
  source: { width: number; height: number },
  box: { width: number; height: number },
): { width: number; height: number } {
  const aspect = source.width / source.height;
  const maxW = Math.min(box.width, source.width);
  const maxH = Math.min(box.height, source.height);
  let width: number;
  let height: number;
  if (maxW / maxH > aspect) {
    height = maxH;
    width = height * aspect;
  } else {
    width = maxW;
    height = width / aspect;
  }
  return {
    width: Math.min(even(width), evenFloor(maxW)),
    height: Math.min(even(height), evenFloor(maxH)),
  };
}

/** Box for a short edge, oriented like the source (portrait phones get 1080x1920 boxes). */
function boxForShortEdge(shortEdge: number, isPortrait: boolean): { width: number; height: number } {
  const longEdge = Math.round((shortEdge * 16) / 9);
  return isPortrait ? { width: shortEdge, height: longEdge } : { width: longEdge, height: shortEdge };
}

/**
 * Frame-rate policy.
 * - CFR source: keep its exact rational rate and frame count (frame N of the proxy is frame N of the master).
 * - VFR source (phones, screen captures): conform to the standard rate nearest to `avg_frame_rate`
 *   (24000/1001, 24, 25, 30000/1001, 30, 48, 50, 60000/1001, 60) when one is within 5 %, else to avg rounded
 *   to 1/1000 fps; keep the duration, so frame count = round(duration × rate). Comments on a VFR source are
 *   keyed to the proxy's frames; the source has no stable frame grid to key them to.
 */
export function chooseFrameRate(
  video: Pick<VideoFacts, "frameRate" | "avgFrameRate" | "isVariableFrameRate" | "frameCount" | "durationSeconds">,
  fallbackDurationSeconds: number,
): { frameRate: Rational; frameCount: number; policy: FrameRatePolicy } {
  if (!video.isVariableFrameRate) {
    return { frameRate: video.frameRate, frameCount: video.frameCount, policy: "source" };
  }
  const target = rationalToNumber(video.avgFrameRate ?? video.frameRate);
  let best: Rational | null = null;
  let bestDiff = Infinity;
  for (const r of standardFrameRates) {
    const diff = Math.abs(rationalToNumber(r) - target) / target;
    if (diff < bestDiff) {
      best = r;
      bestDiff = diff;
    }
  }
  const frameRate = best !== null && bestDiff <= 0.05 ? best : reduceRational({ num: Math.round(target * 1000), den: 1000 });
  const duration = video.durationSeconds ?? fallbackDurationSeconds;
  const frameCount = Math.max(1, Math.round(duration * rationalToNumber(frameRate)));
  return { frameRate, frameCount, policy: "conformed_vfr" };
}

/**
 * QC bounds for a capped-CRF encode: the average can exceed `maxrate` only by what the VBV buffer lets
 * the first frames borrow (up to `bufsize`), which matters for clips of a few frames. 10 % slack for
 * container overhead. The floor (1 kbit/s) only catches empty or broken streams: a black frame is tiny.
 */
export function bitrateBounds(maxBitrate: number, bufferSize: number, durationSeconds: number): BitrateBounds {
  const seconds = Math.max(durationSeconds, 0.001);
  return { minBps: 1_000, maxBps: Math.ceil(((maxBitrate * seconds + bufferSize) / seconds) * 1.1) };
}

function audioEncode(config: MediaConfig, durationSeconds: number): AudioEncodePlan {
  // AAC at a fixed rate; very short clips carry a relatively large priming/overhead share.
  const seconds = Math.max(durationSeconds, 0.1);
  return {
    codec: "aac",
    channels: 2,
    sampleRate: config.audio.sampleRate,
    bitrate: config.audio.bitrate,
    bitrateBounds: { minBps: 1_000, maxBps: Math.ceil(config.audio.bitrate * 1.5 + 64_000 / seconds) },
  };
}

function videoEncode(width: number, height: number, crf: number, maxBitrate: number, duration: number): VideoEncodePlan {
  const bufferSize = maxBitrate * 2;
  return { width, height, crf, maxBitrate, bufferSize, bitrateBounds: bitrateBounds(maxBitrate, bufferSize, duration) };
}

/**
 * Decides the renditions for a probed source. Throws MediaError:
 * `no_media_streams` (nothing to review), `limit_exceeded` (too long / too large), `corrupt_input` (no duration).
 */
export function planRenditions(facts: MediaFacts, config: MediaConfig): RenditionPlan {
  const { video, audio } = facts;
  if (!video && !audio) throw new MediaError("no_media_streams", "The file has no video or audio to review.");
  if (!(facts.durationSeconds > 0) && !((video?.durationSeconds ?? 0) > 0) && !((audio?.durationSeconds ?? 0) > 0)) {
    throw new MediaError("corrupt_input", "The file reports no duration.");
  }
  const sourceDuration = Math.max(facts.durationSeconds, video?.durationSeconds ?? 0, audio?.durationSeconds ?? 0);
  if (sourceDuration > config.maxDurationSeconds) {
    throw new MediaError(
      "limit_exceeded",
      `The file is ${Math.round(sourceDuration)} s long; the limit is ${config.maxDurationSeconds} s.`,
    );
  }

  const threads = config.ffmpegThreads;
  const hlsBase = { dirName: "hls", masterName: "master.m3u8", segmentSeconds: config.hlsSegmentSeconds };

  if (!video) {
    const a = audio as NonNullable<typeof audio>;
    const duration = a.durationSeconds ?? facts.durationSeconds;
    return {
      kind: "audio_only",
      durationSeconds: duration,
      sourceDurationSeconds: duration,
      video: null,
      audio: { sourceStreamIndex: a.streamIndex, offsetSeconds: 0, encode: audioEncode(config, duration) },
      // The audio proxy (.m4a) carries no timecode track; the version keeps the source's.
      startTimecode: null,
      warnings: [],
      threads,
      x264Preset: config.x264Preset,
      proxy: { fileName: "proxy.m4a", video: null, twinRungName: null },
      hls: { ...hlsBase, rungs: [], audioName: "audio" },
      poster: null,
      sprite: null,
      waveform: waveformPlan(config, duration),
    };
  }

  if (video.width > config.maxSourceWidth || video.height > config.maxSourceHeight) {
    throw new MediaError(
      "limit_exceeded",
      `The picture is ${video.width}x${video.height}; the limit is ${config.maxSourceWidth}x${config.maxSourceHeight}.`,
    );
  }

  const timing = chooseFrameRate(video, facts.durationSeconds);
  const rate = rationalToNumber(timing.frameRate);
  const duration = timing.frameCount / rate;
  const display = displaySize(video);
  const isPortrait = display.height > display.width;
  const shortEdge = Math.min(display.width, display.height);

  const proxyBox = isPortrait
    ? { width: config.proxy.maxHeight, height: config.proxy.maxWidth }
    : { width: config.proxy.maxWidth, height: config.proxy.maxHeight };
  const proxySize = fitInBox(display, proxyBox);

  // Never upscale: a rung is used only when the source's short edge reaches it. A source smaller than the
  // smallest rung gets one rung at its own (even) size, with the smallest rung's bitrate cap.
  const seen = new Set<string>();
  const rungs: HlsRungPlan[] = [];
  const sortedLadder = [...config.ladder].sort((a, b) => b.shortEdge - a.shortEdge);
  for (const rung of sortedLadder) {
    if (rung.shortEdge > shortEdge) continue;
    const size = fitInBox(display, boxForShortEdge(rung.shortEdge, isPortrait));
    const key = `${size.width}x${size.height}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rungs.push({ name: rung.name, ...videoEncode(size.width, size.height, config.hlsCrf, rung.maxBitrate, duration) });
  }
  if (rungs.length === 0) {
    const smallest = sortedLadder[sortedLadder.length - 1];
    const size = fitInBox(display, display);
    rungs.push({
      name: `${size.height}p`,
      ...videoEncode(size.width, size.height, config.hlsCrf, smallest?.maxBitrate ?? 800_000, duration),
    });
  }

  // One encode for the proxy and its same-size rung, at the proxy's quality (the proxy is what reviewers
  // judge; the rung's BANDWIDTH in the master playlist follows from the cap).
  const proxyEncode = videoEncode(proxySize.width, proxySize.height, config.proxy.crf, config.proxy.maxBitrate, duration);
  const twinIndex = rungs.findIndex((r) => r.width === proxySize.width && r.height === proxySize.height);
  const twin = twinIndex >= 0 ? rungs[twinIndex] : undefined;
  if (twin) rungs[twinIndex] = { ...proxyEncode, name: twin.name };

  const posterSize = fitInBox(display, { width: config.poster.maxWidth, height: config.poster.maxHeight });
  const posterSeconds = Math.min(duration * config.poster.atFraction, config.poster.maxOffsetSeconds);
  const posterFrame = Math.min(timing.frameCount - 1, Math.max(0, Math.floor(posterSeconds * rate)));

  const interval = Math.max(config.sprite.minIntervalSeconds, Math.ceil(duration / config.sprite.maxThumbs));
  // By frame number, not by time (`fps=1/interval` emits nothing for a clip shorter than the interval):
  // tile 0 is always frame 0, so a 1-frame clip still gets a one-tile sprite.
  // At least enough frames per tile that the tiles fit on the one sheet (maxThumbs).
  const intervalFrames = Math.max(1, Math.round(interval * rate), Math.ceil(timing.frameCount / config.sprite.maxThumbs));
  const thumbCount = Math.max(1, Math.ceil(timing.frameCount / intervalFrames));
  const columns = Math.min(config.sprite.columns, thumbCount);
  const thumbWidth = Math.min(config.sprite.thumbWidth, even(display.width));
  const thumbHeight = even((thumbWidth * display.height) / display.width);

  const bitDepth = video.bitDepth;
  const pixelFormat = video.pixelFormat ?? "";

  const hasColorMatrixTag = video.colorSpace !== null && video.colorSpace !== "unknown" && video.colorSpace !== "unspecified";
  const isRgb = /^(rgb|bgr|gbr|argb|abgr|rgba|bgra|0rgb|0bgr|rgb0|bgr0)/.test(pixelFormat);
  const toneMap = planToneMap(video, proxySize);
  // After the tone map every branch reads BT.709 YUV that zscale wrote.
  const inputColorMatrix: VideoTimingPlan["inputColorMatrix"] = toneMap
    ? "bt709"
    : hasColorMatrixTag || isRgb
      ? "auto"
      : video.height >= 720 || video.width >= 1280
        ? "bt709"
        : "bt601";
  const deinterlace = planDeinterlace(video);
  const startTimecode = validStartTimecode(facts.startTimecode, facts.isDropFrame, timing.frameRate);

  const warnings: ProcessingWarning[] = [];
  if (toneMap) {
    warnings.push({
      code: "hdr_tone_mapped",
      message: `HDR source (${toneMap.transfer === "smpte2084" ? "PQ" : "HLG"}, ${video.colorPrimaries ?? "BT.2020"}): the proxy, player, poster and sprite are tone-mapped to SDR BT.709; judge HDR grading on an HDR display from the master.`,
    });
  }
  if (deinterlace) {
    warnings.push({
      code: "deinterlaced",
      message: "Interlaced source: the proxy is deinterlaced to progressive frames at the same rate (one per source frame); frame numbers are the source's.",
    });
  }
  if (timing.policy === "conformed_vfr") {
    warnings.push({
      code: "frame_rate_conformed",
      message: `Variable frame rate source: the proxy runs at a constant ${formatRate(timing.frameRate)} fps and comments are numbered on that grid.`,
    });
  }
  if (facts.startTimecode && !startTimecode) {
    warnings.push({
      code: "timecode_dropped",
      message: `The source's start timecode ${facts.startTimecode} is not a valid label at ${formatRate(timing.frameRate)} fps; the proxy carries no timecode track.`,
    });
  }

  return {
    kind: "video",
    durationSeconds: duration,
    sourceDurationSeconds: video.durationSeconds ?? facts.durationSeconds,
    video: {
      sourceStreamIndex: video.streamIndex,
      frameRate: timing.frameRate,
      frameRatePolicy: timing.policy,
      frameCount: timing.frameCount,
      durationSeconds: duration,
      gopFrames: Math.max(1, Math.round(config.hlsSegmentSeconds * rate)),
      rotation: video.rotation,
      isBitDepthReduced: bitDepth > 8,
      isFullRange: video.colorRange === "pc" || pixelFormat.startsWith("yuvj"),
      inputColorMatrix,
      deinterlace,
      toneMap,
    },
    audio: audio
      ? {
          sourceStreamIndex: audio.streamIndex,
          offsetSeconds: audio.startSeconds - video.startSeconds,
          encode: audioEncode(config, duration),
        }
      : null,
    startTimecode,
    warnings,
    threads,
    x264Preset: config.x264Preset,
    proxy: { fileName: "proxy.mp4", video: proxyEncode, twinRungName: twin?.name ?? null },
    hls: { ...hlsBase, rungs, audioName: audio ? "audio" : null },
    poster: { fileName: "poster.jpg", width: posterSize.width, height: posterSize.height, frameIndex: posterFrame },
    sprite: {
      fileName: "sprite.jpg",
      vttName: "thumbnails.vtt",
      thumbWidth,
      thumbHeight,
      columns,
      rows: Math.ceil(thumbCount / columns),
      intervalFrames,
      intervalSeconds: intervalFrames / rate,
      count: thumbCount,
    },
    waveform: audio ? waveformPlan(config, duration) : null,
  };
}

function waveformPlan(config: MediaConfig, durationSeconds: number): NonNullable<RenditionPlan["waveform"]> {
  const sampleRate = config.audio.sampleRate;
  const samplesPerBucket = waveformSamplesPerBucket(durationSeconds, sampleRate, config.waveform);
  return {
    fileName: "waveform.json",
    statsFileName: "waveform_stats.txt",
    sampleRate,
    samplesPerBucket,
    bucketCount: expectedWaveformLength(durationSeconds, sampleRate, samplesPerBucket),
  };
}

function formatRate(r: Rational): string {
  return String(Math.round(rationalToNumber(r) * 1000) / 1000);
}

/**
 * Whether to deinterlace: the probe's field order says interlaced (`tt`, `bb`, `tb`, `bt`), or the first
 * decoded frames are flagged interlaced (Matroska reports an interlaced H.264 as `progressive`), or it
 * is DV (interlaced by its standard, IEC 61834; ffprobe gives it no field order) not probed progressive.
 * Which field comes first is left to each decoded frame (bwdif `parity=auto`), not to the probe's two
 * letters, whose meaning depends on the container: in MOV/MP4 `tb` is QuickTime's `fiel` value 9, "top
 * field first, interleaved" (an HEVC encoded top-field-first probes as `tb` there), while in codec terms
 * TB means "top coded, bottom shown first" — read by the letters, that clip would run bottom-first.
 */
export function planDeinterlace(
  video: Pick<VideoFacts, "fieldOrder" | "codec" | "hasInterlacedFrames">,
): VideoTimingPlan["deinterlace"] {
  const order = video.fieldOrder;
  if (order === "tt" || order === "bb" || order === "tb" || order === "bt") return { evidence: `field order ${order}` };
  if (video.hasInterlacedFrames === true) return { evidence: "decoded frames flagged interlaced" };
  if (order !== "progressive" && video.codec === "dvvideo") return { evidence: "DV" };
  return null;
}

/** PQ (`smpte2084`) and HLG (`arib-std-b67`) need tone mapping; everything else is SDR already. */
export function planToneMap(
  video: Pick<VideoFacts, "colorTransfer" | "colorPrimaries" | "colorSpace" | "colorRange">,
  size: { width: number; height: number },
): ToneMapPlan | null {
  const transfer = video.colorTransfer;
  if (transfer !== "smpte2084" && transfer !== "arib-std-b67") return null;
  const known = (tag: string | null, fallback: string) =>
    tag && tag !== "unknown" && tag !== "unspecified" && tag !== "reserved" ? tag : fallback;
  return {
    transfer,
    primaries: known(video.colorPrimaries, "bt2020"),
    // zscale names the non-constant-luminance BT.2020 matrix `2020_ncl`; ffprobe says `bt2020nc`.
    matrix: zscaleMatrix(known(video.colorSpace, "bt2020nc")),
    range: video.colorRange === "pc" ? "full" : "tv",
    width: size.width,
    height: size.height,
  };
}

function zscaleMatrix(ffprobeName: string): string {
  const names: Record<string, string> = {
    bt2020nc: "2020_ncl",
    bt2020c: "2020_cl",
    bt709: "709",
    smpte170m: "170m",
    bt470bg: "470bg",
  };
  return names[ffprobeName] ?? "2020_ncl";
}

/**
 * The source's start timecode if it is a label the output clock can carry (valid fields, drop-frame
 * only at 29.97/59.94), else null. FFmpeg's mov muxer refuses such labels and would fail the run.
 */
export function validStartTimecode(start: string | null, isDropFrame: boolean, rate: Rational): string | null {
  if (!start) return null;
  try {
    frameToTimecode(0, { rate, dropFrame: isDropFrame, start });
    return start;
  } catch {
    return null;
  }
}
