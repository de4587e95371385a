import type { WaveformPeaks } from "@/lib/media/waveform-peaks";

/**
 * The geometry of the waveform strip: peaks folded into the pixel columns of whatever width the strip
 * has, on the timeline's own scale. The timeline puts frame f at f / (frameCount − 1) of its width, so
 * the strip's full width stands for (frameCount − 1) / fps seconds: the sound under the playhead is the
 * sound of the frame under it.
 */

export interface WaveformColumns {
  /** Per column, the lowest and highest level in −1…1 (0 and 0 where there is no sound). */
  min: Float32Array;
  max: Float32Array;
}

/** Seconds the timeline's full width stands for (frame 0 at the left edge, the last frame at the right). */
export function timelineSpanSeconds(frameCount: number, rate: { num: number; den: number }): number {
  return Math.max(1, frameCount - 1) / (rate.num / rate.den);
}

/**
 * Column c covers [c, c + 1) × spanSeconds / columns; its levels are the extremes of every bucket that
 * overlaps it — or, when columns are narrower than buckets, of the one bucket under it — so a click
 * between two buckets is never lost and no column is left blank.
 */
export function waveformColumns(peaks: WaveformPeaks, columns: number, spanSeconds: number): WaveformColumns {
  const count = Math.max(0, Math.floor(columns));
  const min = new Float32Array(count);
  const max = new Float32Array(count);
  if (count === 0 || peaks.length === 0 || !(spanSeconds > 0)) return { min, max };
  const bucketSeconds = peaks.samples_per_pixel / peaks.sample_rate;
  const columnSeconds = spanSeconds / count;
  for (let c = 0; c < count; c++) {
    const start = c * columnSeconds;
    const first = Math.floor(start / bucketSeconds + 1e-9);
    if (first >= peaks.length) break;
    // The buckets that start before the column ends (at least the one under its start).
    const last = Math.min(peaks.length - 1, Math.max(first, Math.ceil((start + columnSeconds) / bucketSeconds - 1e-9) - 1));
    let lo = 127;
    let hi = -128;
    for (let b = first; b <= last; b++) {
      lo = Math.min(lo, peaks.data[2 * b]!);
      hi = Math.max(hi, peaks.data[2 * b + 1]!);
    }
    min[c] = lo / 127;
    max[c] = hi / 127;
  }
  return { min, max };
}

/** The playhead's position as a fraction of the strip (the timeline's `frame / last`). */
export function playheadFraction(frame: number, frameCount: number): number {
  const last = Math.max(1, frameCount - 1);
  return Math.min(1, Math.max(0, frame / last));
}

/**
 * The frame under x (pixels from the strip's left edge) on a strip `width` wide — the inverse of
 * `playheadFraction`, rounded like the timeline's scrub.
 */
export function frameAtStripX(x: number, width: number, frameCount: number): number {
  if (!(width > 0)) return 0;
  const last = Math.max(1, frameCount - 1);
  return Math.round(Math.min(1, Math.max(0, x / width)) * last);
}
