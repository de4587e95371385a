import { z } from "zod";
import { MediaError, classifyFfmpegFailure, firstErrorLine } from "./errors";
import { uploadInputArgs } from "./input-hardening";
import { runProcess, SpawnError, type ProcessSandbox } from "./run-process";
import {
  type Rational, nearestStandardRate, parseRational, rationalToNumber, rationalsEqual, reduceRational, standardFrameRates,
} from "./rational";

// ---------------------------------------------------------------------------------------------------
// ffprobe JSON (boundary: parsed with zod; unknown keys kept in `raw`)

const numberish = z.union([z.string(), z.number()]).optional();
const tagsSchema = z.record(z.string(), z.union([z.string(), z.number()])).optional();

const sideDataSchema = z.looseObject({
  side_data_type: z.string().optional(),
  rotation: z.number().optional(),
});

export const probeStreamSchema = z.looseObject({
  index: z.number().int(),
  codec_name: z.string().optional(),
  codec_long_name: z.string().optional(),
  profile: z.union([z.string(), z.number()]).optional(),
  codec_type: z.string().optional(),
  codec_tag_string: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  sample_aspect_ratio: z.string().optional(),
  pix_fmt: z.string().optional(),
  bits_per_raw_sample: numberish,
  color_range: z.string().optional(),
  color_space: z.string().optional(),
  color_transfer: z.string().optional(),
  color_primaries: z.string().optional(),
  field_order: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  time_base: z.string().optional(),
  start_time: numberish,
  duration: numberish,
  bit_rate: numberish,
  nb_frames: numberish,
  nb_read_frames: numberish,
  sample_rate: numberish,
  channels: z.number().int().optional(),
  channel_layout: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: tagsSchema,
  side_data_list: z.array(sideDataSchema).optional(),
});

export const probeFormatSchema = z.looseObject({
  filename: z.string().optional(),
  nb_streams: z.number().int().optional(),
  format_name: z.string(),
  format_long_name: z.string().optional(),
  start_time: numberish,
  duration: numberish,
  size: numberish,
  bit_rate: numberish,
  tags: tagsSchema,
});

export const probeOutputSchema = z.looseObject({
  streams: z.array(probeStreamSchema).default([]),
  format: probeFormatSchema,
});

export type ProbeStream = z.infer<typeof probeStreamSchema>;
export type ProbeOutput = z.infer<typeof probeOutputSchema>;

// ---------------------------------------------------------------------------------------------------
// Typed facts

export type Rotation = 0 | 90 | 180 | 270;
export type FrameCountSource = "container" | "counted" | "estimated";

export interface VideoFacts {
  streamIndex: number;
  codec: string;
  profile: string | null;
  /** Coded size as stored. */
  width: number;
  height: number;
  sampleAspectRatio: Rational;
  /** Clockwise rotation a player applies for display (FFmpeg applies it when decoding: autorotate). */
  rotation: Rotation;
  pixelFormat: string | null;
  bitDepth: number;
  colorRange: string | null;
  colorPrimaries: string | null;
  colorTransfer: string | null;
  colorSpace: string | null;
  fieldOrder: string | null;
  /**
   * What the first decoded frames say (`interlaced_frame`): true if any is interlaced, false if none, null
   * when not sampled. Matroska reports an interlaced H.264 as `progressive` in its field order (measured).
   */
  hasInterlacedFrames: boolean | null;
  /** `r_frame_rate`: the container/codec's base rate. */
  frameRate: Rational;
  /** `avg_frame_rate` when known (frames / duration). */
  avgFrameRate: Rational | null;
  /** r_frame_rate and avg_frame_rate disagree by more than 0.01 %: timestamps are not evenly spaced. */
  isVariableFrameRate: boolean;
  /** Frames on the source timeline (what comments are keyed to). */
  frameCount: number;
  frameCountSource: FrameCountSource;
  /** Pictures actually decoded by -count_frames, when counted (may be below frameCount: timeline gaps). */
  decodedFrameCount: number | null;
  durationSeconds: number | null;
  startSeconds: number;
  bitRate: number | null;
}

export interface AudioFacts {
  streamIndex: number;
  codec: string;
  profile: string | null;
  channels: number;
  channelLayout: string | null;
  sampleRate: number;
  durationSeconds: number | null;
  startSeconds: number;
  bitRate: number | null;
}

export interface MediaFacts {
  /** FFmpeg demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "mxf". */
  container: string;
  containerLongName: string | null;
  durationSeconds: number;
  startSeconds: number;
  sizeBytes: number | null;
  bitRate: number | null;
  /** SMPTE start timecode as written in the file ("01:00:00:00", "00:59:59;28"). */
  startTimecode: string | null;
  isDropFrame: boolean;
  video: VideoFacts | null;
  audio: AudioFacts | null;
  audioTrackCount: number;
  /** The ffprobe JSON as parsed (for the version's probe JSON column). */
  raw: ProbeOutput;
}

function toNumber(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function toInt(value: string | number | undefined): number | null {
  const n = toNumber(value);
  return n !== null && Number.isInteger(n) && n >= 0 ? n : null;
}

function tagString(tags: ProbeStream["tags"], key: string): string | null {
  if (!tags) return null;
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === key) return String(v);
  return null;
}

/** Cover art, thumbnails and timed thumbnails are "video" streams that are not the picture. */
export function isRealVideoStream(s: ProbeStream): boolean {
  if (s.codec_type !== "video") return false;
  const d = s.disposition ?? {};
  return d["attached_pic"] !== 1 && d["timed_thumbnails"] !== 1;
}

function normaliseRotation(degreesClockwise: number): Rotation {
  const quarter = Math.round(degreesClockwise / 90);
  const r = (((quarter % 4) + 4) % 4) * 90;
  return r as Rotation;
}

/**
 * Display rotation, clockwise. The display matrix's `rotation` (ffprobe side data) is counter-clockwise
 * (a phone held upside down reports -180; one rotated a quarter clockwise reports -90), the legacy
 * `rotate` tag is clockwise.
 */
export function readRotation(s: ProbeStream): Rotation {
  const matrix = s.side_data_list?.find(
    (d) => d.rotation !== undefined && (d.side_data_type ?? "").toLowerCase().includes("display"),
  );
  if (matrix?.rotation !== undefined) return normaliseRotation(-matrix.rotation);
  const tag = tagString(s.tags, "rotate");
  const n = tag === null ? null : Number(tag);
  return n !== null && Number.isFinite(n) ? normaliseRotation(n) : 0;
}

/** Bits per component, from bits_per_raw_sample or the pixel format's name. */
export function readBitDepth(s: ProbeStream): number {
  const raw = toInt(s.bits_per_raw_sample);
  if (raw !== null && raw > 0) return raw;
  const pf = s.pix_fmt ?? "";
  const m = /p(9|10|12|14|16)(le|be)?$/.exec(pf) ?? /^(?:gray|y)(10|12|14|16)/.exec(pf);
  if (m?.[1]) return Number(m[1]);
  if (/^(rgb|bgr)(48|a64)|rgba64|bgra64/.test(pf)) return 16;
  return 8;
}

/**
 * Start timecode: the picture's own tag first, then a QuickTime `tmcd` data track, then the container
 * (MXF material package), then any stream that carries one (audio-only MOV).
 */
export function readStartTimecode(out: ProbeOutput, video: ProbeStream | undefined): string | null {
  const fromVideo = video ? tagString(video.tags, "timecode") : null;
  if (fromVideo) return fromVideo;
  const tmcd = out.streams.find((s) => s.codec_tag_string === "tmcd" && tagString(s.tags, "timecode"));
  if (tmcd) return tagString(tmcd.tags, "timecode");
  const fromFormat = tagString(out.format.tags, "timecode");
  if (fromFormat) return fromFormat;
  const any = out.streams.find((s) => tagString(s.tags, "timecode"));
  return any ? tagString(any.tags, "timecode") : null;
}

/** SMPTE drop-frame is written with ';' (or '.') before the frames field. */
export function isDropFrameTimecode(tc: string | null): boolean {
  return tc !== null && /[;.]\d+$/.test(tc);
}

/** Relative tolerance under which r_frame_rate and avg_frame_rate count as the same rate. */
const VFR_TOLERANCE = 1e-4;

export function detectVariableFrameRate(r: Rational, avg: Rational | null): boolean {
  if (avg === null || rationalsEqual(r, avg)) return false;
  const a = rationalToNumber(r);
  const b = rationalToNumber(avg);
  return Math.abs(a - b) / a > VFR_TOLERANCE;
}

/** Frame rates outside this range are container noise (e.g. 90000/1 on cover art), not a picture rate. */
function isPlausibleRate(r: Rational | null): r is Rational {
  if (r === null) return false;
  const n = rationalToNumber(r);
  return n >= 1 && n <= 300;
}

/**
 * `nb_frames`, when it can be believed. In MOV/MP4 it is the number of *samples* in the track, not the
 * frames a player presents: an edit list can hide some (a stream-copied cut that starts mid-GOP keeps the
 * GOP's leading samples: 65 samples, 50 presented frames over 2 s at 25 fps, measured). Frames are numbered
 * on the presented timeline, so for a constant-rate stream `nb_frames` must agree (±1) with
 * duration × rate; otherwise it is ignored and the frames are counted (or estimated) instead.
 */
/**
 * How the video stream's timing is read: the nominal rate (`r_frame_rate`, else the average, each only
 * when plausible), the plausible average rate, and the duration (the stream's, else the container's).
 */
function videoTiming(
  video: ProbeStream,
  out: ProbeOutput,
): { frameRate: Rational | null; avgFrameRate: Rational | null; duration: number | null } {
  const r = parseRational(video.r_frame_rate);
  const avg = parseRational(video.avg_frame_rate);
  const avgFrameRate = isPlausibleRate(avg) ? avg : null;
  return {
    frameRate: isPlausibleRate(r) ? r : avgFrameRate,
    avgFrameRate,
    duration: toNumber(video.duration) ?? toNumber(out.format.duration),
  };
}

function trustedContainerFrameCount(
  s: ProbeStream,
  frameRate: Rational,
  avgFrameRate: Rational | null,
  durationSeconds: number | null,
): number | null {
  const n = toInt(s.nb_frames);
  if (n === null || n <= 0) return null;
  if (durationSeconds === null || detectVariableFrameRate(frameRate, avgFrameRate)) return n;
  return Math.abs(n - durationSeconds * rationalToNumber(frameRate)) <= 1 ? n : null;
}

function rateFromAverage(fps: number): Rational | null {
  if (!(fps >= 1 && fps <= 300)) return null;
  return nearestStandardRate({ num: Math.round(fps * 1000), den: 1000 }) ?? reduceRational({ num: Math.round(fps * 1000), den: 1000 });
}

/**
 * The rates the rest of the pipeline trusts: variable when the header rates disagree or the packets'
 * timestamps say so (then the average is what the conform aims at); otherwise the header rate, snapped
 * to the standard rate it approximates (19001/317 → 60000/1001), so the proxy and the timecode run on
 * the real grid.
 */
export function resolveFrameGrid(
  frameRate: Rational,
  avgFrameRate: Rational | null,
  packets: PacketTiming | null,
): { frameRate: Rational; avgFrameRate: Rational | null; isVariableFrameRate: boolean } {
  if (packets?.isVariable || detectVariableFrameRate(frameRate, avgFrameRate)) {
    // The conform aims at the average the packets show when they were read: a header's average can be
    // computed over a different span (an HEVC MOV with B-frames said 24.1 for a 25 fps average, measured).
    const fromPackets = packets ? rateFromAverage(packets.averageRate) : null;
    return { frameRate, avgFrameRate: fromPackets ?? avgFrameRate, isVariableFrameRate: true };
  }
  const standard = nearestStandardRate(frameRate);
  if (standard) return { frameRate: standard, avgFrameRate: avgFrameRate && standard, isVariableFrameRate: false };
  return { frameRate, avgFrameRate, isVariableFrameRate: false };
}

export interface FactsFromProbeOptions {
  /** Frame count measured with -count_frames, when the container had none. */
  countedFrames?: number | null;
  /** What the video packets' own timestamps say (`analyzePacketTimes`), when they were read. */
  packetTiming?: PacketTiming | null;
  /** Whether the first decoded frames are flagged interlaced (`sampleInterlacing`), when sampled. */
  hasInterlacedFrames?: boolean | null;
}

export interface PacketTiming {
  /** Frame intervals differ by more than the time base's rounding: timestamps are not on one grid. */
  isVariable: boolean;
  /** Frames / spanSeconds. */
  averageRate: number;
  packets: number;
  /** First to last presentation time plus one average interval: how long the picture lasts. */
  spanSeconds: number;
}

/**
 * Pure: the frame grid as the packets' presentation timestamps draw it. The header rates are only what
 * the muxer wrote; a phone's VFR clip in 3GP can report r = avg = 25.0003 fps while its frames alternate
 * 52 ms and 28 ms apart. Timestamps are sorted (B-frames come in decode order) and an interval counts as
 * off-grid when it is further from the median than 1.5 ticks of the time base (Matroska rounds 59.94 to
 * 16/17 ms) or 0.5 % — whichever is larger.
 */
export function analyzePacketTimes(ptsSeconds: readonly number[], tickSeconds: number): PacketTiming | null {
  const times = [...ptsSeconds].filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  if (times.length < 3) return null;
  const deltas: number[] = [];
  for (let i = 1; i < times.length; i += 1) deltas.push(times[i]! - times[i - 1]!);
  const sorted = [...deltas].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  if (!(median > 0)) return null;
  const tolerance = Math.max(1.5 * tickSeconds, 0.005 * median);
  const isVariable = deltas.some((d) => Math.abs(d - median) > tolerance);
  // The last frame lasts one average interval (the median would lean to one side of a jittered clip).
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const spanSeconds = last - first + (last - first) / (times.length - 1);
  return { isVariable, averageRate: times.length / spanSeconds, packets: times.length, spanSeconds };
}

/**
 * Pure: turns parsed ffprobe output into MediaFacts, or throws MediaError
 * (`no_media_streams`, `unsupported_codec`, `corrupt_input`).
 */
export function factsFromProbe(out: ProbeOutput, options: FactsFromProbeOptions = {}): MediaFacts {
  const videoStream = out.streams.find(isRealVideoStream);
  const audioStreams = out.streams.filter((s) => s.codec_type === "audio");
  const audioStream = audioStreams[0];

  if (!videoStream && !audioStream) {
    const kinds = out.streams.map((s) => (s.disposition?.["attached_pic"] === 1 ? "cover art" : s.codec_type ?? "unknown"));
    throw new MediaError(
      "no_media_streams",
      kinds.length === 0
        ? "The file has no streams."
        : `The file has no video or audio to review (found: ${[...new Set(kinds)].join(", ")}).`,
    );
  }

  const formatDuration = toNumber(out.format.duration);
  const formatStart = toNumber(out.format.start_time) ?? 0;

  let video: VideoFacts | null = null;
  if (videoStream) {
    const codec = videoStream.codec_name;
    if (!codec || codec === "none" || codec === "unknown") {
      throw new MediaError("unsupported_codec", "The video stream uses a codec FFmpeg does not know.");
    }
    const width = videoStream.width ?? 0;
    const height = videoStream.height ?? 0;
    if (width <= 0 || height <= 0) {
      throw new MediaError("corrupt_input", `The video stream has no usable dimensions (${width}x${height}).`);
    }
    const timing = videoTiming(videoStream, out);
    const packets = options.packetTiming ?? null;
    // A VFR clip lasts as long as its packets say when the header says less (an edit list or B-frame
    // delay in MOV cut one 40 ms frame off a 0.32 s clip's stream duration, measured).
    const duration =
      packets?.isVariable && (timing.duration === null || packets.spanSeconds > timing.duration) ? packets.spanSeconds : timing.duration;
    // No plausible header rate: the packets' own spacing is the rate (a decodable clip is not "corrupt"
    // for its muxer's omission).
    const headerRate = timing.frameRate ?? (packets ? rateFromAverage(packets.averageRate) : null);
    if (headerRate === null) {
      throw new MediaError("corrupt_input", "The video stream states no frame rate, and its timestamps give none either.");
    }
    const { frameRate, avgFrameRate, isVariableFrameRate } = resolveFrameGrid(headerRate, timing.avgFrameRate, packets);
    const containerFrames = trustedContainerFrameCount(videoStream, frameRate, avgFrameRate, duration);
    let frameCount: number;
    let frameCountSource: FrameCountSource;
    if (containerFrames !== null && containerFrames > 0) {
      frameCount = containerFrames;
      frameCountSource = "container";
    } else if (
      options.countedFrames !== undefined &&
      options.countedFrames !== null &&
      options.countedFrames > 0 &&
      (duration === null || Math.abs(options.countedFrames - (duration * rationalToNumber(frameRate))) <= 1)
    ) {
      frameCount = options.countedFrames;
      frameCountSource = "counted";
    } else {
      // No count, or the decoded count disagrees with the timeline (MPEG-TS cut in an open GOP: 58 pictures
      // over 60 frame slots). Frames are numbered on the source *timeline*, so the timeline wins; the proxy
      // fills such gaps by repeating the previous picture.
      frameCount = Math.max(1, Math.round((duration ?? 0) * rationalToNumber(isVariableFrameRate && avgFrameRate ? avgFrameRate : frameRate)));
      frameCountSource = "estimated";
    }
    const sar = parseRational(videoStream.sample_aspect_ratio?.replace(":", "/")) ?? { num: 1, den: 1 };
    video = {
      streamIndex: videoStream.index,
      codec,
      profile: videoStream.profile === undefined ? null : String(videoStream.profile),
      width,
      height,
      sampleAspectRatio: sar,
      rotation: readRotation(videoStream),
      pixelFormat: videoStream.pix_fmt ?? null,
      bitDepth: readBitDepth(videoStream),
      colorRange: videoStream.color_range ?? null,
      colorPrimaries: videoStream.color_primaries ?? null,
      colorTransfer: videoStream.color_transfer ?? null,
      colorSpace: videoStream.color_space ?? null,
      fieldOrder: videoStream.field_order ?? null,
      hasInterlacedFrames: options.hasInterlacedFrames ?? null,
      frameRate,
      avgFrameRate,
      isVariableFrameRate,
      frameCount,
      frameCountSource,
      decodedFrameCount: options.countedFrames ?? null,
      durationSeconds: duration,
      startSeconds: toNumber(videoStream.start_time) ?? formatStart,
      bitRate: toNumber(videoStream.bit_rate),
    };
  }

  let audio: AudioFacts | null = null;
  if (audioStream) {
    const codec = audioStream.codec_name;
    const sampleRate = toInt(audioStream.sample_rate) ?? 0;
    const channels = audioStream.channels ?? 0;
    if (!codec || codec === "none" || codec === "unknown") {
      if (!video) throw new MediaError("unsupported_codec", "The audio stream uses a codec FFmpeg does not know.");
    } else if (sampleRate <= 0 || channels <= 0) {
      if (!video) {
        throw new MediaError("corrupt_input", `The audio stream is unreadable (${channels} channels at ${sampleRate} Hz).`);
      }
    } else {
      audio = {
        streamIndex: audioStream.index,
        codec,
        profile: audioStream.profile === undefined ? null : String(audioStream.profile),
        channels,
        channelLayout: audioStream.channel_layout ?? null,
        sampleRate,
        durationSeconds: toNumber(audioStream.duration) ?? formatDuration,
        startSeconds: toNumber(audioStream.start_time) ?? formatStart,
        bitRate: toNumber(audioStream.bit_rate),
      };
    }
  }

  const startTimecode = readStartTimecode(out, videoStream);
  const durationSeconds = formatDuration ?? video?.durationSeconds ?? audio?.durationSeconds ?? 0;
  return {
    container: out.format.format_name,
    containerLongName: out.format.format_long_name ?? null,
    durationSeconds,
    startSeconds: formatStart,
    sizeBytes: toInt(out.format.size),
    bitRate: toNumber(out.format.bit_rate),
    startTimecode,
    isDropFrame: isDropFrameTimecode(startTimecode),
    video,
    audio,
    audioTrackCount: audioStreams.length,
    raw: out,
  };
}

/** Pure: parses ffprobe's stdout. Throws MediaError('corrupt_input') when it is not the JSON we expect. */
export function parseProbeJson(stdout: string): ProbeOutput {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (err) {
    throw new MediaError("corrupt_input", "ffprobe did not return JSON for this file.", { cause: err });
  }
  const parsed = probeOutputSchema.safeParse(json);
  if (!parsed.success) {
    throw new MediaError("corrupt_input", "ffprobe could not identify a container in this file.", {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------
// Running ffprobe

export interface ProbeOptions {
  ffprobePath?: string;
  /** ffprobe normally answers in ~0.2 s; a slow answer means a hostile or broken file. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * When the container has no frame count (MPEG-TS, MXF, AVI without index), decode to count frames —
   * only for sources no longer than this (decoding costs ~0.1 s per second of 1080p ProRes on 2 cores;
   * docs/measurements.md: 8 s for 60 s). Longer sources get `round(duration × rate)`, flagged "estimated".
   */
  countFramesMaxDurationSeconds?: number;
  countFramesTimeoutMs?: number;
  /** Limits and user for ffprobe (MediaConfig.sandbox): it parses the upload. */
  sandbox?: ProcessSandbox;
}

const defaultProbeTimeoutMs = 30_000;

/** The exact ffprobe arguments `probeMedia` uses (exported so tests can trace the very same command). */
export function buildProbeArgs(path: string): string[] {
  return [
    "-hide_banner",
    "-v", "error",
    ...uploadInputArgs(path),
    "-show_streams",
    "-show_format",
    "-print_format", "json",
    "-i", path,
  ];
}

/**
 * Runs a hardened ffprobe on a local file and returns typed facts.
 * Throws MediaError: corrupt_input | no_media_streams | unsupported_codec | timeout | internal.
 */
export async function probeMedia(path: string, opts: ProbeOptions = {}): Promise<MediaFacts> {
  const ffprobe = opts.ffprobePath ?? "ffprobe";
  const args = buildProbeArgs(path);
  const result = await runOrThrow(ffprobe, args, opts.timeoutMs ?? defaultProbeTimeoutMs, opts.signal, opts.sandbox);
  if (result.exitCode !== 0) {
    const log = `${result.stderrHead}\n${result.stderrTail}`;
    const code = classifyFfmpegFailure(result.exitCode, log, "corrupt_input");
    const reason = firstErrorLine(log);
    throw new MediaError(
      code,
      code === "corrupt_input"
        ? `FFmpeg cannot read this file as media${reason ? ` (${reason})` : ""}. It is not a container AXIOM accepts, or it is incomplete (an interrupted copy or export): check that it plays, then upload it again.`
        : code === "unsupported_codec"
          ? `FFmpeg cannot decode this file${reason ? ` (${reason})` : ""}.`
          : `ffprobe could not read the file (exit ${String(result.exitCode)}).`,
      { logTail: result.stderrTail },
    );
  }
  const out = parseProbeJson(result.stdout);

  const run: ProbeRun = { ffprobe, path, signal: opts.signal, sandbox: opts.sandbox };
  let countedFrames: number | null = null;
  const video = out.streams.find(isRealVideoStream);
  const maxCount = opts.countFramesMaxDurationSeconds ?? 120;
  const duration = toNumber(video?.duration) ?? toNumber(out.format.duration) ?? Infinity;
  const needsCount = video !== undefined && !hasTrustedContainerFrameCount(video, out);
  if (video && needsCount && duration <= maxCount) {
    countedFrames = await countVideoFrames(run, video.index, opts.countFramesTimeoutMs ?? 60_000);
  }
  // A header rate that is not exactly a standard one (59.94 as 19001/317, 25 as 2250000/89999), or none
  // at all (an MPEG-TS VFR clip: r 90000/1, no average), is what a coarse time base or a VFR phone clip
  // writes: ask the packets (demuxing only, no decode).
  let packetTiming: PacketTiming | null = null;
  const headerRate = video ? videoTiming(video, out).frameRate : null;
  const isExactlyStandard = headerRate !== null && standardFrameRates.some((r) => rationalsEqual(r, headerRate));
  if (video && !isExactlyStandard && duration <= maxCount) {
    packetTiming = await readPacketTiming(run, video, opts.countFramesTimeoutMs ?? 60_000);
  }
  const hasInterlacedFrames = video ? await sampleInterlacing(run, video.index) : null;
  return factsFromProbe(out, { countedFrames, packetTiming, hasInterlacedFrames });
}

/** How the secondary ffprobe runs of `probeMedia` reach the file: the same binary, signal and sandbox. */
interface ProbeRun {
  ffprobe: string;
  path: string;
  signal: AbortSignal | undefined;
  sandbox: ProcessSandbox | undefined;
}

/**
 * One hardened ffprobe over a single stream, printing one value per line (`-of csv=p=0`): the first
 * field of every line, or null when ffprobe failed or was stopped (the callers then keep what they had).
 */
async function probeStreamValues(run: ProbeRun, streamIndex: number, entries: string[], timeoutMs: number): Promise<string[] | null> {
  const args = [
    "-hide_banner", "-v", "error",
    ...uploadInputArgs(run.path),
    "-select_streams", String(streamIndex),
    ...entries,
    "-of", "csv=p=0",
    "-i", run.path,
  ];
  const result = await runProcess(run.ffprobe, args, { timeoutMs, signal: run.signal, collectStdout: true, tailLines: 5, sandbox: run.sandbox });
  if (result.exitCode !== 0 || result.timedOut || result.aborted) return null;
  return result.stdout
    .split("\n")
    .map((line) => line.trim().split(",")[0] ?? "")
    .filter((field) => field !== "" && field !== "N/A");
}

/**
 * Decodes the first frames and reads their `interlaced_frame` flags (a fraction of a second): the
 * container's field order is missing or wrong too often to decide deinterlacing on its own.
 */
async function sampleInterlacing(run: ProbeRun, streamIndex: number): Promise<boolean | null> {
  const flags = await probeStreamValues(run, streamIndex, ["-read_intervals", "%+#6", "-show_entries", "frame=interlaced_frame"], 30_000);
  const known = (flags ?? []).filter((f) => f === "0" || f === "1");
  return known.length === 0 ? null : known.includes("1");
}

/** The packets' presentation times (demux only). Unreadable timestamps change nothing: the header rates stand. */
async function readPacketTiming(run: ProbeRun, video: ProbeStream, timeoutMs: number): Promise<PacketTiming | null> {
  const values = await probeStreamValues(run, video.index, ["-show_entries", "packet=pts_time"], timeoutMs);
  if (values === null) return null;
  const tick = parseRational(video.time_base);
  return analyzePacketTimes(values.map(Number).filter((n) => Number.isFinite(n)), tick ? rationalToNumber(tick) : 0);
}

function hasTrustedContainerFrameCount(video: ProbeStream, out: ProbeOutput): boolean {
  const { frameRate, avgFrameRate, duration } = videoTiming(video, out);
  if (frameRate === null) return toInt(video.nb_frames) !== null;
  return trustedContainerFrameCount(video, frameRate, avgFrameRate, duration) !== null;
}

async function countVideoFrames(run: ProbeRun, streamIndex: number, timeoutMs: number): Promise<number | null> {
  const args = [
    "-hide_banner", "-v", "error",
    ...uploadInputArgs(run.path),
    "-count_frames",
    "-select_streams", String(streamIndex),
    "-show_entries", "stream=nb_read_frames",
    "-print_format", "json",
    "-i", run.path,
  ];
  // A file that cannot be decoded (HTJ2K) still probes; counting then fails and we fall back to an
  // estimate — the transcode will classify the decode failure properly.
  const result = await runProcess(run.ffprobe, args, { timeoutMs, signal: run.signal, collectStdout: true, tailLines: 5, sandbox: run.sandbox });
  if (result.exitCode !== 0 || result.timedOut || result.aborted) return null;
  // Decode errors while counting (HTJ2K, zeroed DNxHR essence) make the count meaningless: ffprobe
  // still reports the packets it "read". Fall back to the estimate.
  if (result.stderrLineCount > 0) return null;
  try {
    const parsed = z
      .object({ streams: z.array(z.looseObject({ nb_read_frames: numberish })) })
      .parse(JSON.parse(result.stdout));
    const n = toInt(parsed.streams[0]?.nb_read_frames);
    return n !== null && n > 0 ? n : null;
  } catch {
    return null;
  }
}

async function runOrThrow(
  command: string,
  args: string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
  sandbox: ProcessSandbox | undefined,
) {
  let result;
  try {
    result = await runProcess(command, args, { timeoutMs, signal, collectStdout: true, tailLines: 50, sandbox });
  } catch (err) {
    if (err instanceof SpawnError) throw new MediaError("internal", err.message, { cause: err });
    throw err;
  }
  if (result.timedOut) {
    throw new MediaError("timeout", `ffprobe took longer than ${timeoutMs} ms.`, { logTail: result.stderrTail });
  }
  if (result.aborted) throw new MediaError("timeout", "ffprobe was aborted.", { logTail: result.stderrTail });
  return result;
}
