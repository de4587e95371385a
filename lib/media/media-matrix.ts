import { spawn } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The media matrix (issue 8, item 5): sources generated with FFmpeg (no binary fixtures), each with what the
 * pipeline must make of it. Pure data plus a small generator; `media-matrix.int.test.ts` runs the cases
 * through `probeMedia` + `transcodeToRenditions`.
 *
 * - `allMatrixCases()`: durations × rates × codecs × containers where FFmpeg 5.1 can write the pair (measured
 *   on Debian's 5.1: see `writableContainers`), plus rotation, HDR, audio-only, multi-audio, no-audio, cover
 *   art, data/timecode tracks and the deliberately broken files. `npm run test:media-matrix`.
 * - `coreMatrixCases()`: a fixed subset for every `npm test` — every duration class, rate, codec and container
 *   at least once, rotation, PQ and HLG, and the broken files.
 *
 * Pictures are small (320x180) except DV, whose size is fixed (720x576 PAL / 720x480 NTSC).
 */

export type DurationClass = "1f" | "2f" | "0.3s" | "1s" | "3s";
export type RateId = "23.976" | "25i" | "29.97df" | "59.94" | "60" | "vfr";
export type CodecId = "h264" | "hevc10" | "prores" | "dnxhr" | "mjpeg" | "mpeg2" | "vp9" | "av1" | "dv";
export type ContainerId = "mov" | "mp4" | "mkv" | "mxf" | "ts" | "3gp" | "dv";

export const durationClasses: readonly DurationClass[] = ["1f", "2f", "0.3s", "1s", "3s"];
export const rateIds: readonly RateId[] = ["23.976", "25i", "29.97df", "59.94", "60", "vfr"];
export const codecIds: readonly CodecId[] = ["h264", "hevc10", "prores", "dnxhr", "mjpeg", "mpeg2", "vp9", "av1", "dv"];
export const containerIds: readonly ContainerId[] = ["mov", "mp4", "mkv", "mxf", "ts", "3gp", "dv"];

/** Warning codes of `TranscodeResult.warnings` the matrix holds the pipeline to (exactly: present iff expected). */
export type CheckedWarning = "hdr_tone_mapped" | "deinterlaced" | "frame_rate_conformed" | "poster_missing" | "sprite_missing" | "waveform_missing" | "timecode_dropped";
export const checkedWarnings: readonly CheckedWarning[] = [
  "hdr_tone_mapped", "deinterlaced", "frame_rate_conformed", "poster_missing", "sprite_missing", "waveform_missing", "timecode_dropped",
];

export interface ReadyExpectation {
  outcome: "ready";
  /** null: audio-only (no picture). */
  video: {
    /** `result.plan.video.frameCount`, and the proxy's nb_frames. */
    frameCount: number;
    /** "num/den" of the plan and the proxy. */
    frameRate: string;
    /** Displayed (square-pixel, rotated) size: the proxy's, as the source is below the proxy box. */
    width: number;
    height: number;
    /** Clockwise display rotation read from the source. */
    rotation: 0 | 90 | 180 | 270;
  } | null;
  startTimecode: string | null;
  audioTrackCount: number;
  /** Checked warnings that must be present; every other checked warning must be absent, except `mayWarn`. */
  warnings: CheckedWarning[];
  /** Checked warnings allowed but not required. */
  mayWarn?: CheckedWarning[];
  hdr: "pq" | "hlg" | null;
}

export interface ErrorExpectation {
  outcome: "error";
  /** A MediaError code (string: `pipeline_failed` and friends may be newer than this file). */
  code: string;
}

export type GenerateStep =
  /** FFmpeg with these arguments, run in the run's directory (file names are relative to it). */
  | { kind: "ffmpeg"; args: string[] }
  /** Copy `from` to `to` keeping the first `keepFraction` of its bytes. */
  | { kind: "truncate"; from: string; to: string; keepFraction: number }
  /** Copy `from` to `to` with `bytes` zero bytes written at `atFraction` of its length. */
  | { kind: "zero"; from: string; to: string; atFraction: number; bytes: number }
  /** Write a text file. */
  | { kind: "text"; to: string; content: string };

export interface MatrixCase {
  id: string;
  /** The file handed to the pipeline (relative to the run's directory). */
  fileName: string;
  steps: GenerateStep[];
  expect: ReadyExpectation | ErrorExpectation;
  /** Why the case is there / what it stands for. */
  note?: string;
}

// ---------------------------------------------------------------------------------------------------
// What FFmpeg 5.1 can write (measured: 3 frames of each codec into each container, then decoded back)

const writableContainers: Record<CodecId, readonly ContainerId[]> = {
  h264: ["mov", "mp4", "mkv", "mxf", "ts", "3gp"],
  hevc10: ["mov", "mp4", "mkv", "ts"], // mxf: no essence container UL; 3gp: no tag
  prores: ["mov", "mkv"], // mp4/3gp: no tag; mxf: "could not get prores profile" from prores_ks
  dnxhr: ["mov", "mkv", "mxf"],
  mjpeg: ["mov", "mp4", "mkv"],
  mpeg2: ["mov", "mp4", "mkv", "mxf", "ts"],
  vp9: ["mp4", "mkv"], // mov: "vp9 only supported in MP4"
  av1: ["mp4", "mkv"], // libsvtav1 hangs when the muxer refuses the stream (mov/mxf/ts/3gp): never try
  dv: ["dv", "mov", "mkv", "mxf"],
};

/** Codecs with interlaced coding that FFmpeg decodes as frames (x265 would code fields; DNxHR refuses). */
const interlacedCodecs: readonly CodecId[] = ["h264", "mpeg2", "prores", "dv"];
/** VFR: codecs and containers that keep per-frame timestamps and durations. */
const vfrCodecs: readonly CodecId[] = ["h264", "hevc10", "vp9", "av1", "mjpeg"];
const vfrContainers: readonly ContainerId[] = ["mov", "mp4", "mkv", "ts", "3gp"];
/** Containers whose start timecode FFmpeg writes and ffprobe reads back (tmcd, MXF package, Matroska tag, DV). */
const timecodeContainers: readonly ContainerId[] = ["mov", "mp4", "mkv", "mxf", "dv"];

export function isWritable(codec: CodecId, container: ContainerId, rate: RateId, duration: DurationClass): boolean {
  if (!writableContainers[codec].includes(container)) return false;
  if (codec === "dv") return rate === "25i" || rate === "29.97df"; // DV: 720x576 25i or 720x480 29.97 only
  if (rate === "25i" && !interlacedCodecs.includes(codec)) return false;
  if (rate === "vfr") {
    // One or two frames have no rate to vary.
    return vfrCodecs.includes(codec) && vfrContainers.includes(container) && duration !== "1f" && duration !== "2f";
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Rates, durations

interface RateSpec {
  /** Output rate (frames), as FFmpeg's rational. */
  rate: string;
  num: number;
  den: number;
  interlaced: boolean;
}

const rateSpecs: Record<RateId, RateSpec> = {
  "23.976": { rate: "24000/1001", num: 24000, den: 1001, interlaced: false },
  "25i": { rate: "25", num: 25, den: 1, interlaced: true },
  "29.97df": { rate: "30000/1001", num: 30000, den: 1001, interlaced: false },
  "59.94": { rate: "60000/1001", num: 60000, den: 1001, interlaced: false },
  "60": { rate: "60", num: 60, den: 1, interlaced: false },
  // Frames on a 25 fps grid with every odd frame 12 ms late (a phone's jitter): conformed to 25 fps.
  vfr: { rate: "25", num: 25, den: 1, interlaced: false },
};

/** Frames of a duration class at a rate: 1, 2, or round(seconds × rate). */
export function framesFor(duration: DurationClass, rate: RateId): number {
  const r = rateSpecs[rate].num / rateSpecs[rate].den;
  switch (duration) {
    case "1f": return 1;
    case "2f": return 2;
    case "0.3s": return Math.round(0.3 * r);
    case "1s": return Math.round(r);
    case "3s": return Math.round(3 * r);
  }
}

// ---------------------------------------------------------------------------------------------------
// Argument builders

const W = 320;
const H = 180;

function codecArgs(codec: CodecId, container: ContainerId, interlaced: boolean, ntsc: boolean): string[] {
  switch (codec) {
    case "h264":
      return ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        ...(interlaced ? ["-flags", "+ildct+ilme", "-x264-params", "tff=1"] : [])];
    case "hevc10":
      return ["-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error",
        ...(container === "mov" || container === "mp4" ? ["-tag:v", "hvc1"] : [])];
    case "prores":
      return ["-c:v", "prores_ks", "-profile:v", "2", "-pix_fmt", "yuv422p10le",
        ...(interlaced ? ["-flags", "+ildct", "-top", "1"] : [])];
    case "dnxhr":
      return ["-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt", "yuv422p"];
    case "mjpeg":
      return ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "3"];
    case "mpeg2":
      return ["-c:v", "mpeg2video", "-q:v", "4", ...(interlaced ? ["-flags", "+ildct+ilme", "-top", "1"] : [])];
    case "vp9":
      return ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k", "-pix_fmt", "yuv420p"];
    case "av1":
      return ["-c:v", "libsvtav1", "-preset", "12", "-pix_fmt", "yuv420p"];
    case "dv":
      // DV is interlaced bottom field first; 4:3 (SAR 16:15 PAL, 8:9 NTSC). NTSC DV25 is 4:1:1.
      return ["-c:v", "dvvideo", "-pix_fmt", ntsc ? "yuv411p" : "yuv420p", "-flags", "+ildct+ilme", "-top", "0", "-aspect", "4:3"];
  }
}

/** One audio track per container, in what that container usually carries. */
function audioCodecArgs(container: ContainerId): string[] {
  switch (container) {
    case "mov":
    case "mxf":
      return ["-c:a", "pcm_s24le"];
    case "mp4":
    case "3gp":
      return ["-c:a", "aac", "-b:a", "96k"];
    case "mkv":
      return ["-c:a", "flac"];
    case "ts":
      return ["-c:a", "mp2", "-b:a", "128k"];
    case "dv":
      return ["-c:a", "pcm_s16le"];
  }
}

function muxerFormat(container: ContainerId): string {
  return container === "mkv" ? "matroska" : container === "ts" ? "mpegts" : container;
}

export interface VideoCaseSpec {
  codec: CodecId;
  container: ContainerId;
  rate: RateId;
  duration: DurationClass;
  /** Number of audio tracks (default 1; the .dv container's muxer is given none: it wants exact DV audio). */
  audioTracks?: 0 | 1 | 2;
  rotation?: 0 | 90 | 180 | 270;
  /** Start timecode to write (default: per rate, when the container carries one). */
  timecode?: string | null;
  /** Override of the id. */
  id?: string;
  /** Write the file under another extension (e.g. a Matroska named .mp4). */
  fileExtension?: string;
}

function defaultTimecode(rate: RateId, duration: DurationClass): string | null {
  if (rate === "29.97df") return duration === "1s" || duration === "3s" ? "01:00:00;00" : "00:59:59;28";
  if (rate === "23.976" || rate === "25i") return "10:00:00:00";
  return null;
}

export function caseId(s: Pick<VideoCaseSpec, "codec" | "container" | "rate" | "duration">): string {
  return `${s.codec}-${s.container}-${s.rate}-${s.duration}`;
}

/** A generated video case: FFmpeg arguments and the facts they make. */
export function videoCase(spec: VideoCaseSpec): MatrixCase {
  const { codec, container, rate, duration } = spec;
  const rs = rateSpecs[rate];
  const interlaced = rs.interlaced || codec === "dv";
  const ntsc = codec === "dv" && rate === "29.97df";
  const frames = framesFor(duration, rate);
  const rotation = spec.rotation ?? 0;
  const audioTracks = spec.audioTracks ?? (container === "dv" ? 0 : 1);
  // Rotated cases carry no timecode: the rotating stream copy would have to carry the tmcd track too.
  const timecode = spec.timecode !== undefined ? spec.timecode
    : rotation === 0 && timecodeContainers.includes(container) ? defaultTimecode(rate, duration) : null;
  const id = spec.id ?? caseId(spec) + (rotation ? `-rot${rotation}` : "");
  const fileName = `${id}.${spec.fileExtension ?? container}`;

  const [w, h] = codec === "dv" ? [720, ntsc ? 480 : 576] : [W, H];
  const seconds = (frames * rs.den) / rs.num;
  let source: string;
  if (interlaced) {
    // Fields from a source at twice the rate, woven: real motion between the fields.
    const fieldRate = `${rs.num * 2}/${rs.den}`;
    const weave = codec === "dv" ? "interleave_bottom,setfield=bff" : "interleave_top,setfield=tff";
    source = `testsrc2=s=${w}x${h}:r=${fieldRate},tinterlace=mode=${weave}`;
  } else if (rate === "vfr") {
    // Every odd frame 12 ms late, except the last: the clip still ends at frames/25 s (avg rate exactly 25).
    source = `testsrc2=s=${w}x${h}:r=25,settb=1/90000,setpts='(N/25+if(mod(N\\,2)*lt(N\\,${frames - 1})\\,0.012\\,0))/TB'`;
  } else {
    source = `testsrc2=s=${w}x${h}:r=${rs.rate}`;
  }
  const args: string[] = ["-f", "lavfi", "-i", `${source},trim=end_frame=${frames}`];
  for (let i = 0; i < audioTracks; i++) {
    args.push("-f", "lavfi", "-i", `sine=f=${440 * (i + 1)}:r=48000:d=${seconds.toFixed(4)}`);
  }
  args.push("-map", "0:v");
  for (let i = 0; i < audioTracks; i++) args.push("-map", `${i + 1}:a`);
  // The picture ends by itself after N frames (trim in the source graph), the sound with its `d`. Not
  // `-frames:v N`: it closes the whole file at frame N before the audio is written (a 1-frame file with no
  // audio track at all); not `-t`: measured one frame short for 7 frames of 23.976 in MOV.
  args.push(...codecArgs(codec, container, interlaced, ntsc));
  if (rate === "vfr") {
    // Keep the jittered timestamps, with 1/25 s packet durations (so the last frame has one too).
    args.push("-r", "25", "-fps_mode", "passthrough", "-enc_time_base", "1/90000");
    if (["mov", "mp4", "3gp"].includes(container)) args.push("-video_track_timescale", "90000");
  }
  if (interlaced && container !== "dv") args.push("-field_order", codec === "dv" ? "bb" : "tt");
  if (audioTracks > 0) args.push(...audioCodecArgs(container), "-ac", "2", "-ar", "48000");
  if (timecode) args.push("-timecode", timecode);
  const steps: GenerateStep[] = [];
  if (rotation) {
    // FFmpeg 5.1 writes a display matrix from `rotate` only when stream-copying, and reads the tag
    // counter-clockwise there (measured: rotate=270 → ffprobe rotation -90 → autorotate turns the picture
    // 90° clockwise). So: encode, then copy with the counter-clockwise angle.
    const encoded = `${id}.norot.${container}`;
    args.push("-f", muxerFormat(container), encoded);
    steps.push({ kind: "ffmpeg", args }, {
      kind: "ffmpeg",
      args: ["-i", encoded, "-map", "0", "-c", "copy", "-metadata:s:v:0", `rotate=${(360 - rotation) % 360}`, "-f", muxerFormat(container), fileName],
    });
  } else {
    args.push("-f", muxerFormat(container), fileName);
    steps.push({ kind: "ffmpeg", args });
  }

  const warnings: CheckedWarning[] = [];
  if (interlaced) warnings.push("deinterlaced");
  // A jittered source whose container declares a constant rate (Matroska's default duration) can pass for
  // CFR: the proxy grid is the same either way, so the warning may, not must, appear.
  const mayWarn: CheckedWarning[] = rate === "vfr" ? ["frame_rate_conformed"] : [];
  // Displayed size: DV's 4:3 SAR applied (768x576, 640x480); rotation swaps the sides.
  const [dw, dh] = codec === "dv" ? [ntsc ? 640 : 768, h] : [w, h];
  const quarter = rotation === 90 || rotation === 270;
  return {
    id,
    fileName,
    steps,
    expect: {
      outcome: "ready",
      video: {
        frameCount: frames,
        frameRate: `${rs.num}/${rs.den}`,
        width: quarter ? dh : dw,
        height: quarter ? dw : dh,
        rotation,
      },
      // The MXF muxer always writes a start timecode: 00:00:00:00 unless told.
      startTimecode: timecode ?? (container === "mxf" ? "00:00:00:00" : null),
      audioTrackCount: audioTracks,
      warnings,
      mayWarn,
      hdr: null,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// HDR

/**
 * The same testsrc2 picture as an SDR BT.709 file and as HDR: SDR RGB → linear light (SDR white = 100 nits)
 * → BT.2020 primaries → PQ or HLG, 10-bit. A realistic HDR signal (reference white well below peak, PQ
 * white at code ~0.51), not an SDR picture with HDR tags.
 */
function hdrSource(transfer: "smpte2084" | "arib-std-b67" | "bt709"): string {
  const rgb = "testsrc2=s=320x180:r=25,format=gbrp";
  if (transfer === "bt709") return `${rgb},zscale=tin=bt709:pin=bt709:min=gbr:rin=full:t=bt709:p=bt709:m=bt709:r=tv,format=yuv420p`;
  return `${rgb},format=gbrpf32le,zscale=tin=bt709:pin=bt709:min=gbr:rin=full:t=linear:p=bt709:m=gbr:npl=100,` +
    `zscale=tin=linear:pin=bt709:min=gbr:rin=full:t=${transfer}:p=bt2020:m=bt2020nc:r=tv:npl=100,format=yuv420p10le`;
}

function hdrCases(): MatrixCase[] {
  const tags = (trc: string, primaries = "bt2020", space = "bt2020nc") =>
    ["-color_primaries", primaries, "-color_trc", trc, "-colorspace", space, "-color_range", "tv"];
  const ready = (hdr: "pq" | "hlg" | null): ReadyExpectation => ({
    outcome: "ready",
    video: { frameCount: 25, frameRate: "25/1", width: 320, height: 180, rotation: 0 },
    startTimecode: null,
    audioTrackCount: 1,
    warnings: hdr ? ["hdr_tone_mapped"] : [],
    hdr,
  });
  const audio = ["-f", "lavfi", "-i", "sine=f=440:r=48000:d=1"];
  return [
    {
      id: "hdr-pq-hevc10-mp4",
      fileName: "hdr-pq-hevc10-mp4.mp4",
      note: "HDR10-style PQ, HEVC Main 10 (x265), BT.2020",
      steps: [{ kind: "ffmpeg", args: ["-f", "lavfi", "-i", hdrSource("smpte2084"), ...audio, "-t", "0.98",
        "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
        ...tags("smpte2084"), "-c:a", "aac", "hdr-pq-hevc10-mp4.mp4"] }],
      expect: ready("pq"),
    },
    {
      id: "hdr-hlg-prores-mov",
      fileName: "hdr-hlg-prores-mov.mov",
      note: "HLG in ProRes 422 (camera/NLE export), BT.2020",
      steps: [{ kind: "ffmpeg", args: ["-f", "lavfi", "-i", `${hdrSource("arib-std-b67")},format=yuv422p10le`, ...audio,
        "-t", "0.98", "-c:v", "prores_ks", "-profile:v", "2", ...tags("arib-std-b67"),
        // prores_ks (5.1) writes no colour description from -color_*: the bitstream filter sets it.
        "-bsf:v", "prores_metadata=color_primaries=bt2020:color_trc=arib-std-b67:colorspace=bt2020nc", "-c:a", "pcm_s24le",
        "hdr-hlg-prores-mov.mov"] }],
      expect: ready("hlg"),
    },
    {
      id: "hdr-sdr-reference-h264-mp4",
      fileName: "hdr-sdr-reference-h264-mp4.mp4",
      note: "the same picture in SDR BT.709: the luma bounds of the HDR cases come from its proxy",
      steps: [{ kind: "ffmpeg", args: ["-f", "lavfi", "-i", hdrSource("bt709"), ...audio, "-t", "0.98",
        "-c:v", "libx264", "-preset", "ultrafast", ...tags("bt709", "bt709", "bt709"), "-c:a", "aac",
        "hdr-sdr-reference-h264-mp4.mp4"] }],
      expect: { ...ready(null), hdr: null },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Stream layouts: audio-only, cover art, data / timecode tracks, rotation

function layoutCases(): MatrixCase[] {
  const sine = (d = 1, f = 440) => ["-f", "lavfi", "-i", `sine=f=${f}:r=48000:d=${d}`];
  const audioOnly: ReadyExpectation = { outcome: "ready", video: null, startTimecode: null, audioTrackCount: 1, warnings: [], hdr: null };
  return [
    {
      id: "audio-only-aac-m4a",
      fileName: "audio-only-aac-m4a.m4a",
      steps: [{ kind: "ffmpeg", args: [...sine(2), "-c:a", "aac", "-ac", "2", "-f", "ipod", "audio-only-aac-m4a.m4a"] }],
      expect: audioOnly,
    },
    {
      id: "audio-cover-art-m4a",
      fileName: "audio-cover-art-m4a.m4a",
      note: "AAC with an attached PNG picture: the picture is not video",
      steps: [
        { kind: "ffmpeg", args: ["-f", "lavfi", "-i", "testsrc2=s=160x160:r=1", "-frames:v", "1", "cover.png"] },
        { kind: "ffmpeg", args: [...sine(1), "-i", "cover.png", "-map", "0:a", "-map", "1:v", "-c:a", "aac", "-ac", "2",
          "-c:v", "copy", "-disposition:v:0", "attached_pic", "-f", "mp4", "audio-cover-art-m4a.m4a"] },
      ],
      expect: audioOnly,
    },
    {
      id: "audio-cover-art-mkv",
      fileName: "audio-cover-art-mkv.mka",
      note: "FLAC in Matroska with an attached JPEG cover (attachment, not a stream)",
      steps: [
        { kind: "ffmpeg", args: ["-f", "lavfi", "-i", "testsrc2=s=160x160:r=1", "-frames:v", "1", "cover.jpg"] },
        { kind: "ffmpeg", args: [...sine(1), "-c:a", "flac", "-ac", "2", "-attach", "cover.jpg",
          "-metadata:s:t", "mimetype=image/jpeg", "-f", "matroska", "audio-cover-art-mkv.mka"] },
      ],
      expect: audioOnly,
    },
    videoCase({ codec: "h264", container: "mov", rate: "25i", duration: "1s", audioTracks: 2, id: "multi-audio-h264-mov-25i-1s" }),
    videoCase({ codec: "h264", container: "mkv", rate: "60", duration: "1s", audioTracks: 0, id: "no-audio-h264-mkv-60-1s" }),
    {
      id: "data-tmcd-subtitle-mov",
      fileName: "data-tmcd-subtitle-mov.mov",
      note: "H.264 + AAC + a tmcd timecode track + a mov_text subtitle track: neither is picture or sound",
      steps: [
        { kind: "text", to: "subs.srt", content: "1\n00:00:00,000 --> 00:00:00,800\nslate\n" },
        { kind: "ffmpeg", args: ["-f", "lavfi", "-i", "testsrc2=s=320x180:r=24000/1001", ...sine(1), "-i", "subs.srt",
          "-map", "0:v", "-map", "1:a", "-map", "2:s", "-t", "0.9802", "-c:v", "libx264", "-preset", "ultrafast",
          "-pix_fmt", "yuv420p", "-c:a", "aac", "-c:s", "mov_text", "-timecode", "01:00:00:00", "data-tmcd-subtitle-mov.mov"] },
      ],
      expect: {
        outcome: "ready", video: { frameCount: 24, frameRate: "24000/1001", width: 320, height: 180, rotation: 0 },
        startTimecode: "01:00:00:00", audioTrackCount: 1, warnings: [], hdr: null,
      },
    },
    {
      id: "data-timecode-mxf",
      fileName: "data-timecode-mxf.mxf",
      note: "MPEG-2 in MXF: timecode in the material package, a system/data track beside the essence",
      steps: [{ kind: "ffmpeg", args: ["-f", "lavfi", "-i", "testsrc2=s=320x180:r=25", ...sine(1), "-t", "0.98",
        "-c:v", "mpeg2video", "-q:v", "4", "-c:a", "pcm_s24le", "-timecode", "09:59:59:00", "data-timecode-mxf.mxf"] }],
      expect: {
        outcome: "ready", video: { frameCount: 25, frameRate: "25/1", width: 320, height: 180, rotation: 0 },
        startTimecode: "09:59:59:00", audioTrackCount: 1, warnings: [], hdr: null,
      },
    },
    {
      id: "empty-audio-track-mkv",
      fileName: "empty-audio-track-mkv.mkv",
      note: "a declared audio track with no packets (a muted recorder, a cut that lost the sound): every audio packet dropped by the noise bitstream filter",
      steps: [
        { kind: "ffmpeg", args: [...sine(1), "-c:a", "flac", "empty-audio.flac"] },
        { kind: "ffmpeg", args: ["-f", "lavfi", "-i", "testsrc2=s=320x180:r=25,trim=end_frame=25", "-c:v", "libx264",
          "-preset", "ultrafast", "-pix_fmt", "yuv420p", "empty-audio-video.mkv"] },
        { kind: "ffmpeg", args: ["-i", "empty-audio-video.mkv", "-i", "empty-audio.flac", "-map", "0:v", "-map", "1:a",
          "-c", "copy", "-bsf:a", "noise=dropamount=1", "-f", "matroska", "empty-audio-track-mkv.mkv"] },
      ],
      expect: {
        outcome: "ready", video: { frameCount: 25, frameRate: "25/1", width: 320, height: 180, rotation: 0 },
        startTimecode: null, audioTrackCount: 1, warnings: [], hdr: null,
      },
    },
    videoCase({ codec: "h264", container: "mp4", rate: "29.97df", duration: "0.3s", rotation: 90 }),
    videoCase({ codec: "h264", container: "mov", rate: "59.94", duration: "0.3s", rotation: 180 }),
    videoCase({ codec: "h264", container: "mov", rate: "23.976", duration: "0.3s", rotation: 270 }),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Broken files

/** 1 s H.264 + AAC MP4 with the moov up front, so truncation cuts the media data, not the index. */
const brokenBaseArgs = (out: string) => [
  "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25", "-f", "lavfi", "-i", "sine=f=440:r=48000:d=1", "-t", "0.98",
  "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", out,
];

function brokenCases(): MatrixCase[] {
  const truncated = (pct: number): MatrixCase => ({
    id: `broken-truncated-${pct}pct-mp4`,
    fileName: `broken-truncated-${pct}pct-mp4.mp4`,
    note: `an upload cut at ${pct} % (faststart MP4: the index promises samples that are not there)`,
    steps: [
      { kind: "ffmpeg", args: brokenBaseArgs(`broken-base-${pct}.mp4`) },
      { kind: "truncate", from: `broken-base-${pct}.mp4`, to: `broken-truncated-${pct}pct-mp4.mp4`, keepFraction: pct / 100 },
    ],
    expect: { outcome: "error", code: "corrupt_input" },
  });
  return [
    truncated(10),
    truncated(50),
    truncated(90),
    {
      id: "broken-zeroed-mid-mp4",
      fileName: "broken-zeroed-mid-mp4.mp4",
      note: "8 KiB of zeros in the middle of the media data (a bad sector, a broken copy)",
      steps: [
        { kind: "ffmpeg", args: brokenBaseArgs("broken-base-zero.mp4") },
        { kind: "zero", from: "broken-base-zero.mp4", to: "broken-zeroed-mid-mp4.mp4", atFraction: 0.5, bytes: 8192 },
      ],
      expect: { outcome: "error", code: "corrupt_input" },
    },
    {
      // FFmpeg probes content, not names: a Matroska file called .mp4 is fine.
      ...videoCase({ codec: "h264", container: "mkv", rate: "25i", duration: "0.3s", id: "wrong-ext-mkv-named-mp4", fileExtension: "mp4" }),
      note: "a Matroska file named .mp4: FFmpeg probes the content, so it is READY",
    },
    {
      id: "broken-text-named-mov",
      fileName: "broken-text-named-mov.mov",
      note: "a text file named .mov",
      steps: [{ kind: "text", to: "broken-text-named-mov.mov", content: "This is not a movie.\n".repeat(200) }],
      expect: { outcome: "error", code: "corrupt_input" },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Sets

/** Every writable duration × rate × codec × container. */
export function productCases(): MatrixCase[] {
  const out: MatrixCase[] = [];
  for (const codec of codecIds)
    for (const container of containerIds)
      for (const rate of rateIds)
        for (const duration of durationClasses)
          if (isWritable(codec, container, rate, duration)) out.push(videoCase({ codec, container, rate, duration }));
  return out;
}

function specialCases(): MatrixCase[] {
  return [...hdrCases(), ...layoutCases(), ...brokenCases()];
}

/**
 * The fixed core (every `npm test`): each duration class, rate, codec and container at least once, rotation,
 * multi-audio, no-audio, audio-only with cover art, a timecode track, PQ and HLG, and every broken file.
 */
export function coreMatrixCases(): MatrixCase[] {
  const byId = new Map(specialCases().map((c) => [c.id, c]));
  const special = (id: string): MatrixCase => {
    const c = byId.get(id);
    if (!c) throw new Error(`no matrix case ${id}`);
    return c;
  };
  return [
    videoCase({ codec: "h264", container: "mp4", rate: "23.976", duration: "1s", rotation: 90 }),
    videoCase({ codec: "hevc10", container: "mkv", rate: "59.94", duration: "0.3s" }),
    // 1 frame, drop-frame 00:59:59;28 (tmcd), two PCM tracks.
    videoCase({ codec: "prores", container: "mov", rate: "29.97df", duration: "1f", audioTracks: 2 }),
    videoCase({ codec: "dnxhr", container: "mxf", rate: "60", duration: "2f" }),
    videoCase({ codec: "mjpeg", container: "mkv", rate: "23.976", duration: "3s" }),
    videoCase({ codec: "mpeg2", container: "ts", rate: "25i", duration: "1s" }),
    videoCase({ codec: "h264", container: "3gp", rate: "vfr", duration: "1s" }),
    videoCase({ codec: "vp9", container: "mp4", rate: "60", duration: "0.3s", audioTracks: 0 }),
    videoCase({ codec: "av1", container: "mkv", rate: "29.97df", duration: "1s" }),
    videoCase({ codec: "dv", container: "dv", rate: "25i", duration: "2f" }),
    special("h264-mov-23.976-0.3s-rot270"),
    special("hdr-pq-hevc10-mp4"),
    special("hdr-hlg-prores-mov"),
    special("audio-cover-art-m4a"),
    special("broken-truncated-10pct-mp4"),
    special("broken-truncated-50pct-mp4"),
    special("broken-truncated-90pct-mp4"),
    special("broken-zeroed-mid-mp4"),
    special("wrong-ext-mkv-named-mp4"),
    special("broken-text-named-mov"),
  ];
}

/**
 * The whole matrix (ids unique): the core, the special cases, then the product interleaved codec by codec,
 * so that a run stopped early has still seen every codec.
 */
export function allMatrixCases(): MatrixCase[] {
  const byCodec = codecIds.map((codec) => productCases().filter((c) => c.id.startsWith(`${codec}-`)));
  const interleaved: MatrixCase[] = [];
  for (let i = 0; byCodec.some((list) => i < list.length); i++) {
    for (const list of byCodec) {
      const c = list[i];
      if (c) interleaved.push(c);
    }
  }
  const all = new Map<string, MatrixCase>();
  for (const c of [...coreMatrixCases(), ...specialCases(), ...interleaved]) if (!all.has(c.id)) all.set(c.id, c);
  return [...all.values()];
}

// ---------------------------------------------------------------------------------------------------
// Generator

function runFfmpegIn(dir: string, args: string[], timeoutMs = 180_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", ["-hide_banner", "-nostdin", "-y", "-v", "error", ...args], {
      cwd: dir, stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    // SIGKILL: libsvtav1 can hang on a refused stream and ignores SIGTERM.
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`generating with ffmpeg ${args.join(" ")} failed (${String(code ?? signal)}): ${stderr}`));
    });
  });
}

/** Runs a case's steps in `dir`; returns the path of the file to hand to the pipeline. */
export async function generateCase(c: MatrixCase, dir: string): Promise<string> {
  for (const step of c.steps) {
    switch (step.kind) {
      case "ffmpeg":
        await runFfmpegIn(dir, step.args);
        break;
      case "truncate": {
        const data = await readFile(join(dir, step.from));
        await writeFile(join(dir, step.to), data.subarray(0, Math.floor(data.length * step.keepFraction)));
        break;
      }
      case "zero": {
        const data = Buffer.from(await readFile(join(dir, step.from)));
        const at = Math.floor(data.length * step.atFraction);
        data.fill(0, at, Math.min(data.length, at + step.bytes));
        await writeFile(join(dir, step.to), data);
        break;
      }
      case "text":
        await writeFile(join(dir, step.to), step.content);
        break;
    }
  }
  const path = join(dir, c.fileName);
  await stat(path); // must exist
  return path;
}

