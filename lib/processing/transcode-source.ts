import fs from "node:fs/promises";
import path from "node:path";
import { MediaError } from "@/lib/media/errors";
import { buildThumbnailsVtt, buildTranscodeArgs, runFfmpeg, transcodeOutputs } from "@/lib/media/ffmpeg";
import type { MediaFacts } from "@/lib/media/ffprobe";
import { runQc } from "@/lib/media/qc";
import type { MediaConfig, RenditionPlan } from "@/lib/media/rendition-plan";
import type { ProducedRendition } from "./upload-renditions";

/**
 * The one call from the job handler into the pure media layer: one FFmpeg run + QC, returning the
 * produced files by kind. INTERIM: composed from lib/media's building blocks until its top-level
 * `transcodeToRenditions` lands; then this becomes a thin mapping of its result.
 */
export async function transcodeSource(params: {
  inputPath: string;
  workDir: string;
  facts: MediaFacts;
  plan: RenditionPlan;
  config: MediaConfig;
  timeoutMs: number;
  onProgress: (fraction: number) => void;
  signal: AbortSignal;
}): Promise<ProducedRendition[]> {
  const { plan, workDir } = params;
  await fs.mkdir(workDir, { recursive: true });
  const out = transcodeOutputs(plan, workDir);
  await runFfmpeg(buildTranscodeArgs(plan, params.inputPath, workDir), {
    timeoutMs: params.timeoutMs,
    signal: params.signal,
    durationSeconds: plan.durationSeconds,
    onProgress: params.onProgress,
  });
  let vttPath: string | null = null;
  if (plan.sprite && out.sprite) {
    vttPath = path.join(workDir, plan.sprite.vttName);
    await fs.writeFile(
      vttPath,
      buildThumbnailsVtt({
        spriteUrl: path.basename(out.sprite),
        durationSeconds: plan.durationSeconds,
        intervalSeconds: plan.sprite.intervalSeconds,
        count: plan.sprite.count,
        columns: plan.sprite.columns,
        thumbWidth: plan.sprite.thumbWidth,
        thumbHeight: plan.sprite.thumbHeight,
      }),
    );
  }
  const qc = await runQc(plan, out, { timeoutMs: params.timeoutMs, signal: params.signal });
  if (!qc.isPassed) {
    const failed = qc.checks.filter((c) => !c.ok);
    throw new MediaError("qc_failed", `Quality checks failed: ${failed.map((c) => `${c.name} (${c.detail})`).join("; ")}`, {
      failedChecks: qc.failed,
    });
  }

  const proxyVideo = plan.proxy.video;
  const top = plan.hls.rungs[0];
  const produced: ProducedRendition[] = [
    {
      kind: "proxy_mp4",
      path: out.proxy,
      width: proxyVideo?.width ?? null,
      height: proxyVideo?.height ?? null,
      bitrate: proxyVideo?.maxBitrate ?? plan.audio?.encode.bitrate ?? null,
    },
    {
      kind: "hls",
      path: out.hlsMaster,
      width: top?.width ?? null,
      height: top?.height ?? null,
      bitrate: top?.maxBitrate ?? plan.audio?.encode.bitrate ?? null,
      details: { rungs: plan.hls.rungs.map((r) => ({ name: r.name, width: r.width, height: r.height, maxBitrate: r.maxBitrate })) },
    },
  ];
  if (plan.poster && out.poster) {
    produced.push({ kind: "poster", path: out.poster, width: plan.poster.width, height: plan.poster.height, bitrate: null });
  }
  if (plan.sprite && out.sprite) {
    const s = plan.sprite;
    produced.push({
      kind: "sprite",
      path: out.sprite,
      width: s.thumbWidth * s.columns,
      height: s.thumbHeight * s.rows,
      bitrate: null,
      details: { columns: s.columns, rows: s.rows, thumbWidth: s.thumbWidth, thumbHeight: s.thumbHeight, intervalSeconds: s.intervalSeconds, count: s.count },
    });
  }
  if (vttPath) produced.push({ kind: "thumbnails_vtt", path: vttPath, width: null, height: null, bitrate: null });
  if (plan.waveform && out.waveform) {
    produced.push({ kind: "waveform", path: out.waveform, width: plan.waveform.width, height: plan.waveform.height, bitrate: null });
  }
  return produced;
}
