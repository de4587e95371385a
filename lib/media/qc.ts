import { readFile, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { parseProbeJson, type ProbeOutput, type ProbeStream } from "./ffprobe";
import { hardenedInputArgs, mp4FormatWhitelist, ownOutputCodecs } from "./input-hardening";
import { runProcess, type ProcessSandbox } from "./run-process";
import { parseRational, rationalsEqual, rationalToNumber, type Rational } from "./rational";
import type { BitrateBounds, RenditionPlan } from "./rendition-plan";
import { hlsPlaylistUri, writeRungConcatList, type TranscodeOutputs } from "./ffmpeg";
import { firstFragmentPresentationTicks, hasEmptyEdit } from "./mp4-boxes";
import { waveformPeaksSchema } from "./waveform-peaks";

/**
 * QC of the outputs of one transcode, against the plan (docs/processing.md). `evaluateQc` is pure (measurements in,
 * checks out); `runQc` measures with ffprobe/ffmpeg and calls it.
 */

export interface QcCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface HlsVariantMeasurement {
  uri: string;
  resolution: { width: number; height: number } | null;
  bandwidth: number | null;
  /** Sum of EXTINF of the variant playlist, or null when the playlist is missing/unreadable. */
  playlistSeconds: number | null;
  isComplete: boolean;
  missingFiles: string[];
  /**
   * Earliest presentation time in the first segment, in timescale ticks, as a browser's MSE computes it
   * (tfdt + durations + composition offsets). Must be 0 or the player shows frame n−2 (docs/measurements.md).
   */
  firstPresentationTicks: number | null;
  /** The init segment carries an empty edit (which MSE ignores and other players honour). */
  hasEmptyEdit: boolean;
  /** A video rung's packets, init + segments read in playlist order without decoding; null for audio. */
  packets: PacketReading | null;
}

/** One video packet as the demuxer reads it (decode order), without decoding it. */
export interface VideoPacket {
  isKey: boolean;
  size: number;
  /** CRC-32 of the packet's payload, as ffprobe `-show_data_hash CRC32` prints it. */
  crc32: string;
}

/** Every video packet of a file (or rung) we wrote, and what the demuxer complained about while reading. */
export interface PacketReading {
  packets: VideoPacket[];
  errors: string[];
}

/**
 * How much of the proxy QC decodes. `whole`: every frame (about 12 % of a 1080p job's encode time).
 * `first_and_last_gop`: the first and the last GOP — enough when the proxy is a stream copy of a rung
 * and `proxy_matches_rung` compares every packet with it (docs/processing.md, "QC without a second decode").
 */
export type ProxyDecodeScope = "whole" | "first_and_last_gop";

export interface QcMeasurements {
  proxyProbe: ProbeOutput | null;
  /** pts_time of the proxy's first video frame (null: audio-only or unreadable). */
  proxyFirstVideoPts: number | null;
  /** The proxy has an edit list entry with media_time −1 (a leading gap). */
  proxyHasEmptyEdit: boolean;
  /** Error lines printed by `ffmpeg -v error -xerror -i proxy -f null -` (over `proxyDecodeScope`), and its exit code. */
  proxyDecodeErrors: string[];
  proxyDecodeExitCode: number | null;
  proxyDecodeScope: ProxyDecodeScope;
  /** The proxy's video packets (null: no video planned). */
  proxyPackets: PacketReading | null;
  hlsMasterText: string | null;
  hlsVariants: HlsVariantMeasurement[];
  hlsAudio: HlsVariantMeasurement | null;
  images: { name: "poster" | "sprite"; width: number | null; height: number | null; bytes: number }[];
  /** The peaks JSON as read back (null: missing or not valid audiowaveform JSON). */
  waveform: { length: number; sampleRate: number; samplesPerBucket: number } | null;
}

export interface QcReport {
  isPassed: boolean;
  checks: QcCheck[];
  /** Names of failed checks, for ERROR `qc_failed`. */
  failed: string[];
}

function num(v: string | number | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function within(value: number | null, bounds: BitrateBounds): boolean {
  return value !== null && value >= bounds.minBps && value <= bounds.maxBps;
}

/** Pure: compares measurements with the plan. */
export function evaluateQc(plan: RenditionPlan, m: QcMeasurements): QcReport {
  const checks: QcCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const scope = m.proxyDecodeScope === "whole" ? "every frame" : "first and last GOP";
  check(
    "proxy_decodes",
    m.proxyDecodeExitCode === 0 && m.proxyDecodeErrors.length === 0,
    `${scope}: ${m.proxyDecodeErrors.length > 0 ? m.proxyDecodeErrors.slice(0, 3).join(" | ") : `exit ${String(m.proxyDecodeExitCode)}`}`,
  );

  const streams = m.proxyProbe?.streams ?? [];
  const v = streams.find((s) => s.codec_type === "video");
  const a = streams.find((s) => s.codec_type === "audio");

  if (plan.video && plan.proxy.video) {
    const pv = plan.proxy.video;
    const rate = plan.video.frameRate;
    const frameSeconds = 1 / rationalToNumber(rate);
    check("proxy_video_present", v !== undefined, v ? `${v.codec_name ?? "?"}` : "no video stream in proxy");
    if (v) {
      check("proxy_video_codec", v.codec_name === "h264" && v.pix_fmt === "yuv420p", `${v.codec_name ?? "?"} ${v.pix_fmt ?? "?"}`);
      check(
        "proxy_dimensions",
        v.width === pv.width && v.height === pv.height,
        `${String(v.width)}x${String(v.height)}, planned ${pv.width}x${pv.height}`,
      );
      const r = parseRational(v.r_frame_rate);
      const avg = parseRational(v.avg_frame_rate);
      check(
        "proxy_frame_rate",
        r !== null && rationalsEqual(r, rate) && (avg === null || rationalsEqual(avg, rate)),
        `r ${v.r_frame_rate ?? "?"} avg ${v.avg_frame_rate ?? "?"}, planned ${rate.num}/${rate.den}`,
      );
      const frames = num(v.nb_frames);
      check("proxy_frame_count", frames === plan.video.frameCount, `${String(frames)} frames, planned ${plan.video.frameCount}`);
      const dur = num(v.duration);
      check(
        "proxy_duration",
        dur !== null && Math.abs(dur - plan.video.durationSeconds) <= frameSeconds + 1e-6,
        `${String(dur)} s, planned ${plan.video.durationSeconds.toFixed(6)} s (±1 frame)`,
      );
      // Against the source as probed, not only the plan: a plan built on a wrong frame count (a MOV
      // whose nb_frames counts samples an edit list hides) would otherwise approve its own mistake.
      check(
        "proxy_matches_source_duration",
        dur !== null && Math.abs(dur - plan.sourceDurationSeconds) <= frameSeconds + 1e-6,
        `${String(dur)} s, source ${plan.sourceDurationSeconds.toFixed(6)} s (±1 frame)`,
      );
      check(
        "proxy_starts_at_zero",
        m.proxyFirstVideoPts !== null && Math.abs(m.proxyFirstVideoPts) < 1e-6 && Math.abs(num(v.start_time) ?? 1) < 1e-6,
        `first frame pts ${String(m.proxyFirstVideoPts)}, start_time ${String(v.start_time)}`,
      );
      check("proxy_no_empty_edit", !m.proxyHasEmptyEdit, m.proxyHasEmptyEdit ? "leading empty edit" : "none");
      const br = num(v.bit_rate);
      check("proxy_video_bitrate", within(br, pv.bitrateBounds), `${String(br)} bit/s in [${pv.bitrateBounds.minBps}, ${pv.bitrateBounds.maxBps}]`);
    }
    const packetProblems = packetReadingProblems(m.proxyPackets, plan.video.frameCount, plan.video.gopFrames);
    check("proxy_packets", packetProblems.length === 0, packetProblems.length === 0 ? `${plan.video.frameCount} packets, keyframes every ${plan.video.gopFrames}` : packetProblems.join("; "));
    const twinName = plan.proxy.twinRungName;
    if (twinName !== null) {
      const twin = m.hlsVariants.find((x) => x.uri === hlsPlaylistUri(twinName));
      const difference = firstPacketDifference(m.proxyPackets, twin?.packets ?? null);
      check("proxy_matches_rung", difference === null, difference ?? `every packet equals the ${twinName} rung's`);
    }
  } else {
    check("proxy_has_no_video", v === undefined, v ? "unexpected video stream" : "audio only");
  }

  if (plan.audio) {
    const enc = plan.audio.encode;
    check("proxy_audio_present", a !== undefined, a ? `${a.codec_name ?? "?"}` : "no audio stream in proxy");
    if (a) {
      check(
        "proxy_audio_format",
        a.codec_name === "aac" && a.channels === 2 && num(a.sample_rate) === enc.sampleRate,
        `${a.codec_name ?? "?"} ${String(a.channels)}ch ${String(a.sample_rate)} Hz`,
      );
      const br = num(a.bit_rate);
      check("proxy_audio_bitrate", within(br, enc.bitrateBounds), `${String(br)} bit/s in [${enc.bitrateBounds.minBps}, ${enc.bitrateBounds.maxBps}]`);
      if (!plan.video) {
        const dur = num(a.duration);
        // AAC works in 1024-sample frames plus encoder priming: allow 50 ms.
        check(
          "proxy_duration",
          dur !== null && Math.abs(dur - plan.durationSeconds) <= 0.05,
          `${String(dur)} s, planned ${plan.durationSeconds.toFixed(6)} s (±50 ms)`,
        );
        check(
          "proxy_matches_source_duration",
          dur !== null && Math.abs(dur - plan.sourceDurationSeconds) <= 0.05,
          `${String(dur)} s, source ${plan.sourceDurationSeconds.toFixed(6)} s (±50 ms)`,
        );
      }
    }
  } else {
    check("proxy_has_no_audio", a === undefined, a ? "unexpected audio stream" : "no audio planned");
  }

  // HLS
  check("hls_master", m.hlsMasterText !== null && m.hlsMasterText.startsWith("#EXTM3U"), m.hlsMasterText === null ? "master playlist missing" : "present");
  const tolerance = plan.video ? 1 / rationalToNumber(plan.video.frameRate) + 1e-3 : 0.05;
  for (const rung of plan.hls.rungs) {
    const variant = m.hlsVariants.find((x) => x.uri === hlsPlaylistUri(rung.name));
    const name = `hls_rung_${rung.name}`;
    if (!variant) {
      check(name, false, "not in master playlist");
      continue;
    }
    const problems: string[] = [];
    if (variant.resolution?.width !== rung.width || variant.resolution.height !== rung.height) {
      problems.push(`resolution ${variant.resolution ? `${variant.resolution.width}x${variant.resolution.height}` : "?"} (planned ${rung.width}x${rung.height})`);
    }
    if (!variant.isComplete) problems.push("playlist incomplete");
    if (variant.missingFiles.length > 0) problems.push(`missing ${variant.missingFiles.join(", ")}`);
    if (variant.playlistSeconds === null || Math.abs(variant.playlistSeconds - plan.durationSeconds) > tolerance) {
      problems.push(`duration ${String(variant.playlistSeconds)} s (planned ${plan.durationSeconds.toFixed(3)})`);
    }
    if (variant.firstPresentationTicks !== 0) problems.push(`first frame at ${String(variant.firstPresentationTicks)} ticks, not 0`);
    if (plan.video) problems.push(...packetReadingProblems(variant.packets, plan.video.frameCount, plan.video.gopFrames));
    if (variant.hasEmptyEdit) problems.push("empty edit in init segment");
    if (variant.bandwidth !== null && variant.bandwidth > rung.bitrateBounds.maxBps + (plan.audio?.encode.bitrate ?? 0) * 1.5) {
      problems.push(`bandwidth ${variant.bandwidth} above ${rung.bitrateBounds.maxBps}`);
    }
    check(name, problems.length === 0, problems.length === 0 ? `${rung.width}x${rung.height}` : problems.join("; "));
  }
  if (plan.hls.audioName) {
    const au = m.hlsAudio;
    const ok = au !== null && au.isComplete && au.missingFiles.length === 0 && au.playlistSeconds !== null && Math.abs(au.playlistSeconds - plan.durationSeconds) <= Math.max(tolerance, 0.1);
    check("hls_audio", ok, au ? `${String(au.playlistSeconds)} s, missing ${au.missingFiles.length}` : "audio rendition missing");
  }

  for (const [name, planned] of [
    ["poster", plan.poster],
    ["sprite", plan.sprite ? { width: plan.sprite.thumbWidth * plan.sprite.columns, height: plan.sprite.thumbHeight * plan.sprite.rows } : null],
  ] as const) {
    if (!planned) continue;
    const img = m.images.find((i) => i.name === name);
    check(
      name,
      img !== undefined && img.bytes > 0 && img.width === planned.width && img.height === planned.height,
      img ? `${String(img.width)}x${String(img.height)}, ${img.bytes} bytes (planned ${planned.width}x${planned.height})` : "missing",
    );
  }

  if (plan.waveform) {
    const planned = plan.waveform;
    const w = m.waveform;
    // One bucket of slack either way: the source's audio may end a few samples off the plan's duration.
    const ok =
      w !== null &&
      w.sampleRate === planned.sampleRate &&
      w.samplesPerBucket === planned.samplesPerBucket &&
      Math.abs(w.length - planned.bucketCount) <= 1;
    check(
      "waveform",
      ok,
      w ? `${w.length} buckets of ${w.samplesPerBucket} samples at ${w.sampleRate} Hz (planned ${planned.bucketCount} of ${planned.samplesPerBucket})` : "missing",
    );
  }

  const failed = checks.filter((c) => !c.ok).map((c) => c.name);
  return { isPassed: failed.length === 0, checks, failed };
}

/**
 * Pure: what is wrong with a video stream read packet by packet — demuxer errors, a frame count other
 * than planned, a keyframe missing at a GOP start or one elsewhere (the encode's GOP is fixed: x264Args).
 */
export function packetReadingProblems(reading: PacketReading | null, frameCount: number, gopFrames: number): string[] {
  if (reading === null) return ["packets unreadable"];
  const problems: string[] = [];
  if (reading.errors.length > 0) problems.push(`demuxer: ${reading.errors.slice(0, 2).join(" | ")}`);
  if (reading.packets.length !== frameCount) problems.push(`${reading.packets.length} packets, planned ${frameCount}`);
  const misplaced = reading.packets.findIndex((p, i) => p.isKey !== (i % gopFrames === 0) || p.size === 0);
  if (misplaced >= 0) problems.push(`packet ${misplaced} is ${reading.packets[misplaced]?.size === 0 ? "empty" : "off the GOP grid"}`);
  return problems;
}

/** Pure: null when both readings hold the same packets in the same order, else where they first differ. */
export function firstPacketDifference(proxy: PacketReading | null, rung: PacketReading | null): string | null {
  if (proxy === null || rung === null) return `packets unreadable (${proxy === null ? "proxy" : "rung"})`;
  const n = Math.min(proxy.packets.length, rung.packets.length);
  for (let i = 0; i < n; i += 1) {
    const a = proxy.packets[i];
    const b = rung.packets[i];
    if (a?.size !== b?.size || a?.crc32 !== b?.crc32 || a?.isKey !== b?.isKey) return `packet ${i} differs from the rung's`;
  }
  if (proxy.packets.length !== rung.packets.length) return `${proxy.packets.length} packets, the rung has ${rung.packets.length}`;
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Measuring

/** Parses an HLS master playlist into its variants (URI, RESOLUTION, BANDWIDTH) and audio media URI. */
export function parseMasterPlaylist(text: string): {
  variants: { uri: string; resolution: { width: number; height: number } | null; bandwidth: number | null }[];
  audioUris: string[];
} {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const variants: { uri: string; resolution: { width: number; height: number } | null; bandwidth: number | null }[] = [];
  const audioUris: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    if (line.startsWith("#EXT-X-MEDIA:") && /TYPE=AUDIO/.test(line)) {
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      if (uri) audioUris.push(uri);
    }
    if (line.startsWith("#EXT-X-STREAM-INF:")) {
      const res = /RESOLUTION=(\d+)x(\d+)/.exec(line);
      const bw = /BANDWIDTH=(\d+)/.exec(line);
      let j = i + 1;
      while (j < lines.length && (lines[j] === "" || (lines[j] ?? "").startsWith("#"))) j += 1;
      const uri = lines[j];
      if (uri) {
        variants.push({
          uri,
          resolution: res ? { width: Number(res[1]), height: Number(res[2]) } : null,
          bandwidth: bw ? Number(bw[1]) : null,
        });
      }
    }
  }
  return { variants, audioUris };
}

/** Pure: sum of EXTINF durations, segment and init URIs, ENDLIST presence. */
export function parseMediaPlaylist(text: string): { seconds: number; uris: string[]; isComplete: boolean } {
  let seconds = 0;
  const uris: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf?.[1]) seconds += Number(inf[1]);
    const map = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line);
    if (map?.[1]) uris.push(map[1]);
    if (line !== "" && !line.startsWith("#")) uris.push(line);
  }
  return { seconds, uris, isComplete: /#EXT-X-ENDLIST/.test(text) };
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return null;
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

interface MeasureContext {
  /** Read the rung's video packets (video plans; not the audio rendition). */
  readPackets: boolean;
  signal: AbortSignal | undefined;
  sandbox: ProcessSandbox | undefined;
}

async function measureVariant(
  hlsDir: string,
  uri: string,
  variant: { resolution: HlsVariantMeasurement["resolution"]; bandwidth: number | null },
  ctx: MeasureContext,
): Promise<HlsVariantMeasurement> {
  // Our own output: URIs are names FFmpeg wrote from the plan, never user input.
  const playlistPath = join(hlsDir, uri);
  const text = await readText(playlistPath);
  if (text === null) {
    return { uri, ...variant, playlistSeconds: null, isComplete: false, missingFiles: [uri], firstPresentationTicks: null, hasEmptyEdit: false, packets: null };
  }
  const parsed = parseMediaPlaylist(text);
  const dir = join(playlistPath, "..");
  const missing: string[] = [];
  for (const u of parsed.uris) if ((await fileSize(join(dir, u))) === 0) missing.push(u);
  let firstPresentationTicks: number | null = null;
  let emptyEdit = false;
  const [initUri, firstSegmentUri] = parsed.uris;
  if (initUri && firstSegmentUri && missing.length === 0) {
    try {
      const init = await readFile(join(dir, initUri));
      const segment = await readFile(join(dir, firstSegmentUri));
      firstPresentationTicks = firstFragmentPresentationTicks(init, segment);
      emptyEdit = hasEmptyEdit(init);
    } catch {
      firstPresentationTicks = null;
    }
  }
  let packets: PacketReading | null = null;
  if (ctx.readPackets && missing.length === 0 && parsed.uris.length > 1) {
    // The concat list lives beside the HLS directory, never in it: that directory is uploaded whole.
    const listPath = join(dirname(hlsDir), `qc_${uri.replace(/[^A-Za-z0-9]/g, "_")}.concat`);
    await writeRungConcatList(listPath, dir, parsed.uris);
    try {
      packets = await readVideoPackets(`concatf:${listPath}`, "file,concatf", ctx);
    } finally {
      await rm(listPath, { force: true });
    }
  }
  return {
    uri, ...variant, playlistSeconds: parsed.seconds, isComplete: parsed.isComplete, missingFiles: missing,
    firstPresentationTicks, hasEmptyEdit: emptyEdit, packets,
  };
}

/**
 * Every video packet of one of our MP4 outputs (or a rung's init + segments through `concatf`), read by
 * the demuxer without decoding: ~0.1 s for a minute of 1080p, against ~4 s to decode it.
 */
async function readVideoPackets(input: string, protocols: string, ctx: Omit<MeasureContext, "readPackets">): Promise<PacketReading | null> {
  const packets: VideoPacket[] = [];
  const errors: string[] = [];
  const r = await runProcess(
    "ffprobe",
    [
      "-v", "error", ...hardenedInputArgs(mp4FormatWhitelist, protocols, ownOutputCodecs), "-f", "mp4",
      "-select_streams", "v:0", "-show_entries", "packet=size,flags,data_hash", "-show_data_hash", "CRC32",
      "-of", "compact=p=0:nk=1", "-i", input,
    ],
    {
      timeoutMs: 5 * 60_000,
      signal: ctx.signal,
      sandbox: ctx.sandbox,
      tailLines: 5,
      onStdoutLine: (line) => {
        const [size, flags, hash] = line.split("|");
        const crc32 = hash?.replace(/^CRC32:/, "");
        if (size === undefined || flags === undefined || !crc32) {
          errors.push(`unreadable packet line: ${line.slice(0, 80)}`);
          return;
        }
        packets.push({ isKey: flags.startsWith("K"), size: Number(size), crc32 });
      },
    },
  );
  if (r.aborted || ctx.signal?.aborted) return null;
  if (r.stderrTail !== "") errors.push(...r.stderrTail.split("\n"));
  if (r.exitCode !== 0) errors.push(`ffprobe exit ${String(r.exitCode)}`);
  return { packets, errors };
}

const frameListSchema = z.object({ frames: z.array(z.looseObject({ pts_time: z.string().optional() })).default([]) });

/**
 * Demuxers QC may open: our own outputs only (MP4 proxy: `mp4FormatWhitelist`, JPEG/PNG images). The same hardening as for
 * uploads (`-protocol_whitelist file` + `-format_whitelist` before `-i`): QC must not be the one FFmpeg
 * run a crafted file could steer somewhere else, however unlikely for files we wrote.
 */
const ownImageFormats = "image2,jpeg_pipe,png_pipe";

async function probeOwnOutput(
  path: string,
  formats: string,
  extra: string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
  sandbox?: ProcessSandbox,
): Promise<string | null> {
  const r = await runProcess("ffprobe", ["-v", "error", ...hardenedInputArgs(formats, "file", ownOutputCodecs), ...extra, "-print_format", "json", "-i", path], {
    timeoutMs,
    signal,
    collectStdout: true,
    sandbox,
  });
  return r.exitCode === 0 ? r.stdout : null;
}

export interface RunQcOptions {
  /** The decode check may decode the whole proxy: give it as long as the transcode's share. */
  timeoutMs?: number;
  /**
   * Default: `first_and_last_gop` when the proxy is a stream copy of a rung (its packets are then compared
   * with the rung's), `whole` when it was encoded on its own or has no video.
   */
  proxyDecode?: ProxyDecodeScope;
  signal?: AbortSignal;
  ffmpegPath?: string;
  sandbox?: ProcessSandbox;
}

/** Measures the outputs of a transcode and evaluates them against the plan. Never throws for bad outputs. */
export async function runQc(plan: RenditionPlan, outputs: TranscodeOutputs, opts: RunQcOptions = {}): Promise<QcReport> {
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const signal = opts.signal;
  const sandbox = opts.sandbox;
  const proxyJson = await probeOwnOutput(outputs.proxy, mp4FormatWhitelist, ["-show_streams", "-show_format"], 30_000, signal, sandbox);
  let proxyProbe: ProbeOutput | null = null;
  if (proxyJson !== null) {
    try {
      proxyProbe = parseProbeJson(proxyJson);
    } catch {
      proxyProbe = null;
    }
  }

  let proxyFirstVideoPts: number | null = null;
  if (plan.video) {
    const framesJson = await probeOwnOutput(
      outputs.proxy,
      mp4FormatWhitelist,
      ["-select_streams", "v:0", "-show_entries", "frame=pts_time", "-read_intervals", "%+#1"],
      30_000,
      signal,
      sandbox,
    );
    if (framesJson !== null) {
      const parsed = frameListSchema.safeParse(JSON.parse(framesJson));
      proxyFirstVideoPts = parsed.success ? num(parsed.data.frames[0]?.pts_time) : null;
    }
  }

  let proxyHasEmptyEdit = false;
  try {
    proxyHasEmptyEdit = hasEmptyEdit(await readFile(outputs.proxy));
  } catch {
    // a missing proxy fails proxy_decodes and proxy_video_present
  }

  const proxyDecodeScope: ProxyDecodeScope = opts.proxyDecode ?? (plan.video && plan.proxy.twinRungName !== null ? "first_and_last_gop" : "whole");
  const decode = await decodeProxy(plan, outputs.proxy, proxyDecodeScope, { ...opts, timeoutMs });
  const proxyPackets = plan.video ? await readVideoPackets(outputs.proxy, "file", { signal, sandbox }) : null;

  const hlsMasterText = await readText(outputs.hlsMaster);
  const master = hlsMasterText ? parseMasterPlaylist(hlsMasterText) : { variants: [], audioUris: [] };
  const hlsVariants: HlsVariantMeasurement[] = [];
  for (const v of master.variants) {
    hlsVariants.push(await measureVariant(outputs.hlsDir, v.uri, v, { readPackets: plan.video !== null, signal, sandbox }));
  }
  let hlsAudio: HlsVariantMeasurement | null = null;
  const audioUri = master.audioUris[0] ?? (plan.hls.audioName ? hlsPlaylistUri(plan.hls.audioName) : null);
  if (audioUri && hlsMasterText !== null) {
    hlsAudio = await measureVariant(outputs.hlsDir, audioUri, { resolution: null, bandwidth: null }, { readPackets: false, signal, sandbox });
  }

  const images: QcMeasurements["images"] = [];
  for (const [name, path] of [["poster", outputs.poster], ["sprite", outputs.sprite]] as const) {
    if (!path) continue;
    const bytes = await fileSize(path);
    let width: number | null = null;
    let height: number | null = null;
    if (bytes > 0) {
      const json = await probeOwnOutput(path, ownImageFormats, ["-show_streams"], 30_000, signal, sandbox);
      if (json !== null) {
        try {
          const s: ProbeStream | undefined = parseProbeJsonStreams(json)[0];
          width = s?.width ?? null;
          height = s?.height ?? null;
        } catch {
          // unreadable image: stays null and fails its check
        }
      }
    }
    images.push({ name, width, height, bytes });
  }

  return evaluateQc(plan, {
    proxyProbe,
    proxyFirstVideoPts,
    proxyHasEmptyEdit,
    proxyDecodeErrors: decode.errors,
    proxyDecodeExitCode: decode.exitCode,
    proxyDecodeScope,
    proxyPackets,
    hlsMasterText,
    hlsVariants,
    hlsAudio,
    images,
    waveform: outputs.waveform ? await measureWaveform(outputs.waveform) : null,
  });
}

/**
 * `ffmpeg -xerror` decoding the proxy to nowhere: every frame, or only the first and the last GOP (`-t` and
 * `-sseof` on the input: the demuxer seeks to the keyframe before, so each run starts on a GOP).
 */
async function decodeProxy(
  plan: RenditionPlan,
  proxyPath: string,
  scope: ProxyDecodeScope,
  opts: RunQcOptions & { timeoutMs: number },
): Promise<{ errors: string[]; exitCode: number | null }> {
  const gopSeconds = plan.video ? plan.video.gopFrames / rationalToNumber(plan.video.frameRate) : 0;
  const windows: string[][] = scope === "whole" || !plan.video ? [[]] : [["-t", gopSeconds.toFixed(3)], ["-sseof", `-${gopSeconds.toFixed(3)}`]];
  const errors: string[] = [];
  let exitCode: number | null = 0;
  for (const window of windows) {
    const r = await runProcess(
      opts.ffmpegPath ?? "ffmpeg",
      [
        "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-threads", String(plan.threads),
        ...hardenedInputArgs(mp4FormatWhitelist, "file", ownOutputCodecs), ...window, "-i", proxyPath, "-f", "null", "-",
      ],
      { timeoutMs: opts.timeoutMs, signal: opts.signal, tailLines: 20, sandbox: opts.sandbox },
    );
    if (r.stderrTail !== "") errors.push(...r.stderrTail.split("\n"));
    if (r.timedOut) errors.push("decode check timed out");
    // A shutdown or the attempt's deadline: stop measuring at once; the caller reports why it stopped.
    if (r.aborted || opts.signal?.aborted) {
      errors.push("decode check aborted");
      return { errors, exitCode: r.exitCode };
    }
    if (r.exitCode !== 0) exitCode = r.exitCode;
  }
  return { errors, exitCode };
}

/** The peaks JSON read back through its schema (what the player will parse). */
async function measureWaveform(path: string): Promise<QcMeasurements["waveform"]> {
  const text = await readText(path);
  if (text === null) return null;
  try {
    const w = waveformPeaksSchema.parse(JSON.parse(text));
    return { length: w.length, sampleRate: w.sample_rate, samplesPerBucket: w.samples_per_pixel };
  } catch {
    return null;
  }
}

function parseProbeJsonStreams(json: string): ProbeStream[] {
  const parsed = z.object({ streams: z.array(z.looseObject({ index: z.number(), width: z.number().optional(), height: z.number().optional() })) }).parse(JSON.parse(json));
  return parsed.streams;
}

export type { Rational };
