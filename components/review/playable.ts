import { timecodeOptionsOf } from "@/components/player/frame-format";
import type { FrameRate, SourceTimecodeOptions } from "@/lib/timecode";
import type { ReviewData } from "./review-api";
import { versionLabel } from "./version-bar";

/** What a version needs to be played frame-accurately. */
export interface Playable {
  versionId: string;
  label: string;
  rate: FrameRate;
  frameCount: number;
  hlsUrl: string | null;
  proxyUrl: string | null;
  posterUrl: string | null;
  spriteVttUrl: string | null;
  /** Min/max audio peaks (JSON) for the waveform strip; null without sound. */
  waveformPeaksUrl: string | null;
  timecode: SourceTimecodeOptions;
  /**
   * Playing the live preview of a version still PROCESSING (docs/processing.md, "Watch while it encodes"):
   * the ladder's own segments as they are encoded, so frame n is the frame n of the final renditions.
   */
  isPreview: boolean;
}

/**
 * The version as a Playable, or null while it cannot play (neither READY nor PROCESSING with a live
 * preview, no rate, no rendition, no frames). The preview has no proxy, poster, sprite or waveform yet:
 * those come with READY.
 */
export function playableOf(data: ReviewData): Playable | null {
  const v = data.version;
  const preview = v.processingState === "PROCESSING" ? v.preview : null;
  const { hlsUrl, proxyUrl, posterUrl, spriteVttUrl } = preview
    ? { hlsUrl: preview.hlsUrl, proxyUrl: null, posterUrl: null, spriteVttUrl: null }
    : data.renditions;
  if ((v.processingState !== "READY" && !preview) || !v.frameRate || (!hlsUrl && !proxyUrl)) return null;
  const fps = v.frameRate.num / v.frameRate.den;
  const frameCount = v.frameCount ?? (v.durationSeconds ? Math.floor(v.durationSeconds * fps) : null);
  if (!frameCount || frameCount < 1) return null;
  return {
    versionId: v.id,
    label: versionLabel(v),
    rate: v.frameRate,
    frameCount,
    hlsUrl,
    proxyUrl,
    posterUrl,
    spriteVttUrl,
    waveformPeaksUrl: preview ? null : (data.renditions.waveformPeaksUrl ?? null),
    timecode: timecodeOptionsOf({ frameRate: v.frameRate, startTimecode: v.startTimecode, dropFrame: v.dropFrame }),
    isPreview: preview !== null,
  };
}
