import { z } from "zod";

/**
 * The waveform of a version: min/max peaks per bucket of samples, in the JSON format of BBC's
 * audiowaveform (version 2, 8 bits, one channel) — the format peaks.js and other timeline drawers read.
 * A list of peaks draws at any width (the strip folds buckets into pixel columns, `waveform-columns.ts`);
 * a pre-drawn PNG had one width and was stretched. Why peaks and not FFmpeg's `showwavespic`: see
 * docs/processing.md ("Waveform"). Pure: no I/O, no FFmpeg; imported by the browser too (zod only).
 */

/** Upper bound on buckets (the planner stays at or below `maxBuckets`, default 8192); a guard for readers. */
export const WAVEFORM_MAX_BUCKETS = 65_536;

export const waveformPeaksSchema = z
  .object({
    version: z.literal(2),
    channels: z.literal(1),
    sample_rate: z.number().int().positive(),
    samples_per_pixel: z.number().int().positive(),
    bits: z.literal(8),
    length: z.number().int().min(0).max(WAVEFORM_MAX_BUCKETS),
    /** min₀, max₀, min₁, max₁, … in −128…127 (full scale ±1.0 ↦ ±127). */
    data: z.array(z.number().int().min(-128).max(127)).max(2 * WAVEFORM_MAX_BUCKETS),
  })
  .refine((w) => w.data.length === 2 * w.length, { message: "data must hold one min and one max per bucket" });
export type WaveformPeaks = z.infer<typeof waveformPeaksSchema>;

export interface PeakBucket {
  /**
   * Where the bucket's first sample sits on the output timeline (FFmpeg's pts_time); null when FFmpeg
   * gave none (`NOPTS`: apad's frames for a track with no packets) — it then follows the bucket before.
   */
  startSeconds: number | null;
  min: number;
  max: number;
}

/**
 * Samples per bucket: enough buckets for a sharp strip on a wide screen (`maxBuckets`), none shorter than
 * `minBucketSeconds` (a 2 s clip needs no 8192 buckets of 12 samples). A 6 h source at 48 kHz gets
 * 8192 buckets of 2.6 s; a 10 min one 8192 of 73 ms; a 30 s one 3000 of 10 ms.
 */
export function waveformSamplesPerBucket(
  durationSeconds: number,
  sampleRate: number,
  limits: { maxBuckets: number; minBucketSeconds: number },
): number {
  const minimum = Math.max(1, Math.round(limits.minBucketSeconds * sampleRate));
  const total = Math.max(0, durationSeconds) * sampleRate;
  return Math.max(minimum, Math.ceil(total / limits.maxBuckets));
}

/** How many buckets a waveform of that duration has (the last one may be short). */
export function expectedWaveformLength(durationSeconds: number, sampleRate: number, samplesPerBucket: number): number {
  return Math.max(0, Math.ceil((Math.max(0, durationSeconds) * sampleRate) / samplesPerBucket - 1e-6));
}

const FRAME_LINE = /^frame:(\d+)\s.*\bpts_time:(\S+)/;
const LEVEL_LINE = /^lavfi\.astats\.Overall\.(Min|Max)_level=(\S+)$/;

/**
 * The buckets FFmpeg printed: `astats` (per frame, reset every frame, overall Min_level/Max_level) then
 * `ametadata=mode=print` write, per audio frame of `samplesPerBucket` samples,
 *
 *     frame:0    pts:0       pts_time:0
 *     lavfi.astats.Overall.Min_level=-0.088367
 *     lavfi.astats.Overall.Max_level=0.088367
 *
 * A level FFmpeg could not give (`nan`, `inf`) counts as silence; a frame missing either level is
 * dropped. Null when the text holds no bucket at all.
 */
export function parseAstatsPeaks(text: string): PeakBucket[] | null {
  const buckets: PeakBucket[] = [];
  let current: { startSeconds: number | null; min: number | null; max: number | null } | null = null;
  const flush = () => {
    if (current && current.min !== null && current.max !== null) buckets.push({ startSeconds: current.startSeconds, min: current.min, max: current.max });
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const frame = FRAME_LINE.exec(line);
    if (frame) {
      flush();
      const start = Number(frame[2]);
      current = { startSeconds: Number.isFinite(start) ? start : null, min: null, max: null };
      continue;
    }
    const level = LEVEL_LINE.exec(line);
    if (!level || !current) continue;
    const value = Number(level[2]);
    const finite = Number.isFinite(value) ? value : 0;
    if (level[1] === "Min") current.min = finite;
    else current.max = finite;
  }
  flush();
  return buckets.length > 0 ? buckets : null;
}

function toEightBits(level: number): number {
  return Math.max(-128, Math.min(127, Math.round(level * 127)));
}

/**
 * The stored JSON of `buckets` (levels in −1…1, clipped), each placed by its time, not its order: an
 * audio track with a hole (the BBB MPEG-TS has 83 ms without packets near its start) leaves silent
 * buckets there, and the sound after it stays under its own frames instead of sliding earlier by the
 * hole. `length` is the planned bucket count; sound past it (a source longer than probed) extends it.
 * Two buckets landing on one slot keep both extremes.
 */
export function buildWaveformPeaks(
  buckets: readonly PeakBucket[],
  params: { sampleRate: number; samplesPerBucket: number; length?: number },
): WaveformPeaks {
  const bucketSeconds = params.samplesPerBucket / params.sampleRate;
  let previous = -1;
  const slots = buckets.map((b) => {
    previous = b.startSeconds === null ? previous + 1 : Math.max(0, Math.round(b.startSeconds / bucketSeconds));
    return previous;
  });
  const lastSlot = slots.reduce((m, slot) => Math.max(m, slot), -1);
  const length = Math.min(WAVEFORM_MAX_BUCKETS, Math.max(params.length ?? 0, lastSlot + 1));
  const lows = new Array<number>(length).fill(0);
  const highs = new Array<number>(length).fill(0);
  const filled = new Array<boolean>(length).fill(false);
  for (const [i, b] of buckets.entries()) {
    const slot = slots[i]!;
    if (slot >= length) continue;
    const lo = toEightBits(Math.min(b.min, b.max));
    const hi = toEightBits(Math.max(b.min, b.max));
    lows[slot] = filled[slot] ? Math.min(lows[slot]!, lo) : lo;
    highs[slot] = filled[slot] ? Math.max(highs[slot]!, hi) : hi;
    filled[slot] = true;
  }
  const data: number[] = [];
  for (let i = 0; i < length; i++) data.push(lows[i]!, highs[i]!);
  return {
    version: 2,
    channels: 1,
    sample_rate: params.sampleRate,
    samples_per_pixel: params.samplesPerBucket,
    bits: 8,
    length,
    data,
  };
}
