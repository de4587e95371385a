import type { MediaFacts } from "@/lib/media/ffprobe";
import type { MediaConfig, ProcessingWarning, RenditionPlan } from "@/lib/media/rendition-plan";
import { transcodeToRenditions } from "@/lib/media/transcode-to-renditions";
import type { ProducedRendition } from "./upload-renditions";

/**
 * The one call from the job handler into the pure media layer (plan + one FFmpeg run + QC,
 * lib/media/transcode-to-renditions.ts), mapped to what the upload step needs: each rendition's
 * kind, local file and the facts worth keeping in `renditions.details`.
 */
export async function transcodeSource(params: {
  inputPath: string;
  /** The whole source as a local file, once it is all there (what a failure is diagnosed on). */
  localSourcePath?: () => Promise<string>;
  workDir: string;
  facts: MediaFacts;
  config: MediaConfig;
  /** The plan the job already stored (not planned a second time). */
  plan: RenditionPlan;
  timeoutMs: number;
  /** WORKER_MAX_OUTPUT_BYTES, enforced while FFmpeg writes (lib/media's watchdog), not only before upload. */
  maxOutputBytes: number;
  onProgress: (fraction: number) => void;
  signal: AbortSignal;
}): Promise<{ produced: ProducedRendition[]; ffmpegMs: number; warnings: ProcessingWarning[] }> {
  const result = await transcodeToRenditions({
    inputPath: params.inputPath,
    localSourcePath: params.localSourcePath,
    workDir: params.workDir,
    facts: params.facts,
    config: params.config,
    plan: params.plan,
    timeoutMs: params.timeoutMs,
    maxOutputBytes: params.maxOutputBytes,
    // Name the setting, like the pre-upload check does.
    outputLimitName: "WORKER_MAX_OUTPUT_BYTES",
    onProgress: params.onProgress,
    signal: params.signal,
  });
  const { plan } = result;
  const produced = result.renditions.map((r): ProducedRendition => {
    let details: Record<string, unknown> | null = null;
    if (r.kind === "hls") {
      details = {
        segmentSeconds: plan.hls.segmentSeconds,
        rungs: plan.hls.rungs.map((rung) => ({ name: rung.name, width: rung.width, height: rung.height, maxBitrate: rung.maxBitrate })),
        audio: plan.hls.audioName,
      };
    } else if ((r.kind === "sprite" || r.kind === "thumbnails_vtt") && plan.sprite) {
      const s = plan.sprite;
      details = { columns: s.columns, rows: s.rows, thumbWidth: s.thumbWidth, thumbHeight: s.thumbHeight, intervalSeconds: s.intervalSeconds, count: s.count };
    } else if (r.kind === "poster" && plan.poster) {
      details = { frameIndex: plan.poster.frameIndex };
    } else if (r.kind === "waveform" && plan.waveform) {
      details = { format: "audiowaveform-json-v2", sampleRate: plan.waveform.sampleRate, samplesPerBucket: plan.waveform.samplesPerBucket };
    }
    return { kind: r.kind, path: r.path, width: r.width, height: r.height, bitrate: r.bitrate, details };
  });
  return { produced, ffmpegMs: result.ffmpegMs, warnings: result.warnings };
}
