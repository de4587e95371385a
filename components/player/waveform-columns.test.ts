import { describe, expect, it } from "vitest";
import { buildWaveformPeaks, type PeakBucket } from "@/lib/media/waveform-peaks";
import { frameAtStripX, playheadFraction, timelineSpanSeconds, waveformColumns } from "./waveform-columns";

/** 10 ms buckets at 48 kHz, one after the other. */
const peaksOf = (levels: Omit<PeakBucket, "startSeconds">[]) =>
  buildWaveformPeaks(levels.map((l, i) => ({ ...l, startSeconds: i * 0.01 })), { sampleRate: 48_000, samplesPerBucket: 480 });

describe("timelineSpanSeconds", () => {
  it("spans the timeline from frame 0 to the last frame", () => {
    expect(timelineSpanSeconds(25, { num: 25, den: 1 })).toBe(0.96);
    expect(timelineSpanSeconds(1, { num: 24, den: 1 })).toBeCloseTo(1 / 24, 12);
  });
});

describe("waveformColumns", () => {
  it("folds many buckets into a narrow strip, keeping each column's extremes", () => {
    // 100 buckets (1 s), silent except one click in bucket 57.
    const buckets = Array.from({ length: 100 }, (_, i) => (i === 57 ? { min: -0.5, max: 1 } : { min: 0, max: 0 }));
    const cols = waveformColumns(peaksOf(buckets), 10, 1);
    expect(Array.from(cols.max, (v) => Math.round(v * 100) / 100)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(cols.min[5]).toBeCloseTo(-63 / 127, 6); // −0.5 × 127 = −63.5, stored as −63
  });

  it("spreads few buckets over a wide strip with no blank column", () => {
    const cols = waveformColumns(peaksOf([{ min: -1, max: 1 }, { min: -0.5, max: 0.5 }]), 8, 0.02);
    expect(Array.from(cols.max, (v) => Math.round(v * 127))).toEqual([127, 127, 127, 127, 64, 64, 64, 64]);
  });

  it("is the same picture at any width: a bucket lands at the same fraction of the strip", () => {
    const buckets = Array.from({ length: 400 }, (_, i) => (i >= 300 ? { min: -1, max: 1 } : { min: 0, max: 0 }));
    for (const width of [120, 400, 1337, 3000]) {
      const cols = waveformColumns(peaksOf(buckets), width, 4);
      const firstLoud = cols.max.findIndex((v) => v > 0);
      expect(firstLoud / width).toBeCloseTo(0.75, 2);
    }
  });

  it("leaves columns past the end of the sound flat, and copes with nothing to draw", () => {
    const cols = waveformColumns(peaksOf([{ min: -1, max: 1 }]), 4, 0.04);
    expect(Array.from(cols.max)).toEqual([1, 0, 0, 0]);
    expect(waveformColumns(peaksOf([]), 4, 1).max).toEqual(new Float32Array(4));
    expect(waveformColumns(peaksOf([{ min: -1, max: 1 }]), 0, 1).max.length).toBe(0);
  });
});

describe("playhead and scrub", () => {
  it("puts frame f at f / last, like the timeline, and back", () => {
    expect(playheadFraction(12, 25)).toBe(0.5);
    expect(playheadFraction(99, 25)).toBe(1);
    expect(frameAtStripX(200, 400, 25)).toBe(12);
    expect(frameAtStripX(-5, 400, 25)).toBe(0);
    expect(frameAtStripX(10, 0, 25)).toBe(0);
  });
});
