import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { diagnoseSource, errorAfterDiagnosis } from "./diagnose-source";
import { MediaError, isMediaError } from "./errors";
import { buildProxyRemuxArgs, buildSpriteSheetArgs, buildThumbnailsVtt, buildTranscodeArgs, runFfmpeg, transcodeOutputs, writeRungConcatList } from "./ffmpeg";
import type { MediaFacts } from "./ffprobe";
import { asVodPlaylist } from "./hls-preview";
import { watchOutputSize } from "./output-size-watchdog";
import { parseMediaPlaylist, runQc, type QcReport } from "./qc";
import { type MediaConfig, type ProcessingWarning, type RenditionPlan, planRenditions } from "./rendition-plan";
import { buildWaveformPeaks, parseAstatsPeaks } from "./waveform-peaks";

export type RenditionKind = "proxy_mp4" | "hls" | "poster" | "sprite" | "thumbnails_vtt" | "waveform";

export interface ProducedRendition {
  kind: RenditionKind;
  /** The file; for `hls` the master playlist (upload the whole `dir`, keep relative paths). */
  path: string;
  /** `hls` only: the directory holding master.m3u8 and one sub-directory per rung/audio rendition. */
  dir: string | null;
  width: number | null;
  height: number | null;
  /** Planned cap (video) or AAC rate (audio-only proxy); null for images and text. */
  bitrate: number | null;
  sizeBytes: number;
  contentType: string;
}

export interface TranscodeResult {
  plan: RenditionPlan;
  renditions: ProducedRendition[];
  qc: QcReport;
  /** Facts the job stores on the version (from the probe, with the frame grid the proxy follows). */
  facts: MediaFacts;
  ffmpegMs: number;
  logTail: string;
  /** What the version should say about how it was made (HDR tone-mapped, deinterlaced, poster missing…). */
  warnings: ProcessingWarning[];
}

export interface TranscodeParams {
  /** A local file, or the worker's loopback feed of a master still downloading (input-hardening.ts). */
  inputPath: string;
  /**
   * Where a failure is diagnosed (the source decoded alone): the whole source as a local file. Default:
   * `inputPath`. The worker passes the end of its download, so a diagnosis never judges half a file.
   */
  localSourcePath?: () => Promise<string>;
  /** Empty scratch directory owned by the caller (deleted by the caller). */
  workDir: string;
  facts: MediaFacts;
  config: MediaConfig;
  /**
   * The plan, when the caller made it already (the job stores the planned facts before transcoding);
   * otherwise `planRenditions(facts, config)`. Planning is pure, so both give the same plan.
   */
  plan?: RenditionPlan;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Deadline for the one FFmpeg run; default: 10 min + 4× the media duration. */
  timeoutMs?: number;
  /**
   * Cap on everything written under `workDir` while FFmpeg runs: a watchdog sums the files every
   * `outputCheckIntervalMs` and stops FFmpeg (limit_exceeded) before a hostile input fills the disk.
   * Default: no cap.
   */
  maxOutputBytes?: number;
  /** The setting behind `maxOutputBytes`, named in the limit_exceeded message. */
  outputLimitName?: string;
  outputCheckIntervalMs?: number;
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

/**
 * Plans, runs the one-pass FFmpeg and QC. Returns the produced local files.
 * Throws MediaError: no_media_streams | limit_exceeded (source limits, or `maxOutputBytes` while FFmpeg
 * runs) | corrupt_input | unsupported_codec | qc_failed | pipeline_failed | timeout | internal — every failure
 * of a step that reads the upload is judged by decoding the source alone first (diagnose-source.ts), so
 * "damaged" is said only of files that do not decode. Re-runnable: outputs are
 * overwritten in `workDir`.
 */
export async function transcodeToRenditions(params: TranscodeParams): Promise<TranscodeResult> {
  const { inputPath, workDir, facts, config } = params;
  let plan = params.plan ?? planRenditions(facts, config);
  await mkdir(workDir, { recursive: true });
  const timeoutMs = params.timeoutMs ?? 10 * 60_000 + plan.durationSeconds * 4_000;
  const warnings: ProcessingWarning[] = [...plan.warnings];

  // Any failure of our steps on the upload is checked against the source alone before it is reported:
  // "damaged" only when the source itself does not decode (diagnose-source.ts).
  const blameAfterDiagnosis = async (failure: MediaError, step: string): Promise<MediaError> => {
    const sourcePath = params.localSourcePath ? await params.localSourcePath() : inputPath;
    const diagnosis = await diagnoseSource(sourcePath, facts, { timeoutMs, signal: params.signal, threads: config.ffmpegThreads, sandbox: config.sandbox });
    return errorAfterDiagnosis(diagnosis, failure, { durationSeconds: plan.durationSeconds, codec: facts.video?.codec ?? facts.audio?.codec ?? null, step });
  };

  let run;
  try {
    run = await runMainTranscode(plan, params, timeoutMs);
  } catch (err) {
    // The timecode track is metadata: when the muxer refuses it, the picture is made without it.
    if (isMediaError(err) && plan.startTimecode && /timecode/i.test(err.logTail)) {
      warnings.push({
        code: "timecode_dropped",
        message: `FFmpeg's MP4 muxer refused the start timecode ${plan.startTimecode}; the proxy carries no timecode track (the version keeps the source's).`,
      });
      plan = { ...plan, startTimecode: null };
      run = await runMainTranscode(plan, params, timeoutMs).catch(async (retryErr: unknown) => {
        throw await blameIfMediaFailure(retryErr, blameAfterDiagnosis);
      });
    } else {
      throw await blameIfMediaFailure(err, blameAfterDiagnosis);
    }
  }
  const outputs = transcodeOutputs(plan, workDir);
  await finalizeVodPlaylists(plan, outputs);

  // The proxy of a twin-rung plan: a stream-copy remux of the rung FFmpeg just wrote (no second encode).
  const remuxArgs = buildProxyRemuxArgs(plan, outputs);
  const twin = plan.proxy.twinRungName;
  if (remuxArgs && twin !== null) {
    const playlistPath = outputs.hlsPlaylist(twin);
    const playlist = await readFile(playlistPath, "utf8").catch(() => null);
    if (playlist === null) {
      throw await blameAfterDiagnosis(new MediaError("internal", `FFmpeg wrote no playlist for the ${twin} rung.`, { logTail: run.logTail }), "make the proxy");
    }
    await writeRungConcatList(outputs.proxyRemuxList, dirname(playlistPath), parseMediaPlaylist(playlist).uris);
    await runFfmpeg(remuxArgs, { timeoutMs, signal: params.signal, reads: "own_files", sandbox: config.sandbox });
    await rm(outputs.proxyRemuxList, { force: true });
    if (outputs.proxyAudio) await rm(outputs.proxyAudio, { force: true });
  }

  // Auxiliary outputs never fail a version: a missing poster or sprite is dropped with a warning.
  if (plan.poster && outputs.poster && (await sizeOrZero(outputs.poster)) === 0) {
    warnings.push({ code: "poster_missing", message: "No poster frame could be made; the version has no poster image." });
    plan = { ...plan, poster: null };
  }
  if (plan.sprite) plan = await tileSprite(plan, workDir, params.signal, warnings, config);
  if (plan.waveform) plan = await writeWaveformPeaks(plan, workDir, warnings);

  const final = transcodeOutputs(plan, workDir);
  if (plan.sprite && final.sprite) {
    const vttPath = join(workDir, plan.sprite.vttName);
    await writeFile(
      vttPath,
      buildThumbnailsVtt({
        spriteUrl: plan.sprite.fileName,
        durationSeconds: plan.durationSeconds,
        intervalSeconds: plan.sprite.intervalSeconds,
        count: plan.sprite.count,
        columns: plan.sprite.columns,
        thumbWidth: plan.sprite.thumbWidth,
        thumbHeight: plan.sprite.thumbHeight,
      }),
    );
  }

  const qc = await runQc(plan, final, { signal: params.signal, timeoutMs, sandbox: config.sandbox });
  for (const aux of ["poster", "sprite", "waveform"] as const) {
    if (!qc.failed.includes(aux)) continue;
    const detail = qc.checks.find((c) => c.name === aux)?.detail ?? "";
    warnings.push({ code: `${aux}_missing`, message: `The ${aux} did not pass its check (${detail}); the version has none.` });
    plan = { ...plan, [aux]: null };
  }
  const essentialFailures = qc.failed.filter((name) => name !== "poster" && name !== "sprite" && name !== "waveform");
  if (essentialFailures.length > 0) {
    const details = qc.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    const failure = new MediaError("qc_failed", `Quality checks failed on the renditions: ${essentialFailures.join(", ")}.`, {
      failedChecks: essentialFailures,
      logTail: [...details, "--- ffmpeg ---", run.logTail].join("\n"),
    });
    const diagnosed = await blameAfterDiagnosis(failure, "make renditions that pass quality checks");
    // A clean source whose renditions fail QC stays `qc_failed` (the message says the fault is ours).
    if (diagnosed.code === "pipeline_failed") {
      throw new MediaError(
        "qc_failed",
        `Our renditions failed quality checks (${essentialFailures.join(", ")}), although the file itself decodes cleanly: this is a fault in our processing, not in your file.`,
        { failedChecks: essentialFailures, logTail: failure.logTail, cause: failure },
      );
    }
    throw diagnosed;
  }
  const outputsAfterQc = transcodeOutputs(plan, workDir);

  const renditions: ProducedRendition[] = [];
  const pv = plan.proxy.video;
  renditions.push({
    kind: "proxy_mp4",
    path: outputsAfterQc.proxy,
    dir: null,
    width: pv?.width ?? null,
    height: pv?.height ?? null,
    bitrate: pv?.maxBitrate ?? plan.audio?.encode.bitrate ?? null,
    sizeBytes: await sizeOf(outputsAfterQc.proxy),
    contentType: pv ? "video/mp4" : "audio/mp4",
  });
  const top = plan.hls.rungs[0];
  renditions.push({
    kind: "hls",
    path: outputsAfterQc.hlsMaster,
    dir: outputsAfterQc.hlsDir,
    width: top?.width ?? null,
    height: top?.height ?? null,
    bitrate: top?.maxBitrate ?? plan.audio?.encode.bitrate ?? null,
    sizeBytes: await sizeOf(outputsAfterQc.hlsMaster),
    contentType: "application/vnd.apple.mpegurl",
  });
  if (plan.poster && outputsAfterQc.poster) {
    renditions.push({
      kind: "poster", path: outputsAfterQc.poster, dir: null, width: plan.poster.width, height: plan.poster.height,
      bitrate: null, sizeBytes: await sizeOf(outputsAfterQc.poster), contentType: "image/jpeg",
    });
  }
  if (plan.sprite && outputsAfterQc.sprite) {
    const s = plan.sprite;
    renditions.push({
      kind: "sprite", path: outputsAfterQc.sprite, dir: null, width: s.thumbWidth * s.columns, height: s.thumbHeight * s.rows,
      bitrate: null, sizeBytes: await sizeOf(outputsAfterQc.sprite), contentType: "image/jpeg",
    });
    const vttPath = join(workDir, s.vttName);
    renditions.push({
      kind: "thumbnails_vtt", path: vttPath, dir: null, width: s.thumbWidth, height: s.thumbHeight,
      bitrate: null, sizeBytes: await sizeOf(vttPath), contentType: "text/vtt",
    });
  }
  if (plan.waveform && outputsAfterQc.waveform) {
    renditions.push({
      kind: "waveform", path: outputsAfterQc.waveform, dir: null, width: null, height: null,
      bitrate: null, sizeBytes: await sizeOf(outputsAfterQc.waveform), contentType: "application/json",
    });
  }

  return { plan, renditions, qc, facts, ffmpegMs: run.durationMs, logTail: run.logTail, warnings };
}

/**
 * FFmpeg wrote the ladder's variant playlists as growing EVENT playlists (buildTranscodeArgs); the
 * finished ones say VOD. Replaced by rename: the worker may be reading them for the live preview.
 */
async function finalizeVodPlaylists(plan: RenditionPlan, outputs: ReturnType<typeof transcodeOutputs>): Promise<void> {
  const names = [...plan.hls.rungs.map((r) => r.name), ...(plan.hls.audioName && plan.audio ? [plan.hls.audioName] : [])];
  for (const name of names) {
    const playlistPath = outputs.hlsPlaylist(name);
    const text = await readFile(playlistPath, "utf8").catch(() => null);
    if (text === null) continue; // QC says what is missing
    await writeFile(`${playlistPath}.tmp`, asVodPlaylist(text));
    await rename(`${playlistPath}.tmp`, playlistPath);
  }
}

async function sizeOrZero(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

/** The one decode-and-encode FFmpeg run, under the output-size watchdog. */
async function runMainTranscode(plan: RenditionPlan, params: TranscodeParams, timeoutMs: number) {
  const watchdog = watchOutputSize(params.workDir, {
    maxBytes: params.maxOutputBytes ?? Infinity,
    intervalMs: params.outputCheckIntervalMs ?? 5000,
    signal: params.signal,
    limitName: params.outputLimitName,
  });
  try {
    return await runFfmpeg(buildTranscodeArgs(plan, params.inputPath, params.workDir), {
      timeoutMs,
      signal: watchdog.signal,
      durationSeconds: plan.durationSeconds,
      onProgress: params.onProgress,
      sandbox: params.config.sandbox,
    });
  } catch (err) {
    throw watchdog.exceeded() ?? err;
  } finally {
    watchdog.stop();
  }
}

/** Input-class failures (corrupt / unsupported) are re-judged by decoding the source alone. */
async function blameIfMediaFailure(err: unknown, blame: (failure: MediaError, step: string) => Promise<MediaError>): Promise<unknown> {
  if (isMediaError(err) && (err.code === "corrupt_input" || err.code === "unsupported_codec")) {
    return blame(err, "make the proxy and the streaming renditions");
  }
  return err;
}

/**
 * Turns the levels the main run printed into the peaks JSON. No stats file or no bucket in it (an audio
 * branch that got no frame) drops the waveform with a warning: it is a timeline aid, never a reason to
 * fail the version. QC then holds the JSON to the plan's bucket count.
 */
async function writeWaveformPeaks(plan: RenditionPlan, workDir: string, warnings: ProcessingWarning[]): Promise<RenditionPlan> {
  const wave = plan.waveform;
  const out = transcodeOutputs(plan, workDir);
  if (!wave || !out.waveform || !out.waveformStats) return plan;
  const stats = await readFile(out.waveformStats, "utf8").catch(() => null);
  await rm(out.waveformStats, { force: true });
  const buckets = stats === null ? null : parseAstatsPeaks(stats);
  if (buckets === null) {
    warnings.push({ code: "waveform_missing", message: "No audio levels could be measured; the version has no waveform." });
    return { ...plan, waveform: null };
  }
  const peaks = buildWaveformPeaks(buckets, { sampleRate: wave.sampleRate, samplesPerBucket: wave.samplesPerBucket, length: wave.bucketCount });
  await writeFile(out.waveform, JSON.stringify(peaks));
  return plan;
}

/**
 * Tiles the thumbnails the main run wrote into the sprite sheet. Fewer thumbnails than planned (a source
 * shorter than its probe said) give a sheet of that many; none, or a failed tiling, drop the sprite with
 * a warning — it is a scrub preview, never a reason to fail the version.
 */
async function tileSprite(
  plan: RenditionPlan,
  workDir: string,
  signal: AbortSignal | undefined,
  warnings: ProcessingWarning[],
  config: MediaConfig,
): Promise<RenditionPlan> {
  const sprite = plan.sprite;
  if (!sprite) return plan;
  const thumbs = (await readdir(workDir)).filter((f) => /^thumb_\d+\.jpg$/.test(f));
  let result: RenditionPlan = plan;
  if (thumbs.length === 0) {
    warnings.push({ code: "sprite_missing", message: "No thumbnails could be taken; the version has no scrub preview." });
    result = { ...plan, sprite: null };
  } else {
    const count = Math.min(thumbs.length, sprite.count);
    const columns = Math.min(sprite.columns, count);
    const sized: RenditionPlan = { ...plan, sprite: { ...sprite, count, columns, rows: Math.ceil(count / columns) } };
    const args = buildSpriteSheetArgs(sized, workDir);
    try {
      if (args) await runFfmpeg(args, { timeoutMs: 5 * 60_000, signal, reads: "own_files", sandbox: config.sandbox });
      result = sized;
    } catch (err) {
      if (signal?.aborted) throw err;
      const reason = isMediaError(err) ? err.message : String(err);
      warnings.push({ code: "sprite_missing", message: `The thumbnails could not be tiled (${reason}); the version has no scrub preview.` });
      result = { ...plan, sprite: null };
    }
  }
  for (const f of thumbs) await rm(join(workDir, f), { force: true });
  return result;
}
