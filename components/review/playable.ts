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
}

/** The version as a Playable, or null while it cannot play (not READY, no rate, no rendition, no frames). */
export function playableOf(data: ReviewData): Playable | null {
  const v = data.version;
  const { hlsUrl, proxyUrl, posterUrl, spriteVttUrl } = data.renditions;
  if (v.processingState !== "READY" || !v.frameRate || (!hlsUrl && !proxyUrl)) return null;
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
    waveformPeaksUrl: data.renditions.waveformPeaksUrl ?? null,
    timecode: timecodeOptionsOf({ frameRate: v.frameRate, startTimecode: v.startTimecode, dropFrame: v.dropFrame }),
  };
}
