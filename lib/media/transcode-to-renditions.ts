import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { MediaError } from "./errors";
import { buildProxyRemuxArgs, buildSpriteSheetArgs, buildThumbnailsVtt, buildTranscodeArgs, runFfmpeg, transcodeOutputs } from "./ffmpeg";
import type { MediaFacts } from "./ffprobe";
import { watchOutputSize } from "./output-size-watchdog";
import { parseMediaPlaylist, runQc, type QcReport } from "./qc";
import { type MediaConfig, type RenditionPlan, planRenditions } from "./rendition-plan";

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
}

export interface TranscodeParams {
  inputPath: string;
  /** Empty scratch directory owned by the caller (deleted by the caller). */
  workDir: string;
  facts: MediaFacts;
  config: MediaConfig;
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
 * runs) | corrupt_input | unsupported_codec | qc_failed | timeout | internal. Re-runnable: outputs are
 * overwritten in `workDir`.
 */
export async function transcodeToRenditions(params: TranscodeParams): Promise<TranscodeResult> {
  const { inputPath, workDir, facts, config } = params;
  const plan = planRenditions(facts, config);
  await mkdir(workDir, { recursive: true });
  const outputs = transcodeOutputs(plan, workDir);
  const timeoutMs = params.timeoutMs ?? 10 * 60_000 + plan.durationSeconds * 4_000;

  const watchdog = watchOutputSize(workDir, {
    maxBytes: params.maxOutputBytes ?? Infinity,
    intervalMs: params.outputCheckIntervalMs ?? 5000,
    signal: params.signal,
    limitName: params.outputLimitName,
  });
  let run;
  try {
    run = await runFfmpeg(buildTranscodeArgs(plan, inputPath, workDir), {
      timeoutMs,
      signal: watchdog.signal,
      durationSeconds: plan.durationSeconds,
      onProgress: params.onProgress,
    });
  } catch (err) {
    throw watchdog.exceeded() ?? err;
  } finally {
    watchdog.stop();
  }

  // The proxy of a twin-rung plan: a stream-copy remux of the rung FFmpeg just wrote (no second encode).
  const remuxArgs = buildProxyRemuxArgs(plan, outputs);
  const twin = plan.proxy.twinRungName;
  if (remuxArgs && twin !== null) {
    const playlistPath = outputs.hlsPlaylist(twin);
    const playlist = await readFile(playlistPath, "utf8").catch(() => null);
    if (playlist === null) throw new MediaError("internal", `FFmpeg wrote no playlist for the ${twin} rung.`, { logTail: run.logTail });
    // concatf reads one URL per line; our own file names (init.mp4, seg_00000.m4s), never user input.
    const rungDir = dirname(playlistPath);
    await writeFile(outputs.proxyRemuxList, parseMediaPlaylist(playlist).uris.map((u) => join(rungDir, u)).join("\n") + "\n");
    await runFfmpeg(remuxArgs, { timeoutMs, signal: params.signal, reads: "own_files" });
    await rm(outputs.proxyRemuxList, { force: true });
    if (outputs.proxyAudio) await rm(outputs.proxyAudio, { force: true });
  }

  const spriteArgs = buildSpriteSheetArgs(plan, workDir);
  if (spriteArgs) {
    await runFfmpeg(spriteArgs, { timeoutMs: 5 * 60_000, signal: params.signal, reads: "own_files" });
    for (const f of await readdir(workDir)) if (/^thumb_\d+\.jpg$/.test(f)) await rm(join(workDir, f));
  }

  const renditions: ProducedRendition[] = [];
  if (plan.sprite && outputs.sprite) {
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

  const qc = await runQc(plan, outputs, { signal: params.signal, timeoutMs });
  if (!qc.isPassed) {
    const details = qc.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    throw new MediaError("qc_failed", `Quality checks failed: ${qc.failed.join(", ")}.`, {
      failedChecks: qc.failed,
      logTail: [...details, "--- ffmpeg ---", run.logTail].join("\n"),
    });
  }

  const pv = plan.proxy.video;
  renditions.push({
    kind: "proxy_mp4",
    path: outputs.proxy,
    dir: null,
    width: pv?.width ?? null,
    height: pv?.height ?? null,
    bitrate: pv?.maxBitrate ?? plan.audio?.encode.bitrate ?? null,
    sizeBytes: await sizeOf(outputs.proxy),
    contentType: pv ? "video/mp4" : "audio/mp4",
  });
  const top = plan.hls.rungs[0];
  renditions.push({
    kind: "hls",
    path: outputs.hlsMaster,
    dir: outputs.hlsDir,
    width: top?.width ?? null,
    height: top?.height ?? null,
    bitrate: top?.maxBitrate ?? plan.audio?.encode.bitrate ?? null,
    sizeBytes: await sizeOf(outputs.hlsMaster),
    contentType: "application/vnd.apple.mpegurl",
  });
  if (plan.poster && outputs.poster) {
    renditions.push({
      kind: "poster", path: outputs.poster, dir: null, width: plan.poster.width, height: plan.poster.height,
      bitrate: null, sizeBytes: await sizeOf(outputs.poster), contentType: "image/jpeg",
    });
  }
  if (plan.sprite && outputs.sprite) {
    const s = plan.sprite;
    renditions.push({
      kind: "sprite", path: outputs.sprite, dir: null, width: s.thumbWidth * s.columns, height: s.thumbHeight * s.rows,
      bitrate: null, sizeBytes: await sizeOf(outputs.sprite), contentType: "image/jpeg",
    });
    const vttPath = join(workDir, s.vttName);
    renditions.push({
      kind: "thumbnails_vtt", path: vttPath, dir: null, width: s.thumbWidth, height: s.thumbHeight,
      bitrate: null, sizeBytes: await sizeOf(vttPath), contentType: "text/vtt",
    });
  }
  if (plan.waveform && outputs.waveform) {
    renditions.push({
      kind: "waveform", path: outputs.waveform, dir: null, width: plan.waveform.width, height: plan.waveform.height,
      bitrate: null, sizeBytes: await sizeOf(outputs.waveform), contentType: "image/png",
    });
  }

  return { plan, renditions, qc, facts, ffmpegMs: run.durationMs, logTail: run.logTail };
}
