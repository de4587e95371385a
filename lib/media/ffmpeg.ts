import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MediaError, classifyFfmpegFailure, classifyTranscodeExit, describeHostFailure } from "./errors";
import { hardenedInputArgs, mp4FormatWhitelist, ownOutputCodecs, uploadInputArgs } from "./input-hardening";
import { runProcess, SpawnError, type ProcessSandbox } from "./run-process";
import { formatRational } from "./rational";
import type { RenditionPlan, ToneMapPlan, VideoEncodePlan, VideoTimingPlan } from "./rendition-plan";

/**
 * Pure FFmpeg layer: turns a RenditionPlan into arguments for ONE FFmpeg run, runs FFmpeg with progress,
 * a deadline and a bounded log. Knows paths and options only — no policy, no database.
 */

/** Where each output of `buildTranscodeArgs` lands, relative to `outDir`. */
export interface TranscodeOutputs {
  proxy: string;
  /**
   * Twin-rung plans with audio: the proxy's AAC track, written by the main run as its own small MP4 and
   * muxed into the proxy by the remux (deleted afterwards). Not taken from the HLS audio rendition: its
   * fMP4 segments carry no edit list, so the AAC priming would shift the proxy's sound by 1024 samples.
   */
  proxyAudio: string | null;
  /** The `concatf` list (init + segments of the twin rung) the remux reads; written for twin-rung plans only. */
  proxyRemuxList: string;
  hlsDir: string;
  hlsMaster: string;
  /** The media playlist of the HLS rendition (rung or audio) named `name`. */
  hlsPlaylist(name: string): string;
  poster: string | null;
  sprite: string | null;
  /** Intermediate thumbnails (`thumb_00000.jpg`…) the sprite is tiled from; deleted after tiling. */
  thumbnailPattern: string | null;
  /** The peaks JSON, written from `waveformStats` after the main run. */
  waveform: string | null;
  /** The per-bucket levels the main run prints (`astats` + `ametadata`); deleted once read. */
  waveformStats: string | null;
}

/** A rendition's media playlist relative to the HLS directory, as the master playlist lists it. */
export function hlsPlaylistUri(name: string): string {
  return `${name}/index.m3u8`;
}

export function transcodeOutputs(plan: RenditionPlan, outDir: string): TranscodeOutputs {
  const hlsDir = join(outDir, plan.hls.dirName);
  const hasTwin = plan.proxy.twinRungName !== null;
  return {
    proxy: join(outDir, plan.proxy.fileName),
    proxyAudio: hasTwin && plan.audio ? join(outDir, "proxy_audio.m4a") : null,
    proxyRemuxList: join(outDir, "proxy_video.concat"),
    hlsDir,
    hlsMaster: join(hlsDir, plan.hls.masterName),
    hlsPlaylist: (name) => join(hlsDir, hlsPlaylistUri(name)),
    poster: plan.poster ? join(outDir, plan.poster.fileName) : null,
    sprite: plan.sprite ? join(outDir, plan.sprite.fileName) : null,
    thumbnailPattern: plan.sprite ? join(outDir, "thumb_%05d.jpg") : null,
    waveform: plan.waveform ? join(outDir, plan.waveform.fileName) : null,
    waveformStats: plan.waveform ? join(outDir, plan.waveform.statsFileName) : null,
  };
}

function scaleChain(width: number, height: number, inputMatrix: "auto" | "bt709" | "bt601"): string {
  // out_color_matrix=bt709: swscale's default is BT.601 for *every* YUV output, so RGB, 4:4:4 and HD
  // sources would be converted with the SD matrix (reds and greens visibly off) and then tagged BT.709.
  // in_color_matrix: untagged sources get the plan's guess (BT.709 from 720 lines up), tagged ones their tag.
  // out_range=tv: full-range phone/GoPro sources (yuvj420p) become TV range like every H.264 player expects;
  // format=yuv420p: 10-bit/4:2:2/RGB sources become 8-bit 4:2:0 (H.264 High; Chromium MSE has no Hi10).
  // PQ/HLG sources arrive here already tone-mapped to BT.709 (`toneMapChain`, before the split).
  return (
    `scale=w=${width}:h=${height}:flags=bicubic:in_color_matrix=${inputMatrix}:out_color_matrix=bt709:out_range=tv,` +
    `format=yuv420p,setsar=1`
  );
}

/**
 * The shared head of every video branch: start at 0, deinterlace, put frames on the output grid, and
 * tone-map HDR — each once, before the split.
 */
function sourceVideoChain(video: VideoTimingPlan): string {
  // setpts: the proxy starts at 0 (no leading empty edit) whatever the source's start time (MPEG-TS: ~1.4 s).
  const parts = ["setpts=PTS-STARTPTS"];
  // bwdif send_frame: one progressive frame per interlaced frame (25i -> 25p), so frame numbers are kept.
  // parity=auto: each decoded frame says which field is first (the probe's letters are ambiguous, see
  // planDeinterlace); deint=all: the probe said interlaced, so frames flagged progressive are done too.
  if (video.deinterlace) parts.push("bwdif=mode=send_frame:parity=auto:deint=all");
  // fps: the output grid — identity for a CFR source, the conform for a VFR one (policy in the plan).
  // tpad + trim: FFmpeg 5.1's fps filter drops the last frame when its end time is unknown at EOF — with
  // an audio branch in the same graph, a 1-frame Matroska clip came out with no frame at all and a
  // 2-frame one with 1 (measured). One cloned frame after the end gives that time; trim keeps exactly the
  // planned frames (QC still holds the result to the source's probed duration).
  parts.push(
    "tpad=stop_mode=clone:stop=1",
    `fps=fps=${formatRational(video.frameRate)}:round=near`,
    `trim=end_frame=${video.frameCount}`,
  );
  if (video.toneMap) parts.push(toneMapChain(video.toneMap));
  return parts.join(",");
}

/**
 * HDR (PQ or HLG) to SDR BT.709, at the proxy's size: linear light (npl=100: SDR reference white is
 * 1.0), BT.709 primaries, Möbius curve (keeps in-range tones linear, compresses only highlights; Hable
 * darkened a 203-nit-white test picture to 84 % of its SDR luma, Möbius kept 95 %), back to BT.709 YUV.
 * The source's own tags are given explicitly: zscale fails ("no path between colorspaces") when a
 * decoder leaves primaries or matrix unset.
 */
export function toneMapChain(t: ToneMapPlan): string {
  return [
    `zscale=w=${t.width}:h=${t.height}:filter=bicubic:tin=${t.transfer}:pin=${t.primaries}:min=${t.matrix}:rin=${t.range}:t=linear:npl=100`,
    "format=gbrpf32le",
    "zscale=p=bt709",
    "tonemap=tonemap=mobius:desat=0",
    "zscale=t=bt709:m=bt709:r=tv",
    "format=yuv420p",
  ].join(",");
}

function audioChain(plan: NonNullable<RenditionPlan["audio"]>, videoSeconds: number | null): string {
  const parts = ["asetpts=PTS-STARTPTS"];
  const offset = plan.offsetSeconds;
  // Video is reset to start at 0; shift audio by the same amount so A/V sync is what the source had.
  if (offset > 0.0005) parts.push(`adelay=delays=${Math.round(offset * 1000)}:all=1`);
  if (offset < -0.0005) parts.push(`atrim=start=${(-offset).toFixed(6)}`, "asetpts=PTS-STARTPTS");
  // With picture: audio is cut/padded to the picture's length, so every output has one duration.
  if (videoSeconds !== null) parts.push(`apad=whole_dur=${videoSeconds.toFixed(6)}`, `atrim=end=${videoSeconds.toFixed(6)}`);
  parts.push(
    `aresample=${plan.encode.sampleRate}`,
    `aformat=sample_fmts=fltp:sample_rates=${plan.encode.sampleRate}:channel_layouts=stereo`,
    // AAC's frame size: an audio track with no packets is all `apad`, whose 4096-sample frames one of the
    // two AAC encoders behind `asplit` refused ("more samples than frame size", measured on FFmpeg 5.1).
    "asetnsamples=n=1024:p=0",
  );
  return parts.join(",");
}

/**
 * The end of the audio chain: `asplit` to the proxy's and the HLS rendition's encoders, and, when the plan
 * has a waveform, a third branch that measures it in the same decode. Each `asetnsamples` frame is one
 * bucket; `astats` (reset every frame) gives its overall min/max over both channels, `ametadata` prints them
 * to the stats file and `anullsink` ends the branch — constant memory whatever the duration (showwavespic
 * kept every sample until the end: ~290 MB per 20 min of stereo, measured; docs/processing.md).
 */
function audioSplit(plan: RenditionPlan, out: TranscodeOutputs): string {
  const wave = plan.waveform;
  if (!wave || !out.waveformStats) return "asplit=2[aproxy][ahls]";
  return (
    "asplit=3[aproxy][ahls][awave];" +
    `[awave]asetnsamples=n=${wave.samplesPerBucket}:p=0,` +
    "astats=metadata=1:reset=1:measure_perchannel=none:measure_overall=Min_level+Max_level," +
    `ametadata=mode=print:file=${filterOptionValue(out.waveformStats)},anullsink`
  );
}

/**
 * A file path as the value of a filter option inside `-filter_complex`: quoted for the option parser
 * (`'…'`, a quote as `'\''`), then every character the graph parser reads (`\ ' [ ] , ;`) escaped.
 */
export function filterOptionValue(value: string): string {
  const quoted = `'${value.replace(/'/g, "'\\''")}'`;
  return quoted.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

function x264Args(preset: string, gopFrames: number, threads: number): string[] {
  return [
    "-c:v", "libx264",
    "-preset", preset,
    "-profile:v", "high",
    "-pix_fmt", "yuv420p",
    // Fixed GOP, no scene-cut keyframes: every rung cuts its 2 s segments at the same frames.
    "-g", String(gopFrames),
    "-keyint_min", String(gopFrames),
    "-sc_threshold", "0",
    "-color_range", "tv",
    // Tags matching the scale's BT.709 conversion (players otherwise guess, often BT.601 below 720p).
    "-colorspace", "bt709",
    "-color_primaries", "bt709",
    "-color_trc", "bt709",
    // Frames already sit on the output grid (setpts + fps in the graph): no duplication or dropping here.
    "-fps_mode", "passthrough",
    "-threads", String(threads),
  ];
}

function rateArgs(encode: VideoEncodePlan, spec: string): string[] {
  return [
    `-crf${spec}`, String(encode.crf),
    `-maxrate${spec}`, String(encode.maxBitrate),
    `-bufsize${spec}`, String(encode.bufferSize),
  ];
}

function aacArgs(plan: NonNullable<RenditionPlan["audio"]>): string[] {
  return [
    "-c:a", "aac",
    "-b:a", String(plan.encode.bitrate),
    "-ar", String(plan.encode.sampleRate),
    "-ac", "2",
  ];
}

/**
 * Arguments for one FFmpeg run that decodes the source once (`-filter_complex` + `split`) and writes the
 * MP4 proxy, the fMP4 HLS ladder with master playlist, the poster and the sprite sheet (video sources),
 * or the AAC proxy and the HLS audio rendition (audio-only sources); with audio, the waveform's peaks too.
 * `-progress` arguments are added by `runFfmpeg`. The caller must create `outDir`; FFmpeg creates the
 * HLS variant directories itself.
 */
export function buildTranscodeArgs(plan: RenditionPlan, inputPath: string, outDir: string): string[] {
  const out = transcodeOutputs(plan, outDir);
  const threads = plan.threads;
  const args: string[] = [
    "-hide_banner",
    "-nostdin",
    "-y",
    // warnings are worth keeping in the log tail; errors decide (see -xerror).
    "-loglevel", "level+warning",
    // Any decode error aborts with exit 1: a mid-stream corrupt H.264 otherwise "succeeds" with exit 0 and
    // ~190 concealed-error lines (docs/measurements.md), and we would publish a proxy with garbage frames.
    "-xerror",
    // No `-abort_on empty_output_stream`: a poster or sprite branch that gets no frame must not fail the
    // run (it is auxiliary); the proxy and every rung are held to their exact frame count by QC instead.
    "-filter_complex_threads", String(threads),
    "-threads", String(threads),
    ...uploadInputArgs(inputPath),
    "-i", inputPath,
  ];

  const graph: string[] = [];
  const audio = plan.audio;

  if (plan.kind === "audio_only" || plan.video === null) {
    if (!audio) throw new MediaError("internal", "An audio-only plan without audio.");
    graph.push(`[0:${audio.sourceStreamIndex}]${audioChain(audio, null)},${audioSplit(plan, out)}`);
    args.push("-filter_complex", graph.join(";"));
    // Proxy: AAC in MP4 (.m4a), moov first for progressive playback.
    args.push("-map", "[aproxy]", ...aacArgs(audio), "-movflags", "+faststart", "-f", "mp4", out.proxy);
    args.push("-map", "[ahls]", ...aacArgs(audio), ...hlsArgs(plan, out, "a:0,name:" + (plan.hls.audioName ?? "audio")));
    return args;
  }

  const video = plan.video;
  const proxyVideo = plan.proxy.video;
  if (!proxyVideo) throw new MediaError("internal", "A video plan without a proxy video encode.");
  const rungs = plan.hls.rungs;
  // A proxy with a same-size twin rung is not encoded here: it is remuxed from the rung afterwards.
  const hasProxyEncode = plan.proxy.twinRungName === null;
  const branchLabels = [...(hasProxyEncode ? ["vp"] : []), ...rungs.map((_, i) => `vh${i}in`)];
  if (plan.poster) branchLabels.push("vposterin");
  if (plan.sprite) branchLabels.push("vspritein");

  graph.push(
    `[0:${video.sourceStreamIndex}]${sourceVideoChain(video)},` +
      `split=${branchLabels.length}${branchLabels.map((l) => `[${l}]`).join("")}`,
  );
  const matrix = video.inputColorMatrix;
  if (hasProxyEncode) graph.push(`[vp]${scaleChain(proxyVideo.width, proxyVideo.height, matrix)}[vproxy]`);
  rungs.forEach((r, i) => graph.push(`[vh${i}in]${scaleChain(r.width, r.height, matrix)}[vh${i}]`));
  if (plan.poster) {
    const p = plan.poster;
    graph.push(
      `[vposterin]trim=start_frame=${p.frameIndex}:end_frame=${p.frameIndex + 1},` +
        `scale=w=${p.width}:h=${p.height}:flags=bicubic,setsar=1[vposter]`,
    );
  }
  if (plan.sprite) {
    // Thumbnails only; the sheet is tiled afterwards by `buildSpriteSheetArgs`. A `tile` filter here would
    // emit its only frame at the end of the source, and FFmpeg 5.1 prints no -progress block until every
    // output file has started (the image muxer waits for that frame): progress would jump from 0 to 1.
    const s = plan.sprite;
    // Every intervalFrames-th output frame from frame 0: a clip shorter than the interval still gets tile 0
    // (`fps=1/interval` emitted nothing for it, and the whole run failed).
    graph.push(
      `[vspritein]select='not(mod(n\\,${s.intervalFrames}))',scale=w=${s.thumbWidth}:h=${s.thumbHeight}:flags=bicubic,` +
        `setsar=1[vsprite]`,
    );
  }
  if (audio) graph.push(`[0:${audio.sourceStreamIndex}]${audioChain(audio, video.durationSeconds)},${audioSplit(plan, out)}`);
  args.push("-filter_complex", graph.join(";"));

  // 1. MP4 proxy: encoded here only without a twin rung; otherwise just its audio track, for the remux.
  if (hasProxyEncode) {
    args.push("-map", "[vproxy]");
    if (audio) args.push("-map", "[aproxy]");
    args.push(...x264Args(plan.x264Preset, video.gopFrames, threads), ...rateArgs(proxyVideo, ":v:0"));
    if (audio) args.push(...aacArgs(audio));
    // The mov muxer writes a tmcd track from this tag, like the source's.
    if (plan.startTimecode) args.push("-metadata:s:v:0", `timecode=${plan.startTimecode}`);
    args.push("-movflags", "+faststart", "-f", "mp4", out.proxy);
  } else if (audio && out.proxyAudio) {
    args.push("-map", "[aproxy]", ...aacArgs(audio), "-f", "mp4", out.proxyAudio);
  }

  // 2. HLS ladder: fMP4 segments, one playlist per rung, audio in its own group.
  for (const [i] of rungs.entries()) args.push("-map", `[vh${i}]`);
  if (audio) args.push("-map", "[ahls]");
  args.push(...x264Args(plan.x264Preset, video.gopFrames, threads));
  rungs.forEach((r, i) => args.push(...rateArgs(r, `:v:${i}`)));
  if (audio) args.push(...aacArgs(audio));
  const streamMap = rungs.map((r, i) => `v:${i},${audio ? "agroup:aud," : ""}name:${r.name}`);
  if (audio) streamMap.push(`a:0,agroup:aud,name:${plan.hls.audioName ?? "audio"}`);
  args.push(...hlsArgs(plan, out, streamMap.join(" ")));

  // 3. Poster and 4. sprite sheet: one image each.
  if (plan.poster && out.poster) {
    args.push("-map", "[vposter]", "-fps_mode", "passthrough", "-frames:v", "1", "-update", "1", "-q:v", "3", "-f", "image2", out.poster);
  }
  if (plan.sprite && out.thumbnailPattern) {
    args.push("-map", "[vsprite]", "-fps_mode", "passthrough", "-q:v", "3", "-start_number", "0", "-f", "image2", out.thumbnailPattern);
  }
  return args;
}

/**
 * Writes the list `concatf:` reads to see a rung as one fMP4 file: its init segment and media segments
 * (`uris`, in playlist order, relative to `rungDir`), one absolute path per line. Our own file names
 * (init.mp4, seg_00000.m4s), never user input. Used by the proxy remux and by QC's packet reading.
 */
export async function writeRungConcatList(listPath: string, rungDir: string, uris: readonly string[]): Promise<void> {
  await writeFile(listPath, uris.map((u) => join(rungDir, u)).join("\n") + "\n");
}

/**
 * The proxy of a twin-rung plan, without a second encode: the twin rung's init segment and fMP4 segments
 * (listed, absolute paths, in `outputs.proxyRemuxList` by the caller) stream-copied into a progressive MP4
 * with the proxy's AAC track, the source timecode (tmcd) and `+faststart`. Costs no decode or encode.
 *
 * Frame fidelity survives the remux (measured, and asserted by QC on every job): the segments' negative
 * CTS offsets put the first frame at pts 0, and the mov muxer writes the B-frame delay as a media-time
 * edit (not an empty edit), so the proxy starts at 0 with the same frame count. Reads only our own files:
 * `concatf` + `file` protocols and the mov/mp4 demuxer are allowed here and nowhere else.
 */
export function buildProxyRemuxArgs(plan: RenditionPlan, out: TranscodeOutputs): string[] | null {
  if (plan.proxy.twinRungName === null) return null;
  const args = [
    "-hide_banner", "-nostdin", "-y", "-loglevel", "level+warning",
    ...hardenedInputArgs(mp4FormatWhitelist, "file,concatf", ownOutputCodecs), "-f", "mp4", "-i", `concatf:${out.proxyRemuxList}`,
  ];
  if (out.proxyAudio) args.push(...hardenedInputArgs(mp4FormatWhitelist, "file", ownOutputCodecs), "-f", "mp4", "-i", out.proxyAudio);
  args.push("-map", "0:v:0");
  if (out.proxyAudio) args.push("-map", "1:a:0");
  args.push("-c", "copy");
  if (plan.startTimecode) args.push("-metadata:s:v:0", `timecode=${plan.startTimecode}`);
  args.push("-movflags", "+faststart", "-f", "mp4", out.proxy);
  return args;
}

/**
 * Second, tiny FFmpeg run: tiles the thumbnails written by the main run into one sprite sheet (row-major,
 * unused cells black). Reads only our own JPEGs; `image2` is allowed here and nowhere else.
 */
export function buildSpriteSheetArgs(plan: RenditionPlan, outDir: string): string[] | null {
  const out = transcodeOutputs(plan, outDir);
  if (!plan.sprite || !out.sprite || !out.thumbnailPattern) return null;
  const s = plan.sprite;
  return [
    "-hide_banner", "-nostdin", "-y", "-loglevel", "level+warning", "-xerror",
    "-protocol_whitelist", "file", "-format_whitelist", "image2", "-codec_whitelist", "mjpeg",
    "-f", "image2", "-framerate", "1", "-start_number", "0", "-i", out.thumbnailPattern,
    "-vf", `tile=layout=${s.columns}x${s.rows}`,
    "-frames:v", "1", "-update", "1", "-q:v", "4", "-f", "image2", out.sprite,
  ];
}

function hlsArgs(plan: RenditionPlan, out: TranscodeOutputs, varStreamMap: string): string[] {
  return [
    "-f", "hls",
    "-hls_time", String(plan.hls.segmentSeconds),
    // EVENT, not VOD: with several variants FFmpeg 5.1 writes a VOD playlist only once, at the end, but an
    // EVENT playlist after every segment — which is how the worker sees segments close while it encodes
    // (docs/processing.md, "Watch while it encodes"). `finalizeVodPlaylists` makes them VOD after the run.
    "-hls_playlist_type", "event",
    "-hls_segment_type", "fmp4",
    "-hls_flags", "independent_segments",
    // Frame accuracy (docs/measurements.md, measured in Chromium): without negative CTS offsets the fMP4 segments'
    // first frame sits two frames late (B-frame reorder delay) and the player shows frame n−2.
    // use_editlist=0: otherwise the init segment still carries a 2-frame *empty* edit, which MSE ignores
    // but players that honour edit lists (and ffprobe) apply. QC reads the boxes to verify (mp4-boxes.ts).
    "-hls_segment_options", "movflags=+negative_cts_offsets:use_editlist=0",
    "-hls_fmp4_init_filename", "init.mp4",
    "-master_pl_name", plan.hls.masterName,
    "-hls_segment_filename", join(out.hlsDir, "%v", "seg_%05d.m4s"),
    "-var_stream_map", varStreamMap,
    out.hlsPlaylist("%v"),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Progress

export interface ProgressParser {
  /** Feed one stdout line of `-progress pipe:1`. */
  push(line: string): void;
}

/**
 * Parses FFmpeg's `-progress` key=value blocks (each ends with `progress=continue|end`) into a fraction of
 * `durationSeconds`, calling `onProgress` at most once per `minIntervalMs` — plus once with 1 at `progress=end`.
 * `out_time_us` is used: `out_time_ms` holds microseconds too (FFmpeg bug, docs/measurements.md).
 */
export function createProgressParser(
  durationSeconds: number,
  onProgress: (fraction: number) => void,
  options: { minIntervalMs?: number; now?: () => number } = {},
): ProgressParser {
  const minInterval = options.minIntervalMs ?? 1000;
  const now = options.now ?? Date.now;
  let outTimeUs: number | null = null;
  let lastEmit = -Infinity;
  let lastFraction = -1;
  let ended = false;
  return {
    push(line: string) {
      const eq = line.indexOf("=");
      if (eq < 0) return;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key === "out_time_us") {
        const n = Number(value);
        outTimeUs = Number.isFinite(n) && n >= 0 ? n : outTimeUs;
        return;
      }
      if (key !== "progress" || ended) return;
      if (value === "end") {
        ended = true;
        onProgress(1);
        return;
      }
      if (outTimeUs === null || !(durationSeconds > 0)) return;
      const fraction = Math.min(1, Math.max(0, outTimeUs / 1e6 / durationSeconds));
      const t = now();
      if (t - lastEmit < minInterval || fraction <= lastFraction) return;
      lastEmit = t;
      lastFraction = fraction;
      onProgress(fraction);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Running FFmpeg

export interface RunFfmpegOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Media duration the progress fraction is measured against. */
  durationSeconds?: number;
  onProgress?: (fraction: number) => void;
  ffmpegPath?: string;
  tailLines?: number;
  /**
   * What reads the run: `input` (default) — the upload, so an unexplained non-zero exit is the file's
   * fault (`classifyTranscodeExit`); `own_files` — our own intermediate files (remux, sprite tiling), so
   * an unexplained failure is ours: `internal`.
   */
  reads?: "input" | "own_files";
  /** Limits and user for the run (MediaConfig.sandbox). */
  sandbox?: ProcessSandbox;
}

export interface FfmpegResult {
  exitCode: 0;
  durationMs: number;
  /** Last lines of stderr (warnings are kept; they explain odd outputs). */
  logTail: string;
  stderrLineCount: number;
}

/**
 * Spawns FFmpeg in its own process group with `-progress pipe:1 -stats_period 1 -nostats`.
 * Resolves on exit 0; otherwise throws MediaError: `timeout` (deadline or abort; the group is SIGKILLed),
 * `unsupported_codec` / `corrupt_input` (classified from the log; see `classifyTranscodeExit`),
 * `internal` (spawn failure, a signal, host trouble in the log).
 */
export async function runFfmpeg(args: readonly string[], options: RunFfmpegOptions): Promise<FfmpegResult> {
  const progressArgs = ["-progress", "pipe:1", "-stats_period", "1", "-nostats"];
  const parser =
    options.onProgress && options.durationSeconds !== undefined
      ? createProgressParser(options.durationSeconds, options.onProgress)
      : null;
  let result;
  try {
    result = await runProcess(options.ffmpegPath ?? "ffmpeg", [...progressArgs, ...args], {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      tailLines: options.tailLines ?? 50,
      // swscale warns once per context when the MJPEG encoder (poster, thumbnails) needs yuvj420p.
      ignoreStderr: /deprecated pixel format used/,
      onStdoutLine: parser ? (line) => parser.push(line) : undefined,
      sandbox: options.sandbox,
    });
  } catch (err) {
    if (err instanceof SpawnError) throw new MediaError("internal", err.message, { cause: err });
    throw err;
  }
  const logTail = result.stderrTail;
  if (result.timedOut) {
    throw new MediaError("timeout", `FFmpeg took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped.`, { logTail });
  }
  if (result.aborted) throw new MediaError("timeout", "FFmpeg was cancelled.", { logTail });
  if (result.signal === "SIGXFSZ") {
    throw new MediaError("limit_exceeded", "An output file grew past the per-file size limit (the sandbox's maxFileBytes) and FFmpeg was stopped.", { logTail });
  }
  if (result.exitCode !== 0) {
    const log = `${result.stderrHead}\n${logTail}`;
    const code =
      (options.reads ?? "input") === "input"
        ? classifyTranscodeExit(result.exitCode, result.signal, log)
        : classifyFfmpegFailure(result.exitCode, log, "internal");
    const message =
      code === "unsupported_codec"
        ? "FFmpeg cannot decode this file's codec."
        : code === "corrupt_input"
          ? // Not "damaged" yet: transcodeToRenditions decodes the source alone before blaming it.
            `FFmpeg stopped with an error while processing this file (exit ${String(result.exitCode)}); see the log.`
          : `FFmpeg failed on the worker: ${describeHostFailure(log) ?? (result.signal ? `killed by ${result.signal}` : `exit ${String(result.exitCode)}`)}.`;
    throw new MediaError(code, message, { logTail });
  }
  return { exitCode: 0, durationMs: result.durationMs, logTail, stderrLineCount: result.stderrLineCount };
}

// ---------------------------------------------------------------------------------------------------
// WebVTT thumbnails for the sprite sheet

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(rest, 3)}`;
}

/**
 * The WebVTT file players use for scrub previews: cue i covers [i·interval, min((i+1)·interval, duration))
 * and points at tile i of the sheet (`sprite.jpg#xywh=x,y,w,h`, row-major, like FFmpeg's `tile`).
 */
export function buildThumbnailsVtt(params: {
  spriteUrl: string;
  durationSeconds: number;
  intervalSeconds: number;
  count: number;
  columns: number;
  thumbWidth: number;
  thumbHeight: number;
}): string {
  const lines = ["WEBVTT", ""];
  for (let i = 0; i < params.count; i += 1) {
    const start = i * params.intervalSeconds;
    if (start >= params.durationSeconds && i > 0) break;
    const end = Math.min((i + 1) * params.intervalSeconds, params.durationSeconds);
    const x = (i % params.columns) * params.thumbWidth;
    const y = Math.floor(i / params.columns) * params.thumbHeight;
    lines.push(
      `${vttTime(start)} --> ${vttTime(end)}`,
      `${params.spriteUrl}#xywh=${x},${y},${params.thumbWidth},${params.thumbHeight}`,
      "",
    );
  }
  return lines.join("\n");
}
